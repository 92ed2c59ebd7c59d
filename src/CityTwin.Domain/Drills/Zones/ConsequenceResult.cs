using CityTwin.Domain.Drills.Impact;
using CityTwin.Domain.Risk;
using NetTopologySuite.Geometries;

namespace CityTwin.Domain.Drills.Zones;

public enum ConsequenceKind { ToxicRelease, PoolFire, JetFire, Fireball, VapourCloudExplosion }

/// <summary>A named intermediate figure for the report (e.g. "W_TNT" 990 "kg").</summary>
public sealed record Figure(string Name, double Value, string Unit);

/// <summary>
/// A consequence model's result: the zones (red, orange, yellow — in that order), the union of their flags plus the
/// model-wide ones, the figures a planner can check, and the radial load for domino analysis (fires and blasts).
/// </summary>
public sealed record ConsequenceResult(
    ConsequenceKind Kind,
    string Model,
    Point Source,
    IReadOnlyList<ThreatZone> Zones,
    ValidityFlags Flags,
    IReadOnlyList<Figure> Figures,
    IRadialLoad? Load = null,
    double? DownwindBearingDeg = null)
{
    public ThreatZone? Zone(RiskLevel level) => Zones.FirstOrDefault(z => z.Level == level);

    /// <summary>The hot zone: staging points and candidate teams must lie outside it (§8.4).</summary>
    public ThreatZone? Red => Zone(RiskLevel.Red);

    public double Figure(string name) => Figures.First(f => f.Name == name).Value;
}
