using CityTwin.Domain.Drills.Geo;
using CityTwin.Domain.Drills.Zones;
using CityTwin.Domain.Registry;
using CityTwin.Domain.Risk;
using CityTwin.Domain.Units;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;
using NetTopologySuite.Index.Strtree;

namespace CityTwin.Domain.Drills.Impact;

/// <summary>A unit touched by a zone: the share of its area inside (1 for a point) and the people counted for it.</summary>
public sealed record AffectedUnit(string Code, UnitKind Kind, string Name, double Share, double People);

/// <summary>
/// What one zone covers. People = on site (enterprises; a hazard source's own people only when its enterprise is not
/// already counted) + residents (towns, by the share of their area inside) [DESIGN: no double counting across the
/// hierarchy]. Rescue teams inside a zone are exposed and listed separately; their headcount is not in People.
/// </summary>
public sealed record ZoneImpact(
    RiskLevel Level,
    IReadOnlyList<AffectedUnit> Units,
    double OnSitePeople,
    double ResidentPeople,
    IReadOnlyList<string> HazardSources,
    IReadOnlyList<string> ExposedTeams)
{
    public double People => OnSitePeople + ResidentPeople;
}

/// <summary>The impact of one consequence: per zone, and the domino candidates.</summary>
public sealed record ImpactReport(IReadOnlyList<ZoneImpact> Zones, IReadOnlyList<DominoCandidate> Domino);

/// <summary>
/// An STRtree over the units' envelopes (built once per drill snapshot): a zone query visits only the units whose
/// envelopes meet the zone's, then tests the exact geometry against the prepared zone polygon.
/// </summary>
public sealed class ImpactIndex
{
    private readonly STRtree<Unit> _tree = new();
    private readonly Dictionary<string, Unit> _byCode;

    public ImpactIndex(IEnumerable<Unit> units)
    {
        _byCode = new Dictionary<string, Unit>(StringComparer.Ordinal);
        foreach (var u in units)
        {
            _byCode[u.Code] = u;
            _tree.Insert(u.Geometry.EnvelopeInternal, u);
        }
        _tree.Build();
    }

    public int Count => _byCode.Count;

    /// <summary>Units whose geometry intersects <paramref name="area"/>, ordered by code (deterministic).</summary>
    public IReadOnlyList<Unit> Within(Geometry area)
    {
        var prepared = PreparedGeometryFactory.Prepare(area);
        return [.. _tree.Query(area.EnvelopeInternal).Where(u => prepared.Intersects(u.Geometry)).OrderBy(u => u.Code, StringComparer.Ordinal)];
    }

    /// <summary>Units within <paramref name="radiusM"/> of a point (an envelope query, then haversine).</summary>
    public IReadOnlyList<Unit> Near(Point centre, double radiusM, ZoneSettings settings)
    {
        var ne = GeoMath.ToWgs84(centre, radiusM, radiusM, settings.EarthRadiusM);
        var sw = GeoMath.ToWgs84(centre, -radiusM, -radiusM, settings.EarthRadiusM);
        var envelope = new Envelope(sw.X, ne.X, sw.Y, ne.Y);
        return [.. _tree.Query(envelope)
            .Where(u => GeoMath.HaversineM(centre, GeoMath.Anchor(u.Geometry), settings.EarthRadiusM) <= radiusM)
            .OrderBy(u => u.Code, StringComparer.Ordinal)];
    }

    public ZoneImpact Assess(ThreatZone zone, ImpactSettings settings) => Assess(zone.Level, zone.Area, settings);

    /// <summary>What an area of a zone's colour covers (e.g. the part of a toxic zone the cloud's tail has not passed).</summary>
    public ZoneImpact Assess(RiskLevel level, Geometry? area, ImpactSettings settings)
    {
        if (area is null || area.IsEmpty) return new ZoneImpact(level, [], 0, 0, [], []);
        var hits = Within(area);
        var enterprises = hits.Where(u => u.Kind == UnitKind.Enterprise).Select(u => u.Code).ToHashSet(StringComparer.Ordinal);
        var affected = new List<AffectedUnit>();
        double onSite = 0, residents = 0;
        foreach (var u in hits)
        {
            if (u.Kind is UnitKind.City or UnitKind.District) continue; // containers of everything: roll-up, not impact
            var share = u.Geometry is Point or MultiPoint ? 1.0 : Share(area, u.Geometry);
            var people = 0.0;
            if (u.Kind == UnitKind.Enterprise
                || (u.Kind == UnitKind.HazardSource && (u.Parent is null || !enterprises.Contains(u.Parent))))
            {
                people = u.People * share;
                onSite += people;
            }
            else if (settings.ResidentKinds.Contains(u.Kind))
            {
                people = u.People * share;
                residents += people;
            }
            affected.Add(new AffectedUnit(u.Code, u.Kind, u.Name, share, people));
        }
        return new ZoneImpact(level, affected, onSite, residents,
            [.. hits.Where(u => u.Kind == UnitKind.HazardSource).Select(u => u.Code)],
            [.. hits.Where(u => u.Kind == UnitKind.RescueTeam).Select(u => u.Code)]);
    }

    /// <summary>Every zone of a result, and domino candidates other than <paramref name="originCode"/>.</summary>
    public ImpactReport Assess(ConsequenceResult result, DrillSettings settings, string? originCode = null) =>
        new([.. result.Zones.Select(z => Assess(z, settings.Impact))],
            result.Load is null ? [] : DominoAnalysis.Find(result.Source, result.Load, this, settings, originCode));

    /// <summary>Share of a region's area inside the zone (degree² ratio: both areas at the same latitude).</summary>
    private static double Share(Geometry zone, Geometry unit)
    {
        var area = unit.Area;
        return area <= 0 ? 1.0 : Math.Clamp(zone.Intersection(unit).Area / area, 0, 1);
    }
}
