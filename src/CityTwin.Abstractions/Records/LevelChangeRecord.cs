using CityTwin.Domain.Risk;

namespace CityTwin.Abstractions.Records;

/// <summary>A unit's colour changed: when, from what, to what, and why (the explanation at that moment).</summary>
[GenerateSerializer, Immutable, Alias("citytwin.LevelChangeRecord")]
public sealed record LevelChangeRecord(
    [property: Id(0)] string World,
    [property: Id(1)] string Code,
    [property: Id(2)] DateTimeOffset ChangedAt,
    [property: Id(3)] long Version,
    [property: Id(4)] RiskLevel Level,
    [property: Id(5)] RiskLevel? Previous,
    [property: Id(6)] double Score,
    [property: Id(7)] string ReasonsEn,
    [property: Id(8)] string ReasonsZh);
