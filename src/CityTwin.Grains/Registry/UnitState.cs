using CityTwin.Abstractions;
using CityTwin.Domain.Units;

namespace CityTwin.Grains.Registry;

/// <summary>
/// A unit grain's persisted registry record. Removal leaves a tombstone (Unit = null) so the version keeps
/// counting when the code comes back.
/// </summary>
[GenerateSerializer, Alias("citytwin.UnitState")]
public sealed class UnitState
{
    [Id(0)] public Unit? Unit { get; set; }
    [Id(1)] public string Fingerprint { get; set; } = "";
    [Id(2)] public long Version { get; set; }
    [Id(3)] public DateTimeOffset UpdatedAt { get; set; }
    [Id(4)] public Actor? UpdatedBy { get; set; }
}
