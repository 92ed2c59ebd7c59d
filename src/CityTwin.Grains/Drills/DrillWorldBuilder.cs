using CityTwin.Abstractions;
using CityTwin.Abstractions.Drills;
using CityTwin.Abstractions.Live;
using CityTwin.Abstractions.Registry;
using CityTwin.Abstractions.Worlds;
using CityTwin.Domain.Drills;
using CityTwin.Domain.Drills.Geo;
using CityTwin.Domain.Drills.Runs;
using CityTwin.Domain.Drills.Scenarios;
using CityTwin.Domain.Drills.Zones;
using CityTwin.Domain.Units;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace CityTwin.Grains.Drills;

/// <summary>A unit copied into a drill world, and whether it stands in for its live subtree (pinned).</summary>
[GenerateSerializer, Immutable, Alias("citytwin.DrillWorldUnitRef")]
public sealed record DrillWorldUnitRef([property: Id(0)] string Code, [property: Id(1)] UnitKind Kind, [property: Id(2)] string Path, [property: Id(3)] bool Pinned);

/// <summary>
/// Builds a drill world from the live one (read only): the units in reach of the drill's releases, every ancestor of
/// those up to the city with all its children — regions outside the reach pinned to their live summaries, enterprises
/// with all their hazard sources — and every rescue team. Live sensor states are not copied: the drill's units start
/// from their registry (inherent) picture, and the scenario's readings drive them.
/// </summary>
internal sealed class DrillWorldBuilder(IGrainFactory grains, string world)
{
    private readonly RegistryClient _live = new(grains, GrainKey.Live);

    public async Task<(IReadOnlyList<Unit> Units, IReadOnlyList<DrillWorldUnitRef> Refs)> BuildAsync(DrillScenario scenario, DrillSettings settings, Actor by)
    {
        var origin = await _live.GetAsync(scenario.Event.HazardSource) ?? throw new ArgumentException($"hazard source '{scenario.Event.HazardSource}' is not in the live registry");
        var sources = new List<Unit> { origin.Unit };
        foreach (var code in scenario.Injects.Select(i => i.Event?.HazardSource ?? (i.Type == InjectType.SensorReadings ? i.HazardSource : null)).OfType<string>().Distinct(StringComparer.Ordinal))
            if (await _live.GetAsync(code) is { } r) sources.Add(r.Unit);

        var reach = DrillRun.ReachM(scenario, GeoMath.Anchor(origin.Unit.Geometry), settings);
        var circles = sources.Select(s => (Geometry)ZoneGeometry.Circle(GeoMath.Anchor(s.Geometry), reach, settings.Zones).Polygon!).ToArray();
        var area = circles.Length == 1 ? circles[0] : NetTopologySuite.Operation.Union.CascadedPolygonUnion.Union(circles);
        var inReach = await _live.FindAllAsync(new UnitQuery
        {
            WithinWkb = new WKBWriter().Write(area),
            Kinds = [UnitKind.Town, UnitKind.Park, UnitKind.Enterprise, UnitKind.HazardSource],
        });

        var expanded = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in inReach.Select(e => e.Path).Concat(sources.Select(s => s.Path)))
        {
            var codes = UnitPath.Codes(path);
            foreach (var code in codes.Take(codes.Length - 1)) expanded.Add(code);
        }

        var copy = new Dictionary<string, (Unit Unit, bool Pinned)>(StringComparer.Ordinal);
        foreach (var region in expanded.OrderBy(c => c, StringComparer.Ordinal))
        {
            if (await _live.GetAsync(region) is { } r && r.Unit.Kind.IsRegion()) copy[region] = (r.Unit, false);
            foreach (var child in await _live.FindAllAsync(new UnitQuery { Parent = region }))
            {
                if (child.Kind.IsRegion()) { if (!expanded.Contains(child.Code)) await AddAsync(copy, child.Code, pinned: true); }
                else if (child.Kind == UnitKind.Enterprise)
                {
                    await AddAsync(copy, child.Code, pinned: false);
                    foreach (var hs in await _live.FindAllAsync(new UnitQuery { Parent = child.Code, Kinds = [UnitKind.HazardSource] }))
                        await AddAsync(copy, hs.Code, pinned: false);
                }
            }
        }
        foreach (var team in await _live.FindAllAsync(new UnitQuery { Kinds = [UnitKind.RescueTeam] }))
            await AddAsync(copy, team.Code, pinned: false);

        // Parents before children: the registry client requires a unit's parent to be known.
        var units = copy.Values.Select(v => v.Unit).OrderBy(u => u.Path.Count(c => c == '/')).ThenBy(u => u.Code, StringComparer.Ordinal).ToList();
        await new RegistryClient(grains, world).ApplyAllAsync(units, prune: false, by);

        foreach (var (code, (unit, pinned)) in copy.Where(c => c.Value.Pinned).OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            var live = grains.GetRiskNode(GrainKey.Live, unit.Kind, code) is { } node ? (await node.GetLiveAsync())?.Summary : null;
            if (live is not null) await grains.GetGrain<IRegionGrain>(GrainKey.For(world, code)).AsReference<IDrillWorldUnit>().PinAsync(live);
        }
        var refs = units.Select(u => new DrillWorldUnitRef(u.Code, u.Kind, u.Path, copy[u.Code].Pinned)).ToList();
        return (units, refs);
    }

    private async Task AddAsync(Dictionary<string, (Unit, bool)> copy, string code, bool pinned)
    {
        if (copy.ContainsKey(code)) return;
        if (await _live.GetAsync(code) is { } r) copy[code] = (r.Unit, pinned);
    }
}
