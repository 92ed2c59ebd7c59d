using CityTwin.Domain.Drills.Geo;
using CityTwin.Domain.Units;
using NetTopologySuite.Geometries;

namespace CityTwin.Domain.Drills.Impact;

/// <summary>A hazard source whose load exceeds its escalation threshold (DOMAIN.md §7.6): reported, not chained.</summary>
public sealed record DominoCandidate(string Code, string Name, EquipmentClass Equipment, LoadKind LoadKind, double Load, double Threshold, double DistanceM);

public static class DominoAnalysis
{
    /// <summary>
    /// Hazard sources (other than the origin) where load ≥ threshold. The search radius is where the load falls to
    /// the lowest threshold of any class, so candidates outside the drawn zones are not missed.
    /// </summary>
    public static IReadOnlyList<DominoCandidate> Find(Point source, IRadialLoad load, ImpactIndex index, DrillSettings settings, string? originCode = null)
    {
        var impact = settings.Impact;
        var thresholds = load.Kind == LoadKind.Heat ? impact.HeatThresholdKwM2 : impact.OverpressureThresholdKPa;
        var lowest = thresholds.Values.Min();
        var d = settings.Dispersion;
        var reach = LnBisection.SolveDecreasing(load.At, lowest, d.SearchMinM, d.SearchMaxM, d.RelativeTolerance);
        var candidates = new List<DominoCandidate>();
        foreach (var unit in index.Near(source, reach, settings.Zones))
        {
            if (unit.Kind != UnitKind.HazardSource || unit.HazardSource is null || unit.Code == originCode) continue;
            var distance = GeoMath.HaversineM(source, GeoMath.Anchor(unit.Geometry), settings.Zones.EarthRadiusM);
            var equipment = EquipmentClasses.Of(unit.HazardSource, impact);
            var threshold = EquipmentClasses.Threshold(equipment, load.Kind, impact);
            var value = load.At(distance);
            if (value >= threshold)
                candidates.Add(new DominoCandidate(unit.Code, unit.Name, equipment, load.Kind, value, threshold, distance));
        }
        return candidates;
    }
}
