using CityTwin.Domain.Risk.Rollup;

namespace CityTwin.Abstractions.Live;

/// <summary>A unit's live risk: its summary (level, score, counts, worst children, reasons) and when it was computed.</summary>
[GenerateSerializer, Immutable, Alias("citytwin.LiveUnit")]
public sealed record LiveUnit(
    [property: Id(0)] RiskSummary Summary,
    [property: Id(1)] DateTimeOffset ComputedAt,
    [property: Id(2)] IReadOnlyList<LiveSensor> Sensors)
{
    /// <summary>When the summary last changed (its version moved); watch resumes use it.</summary>
    [Id(3)] public DateTimeOffset ChangedAt { get; init; }
}

/// <summary>A sensor's latest value and alarm state, as a hazard source reports it.</summary>
[GenerateSerializer, Immutable, Alias("citytwin.LiveSensor")]
public sealed record LiveSensor(
    [property: Id(0)] string Code,
    [property: Id(1)] double Value,
    [property: Id(2)] DateTimeOffset? At,
    [property: Id(3)] string State,
    [property: Id(4)] long Sequence);
