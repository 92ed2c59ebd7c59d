using CityTwin.Domain.Risk;
using CityTwin.Domain.Units;

namespace CityTwin.Domain.Drills.Runs;

/// <summary>A drill-world unit's level as the real grains computed it.</summary>
public sealed record WorldLevel(string Code, UnitKind Kind, string Name, RiskLevel Level, double Score, long Version = 0);

/// <summary>
/// What the drill world's grains said after a step settled: whether a sensor of a released-at source is in alarm, and
/// whether the origin's enterprise, district and city summaries moved from where they stood before the release
/// (the alarm reached that level of the roll-up), with the chain's levels.
/// </summary>
public sealed record DrillObservation(
    string? AlarmSubject,
    bool EnterpriseMoved,
    bool DistrictMoved,
    bool CityMoved,
    IReadOnlyList<WorldLevel> Chain);
