using CityTwin.Domain.Inspections;
using CityTwin.Domain.Risk;

namespace CityTwin.Grains.Inspections;

/// <summary>
/// What a warning book stores: every warning with its history (which holds every idempotency key the book
/// accepted, so a retry is recognised after a restart too), the last level it saw of each unit (so a restart does
/// not raise again for a level already warned about) and the last warning number.
/// </summary>
[GenerateSerializer, Alias("citytwin.WarningBookState")]
public sealed class WarningBookState
{
    [Id(0)] public List<Warning> Warnings { get; set; } = [];
    [Id(1)] public Dictionary<string, RiskLevel> Observed { get; set; } = new(StringComparer.Ordinal);
    [Id(2)] public int LastNumber { get; set; }
}
