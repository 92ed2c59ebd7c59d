using CityTwin.Domain.Units;

namespace CityTwin.Abstractions.Registry;

/// <summary>A unit's registry record as its grain holds it: the definition, its fingerprint and version.</summary>
[GenerateSerializer, Immutable, Alias("citytwin.UnitRecord")]
public sealed record UnitRecord(
    [property: Id(0)] Unit Unit,
    [property: Id(1)] string Fingerprint,
    [property: Id(2)] long Version,
    [property: Id(3)] DateTimeOffset UpdatedAt,
    [property: Id(4)] Actor UpdatedBy);

/// <summary>What an upsert did: whether it changed anything, and the version the unit now has.</summary>
[GenerateSerializer, Immutable, Alias("citytwin.UpsertOutcome")]
public sealed record UpsertOutcome([property: Id(0)] bool Changed, [property: Id(1)] long Version);
