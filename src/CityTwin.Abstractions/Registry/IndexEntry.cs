using CityTwin.Domain.Units;

namespace CityTwin.Abstractions.Registry;

/// <summary>
/// What the registry index keeps of a unit to answer finds without waking its grain: identity, place,
/// sector/department, geometry (WKB) and the fingerprint that tells a re-load from a change.
/// </summary>
[GenerateSerializer, Immutable, Alias("citytwin.IndexEntry")]
public sealed record IndexEntry(
    [property: Id(0)] string Code,
    [property: Id(1)] UnitKind Kind,
    [property: Id(2)] string Name,
    [property: Id(3)] string? Parent,
    [property: Id(4)] string Path,
    [property: Id(5)] string? Sector,
    [property: Id(6)] string? Department,
    [property: Id(7)] byte[] GeometryWkb,
    [property: Id(8)] string Fingerprint,
    [property: Id(9)] long Version)
{
    /// <summary>A hazard source's sensor codes, in registry order (the ingest edge routes readings by them).</summary>
    [Id(10)] public IReadOnlyList<string> Sensors { get; init; } = [];
}

/// <summary>
/// A find over the registry. Every given criterion must hold. <see cref="WithinWkb"/> is a polygon (a bounding
/// box is sent as one) that the unit's geometry must intersect.
/// </summary>
[GenerateSerializer, Immutable, Alias("citytwin.UnitQuery")]
public sealed record UnitQuery
{
    [Id(0)] public IReadOnlyList<UnitKind> Kinds { get; init; } = [];
    [Id(1)] public string? Sector { get; init; }
    [Id(2)] public string? Department { get; init; }
    [Id(3)] public string? PathPrefix { get; init; }
    [Id(4)] public string? Parent { get; init; }
    [Id(5)] public byte[]? WithinWkb { get; init; }
    /// <summary>Path prefixes the caller may see; empty means everything.</summary>
    [Id(6)] public IReadOnlyList<string> Scopes { get; init; } = [];
}

/// <summary>One page of a find: entries ordered by code, and the code to continue after if there are more.</summary>
[GenerateSerializer, Immutable, Alias("citytwin.IndexPage")]
public sealed record IndexPage([property: Id(0)] IReadOnlyList<IndexEntry> Entries, [property: Id(1)] string? NextAfter);
