using CityTwin.Domain.Drills;
using CityTwin.Domain.Drills.Dispersion;
using CityTwin.Domain.Drills.Fire;
using CityTwin.Domain.Drills.Impact;
using CityTwin.Domain.Drills.Weather;
using CityTwin.Domain.Drills.Zones;
using CityTwin.Domain.Risk;
using CityTwin.Domain.Units;
using Xunit;
using static CityTwin.Domain.Tests.Drills.DrillTestData;

namespace CityTwin.Domain.Tests.Drills;

/// <summary>Units, people and hazard sources inside zones (STRtree query) and domino candidates (§7.6).</summary>
public sealed class ImpactTests
{
    private static readonly DrillSettings S = DrillSettings.Default;

    // 1 t chlorine over 10 min, wind from the west: red to 1 032 m east, orange to 4 666 m, yellow cut at 10 km.
    private static readonly ConsequenceResult Plume = ConsequenceZones.ToxicRelease(
        new ToxicRelease("chlorine", 1000, 600), new WeatherConditions(3, 270, StabilityClass.D), Incident, S);

    private static readonly Unit[] City =
    [
        Enterprise("ent-in", 500, 0, 100),
        HazardSource("hs-in", "ent-in", 500, 5, people: 10),
        Enterprise("ent-far", 5_000, 3_000, 900),               // east but far off the axis
        HazardSource("hs-orphan", "ent-far", 800, 0, people: 7), // its enterprise lies outside the zone
        Enterprise("ent-upwind", -500, 0, 1000),
        Region("town-in", UnitKind.Town, 3_000, 0, 40, 400),     // wholly inside orange
        Region("town-half", UnitKind.Town, 2_000, 500, 500, 1000), // straddles the orange edge
        Team("team-exposed", "d1", 300, 0, [Capabilities.Fire]),
        Team("team-safe", "d1", -2_000, 0, [Capabilities.Fire]),
        Region("d1", UnitKind.District, 0, 0, 50_000, 1_000_000),
    ];

    [Fact]
    public void Units_inside_and_outside_the_red_zone()
    {
        var index = new ImpactIndex(City);
        var red = index.Assess(Plume.Red!, S.Impact);

        Assert.Equal(["ent-in", "hs-in", "hs-orphan", "team-exposed"], red.Units.Select(u => u.Code));
        Assert.Equal(["hs-in", "hs-orphan"], red.HazardSources);
        Assert.Equal(["team-exposed"], red.ExposedTeams);
        // 100 on site + 7 from the hazard source whose enterprise is not counted; hs-in's 10 are ent-in's own.
        Assert.Equal(107, red.OnSitePeople);
        Assert.Equal(0, red.ResidentPeople);
    }

    [Fact]
    public void People_are_summed_with_residents_by_area_share()
    {
        var index = new ImpactIndex(City);
        var orange = index.Assess(Plume.Zone(RiskLevel.Orange)!, S.Impact);

        Assert.DoesNotContain(orange.Units, u => u.Code is "ent-upwind" or "team-safe" or "d1");
        var half = orange.Units.Single(u => u.Code == "town-half");
        Assert.InRange(half.Share, 0.05, 0.95);
        Assert.Equal(1.0, orange.Units.Single(u => u.Code == "town-in").Share, 6);
        Assert.Equal(400 + 1000 * half.Share, orange.ResidentPeople, 6);
        Assert.Equal(107 + 400 + 1000 * half.Share, orange.People, 6);
    }

    [Fact]
    public void Spatial_query_returns_exactly_what_a_scan_would()
    {
        var index = new ImpactIndex(City);
        var yellow = Plume.Zone(RiskLevel.Yellow)!.Area!;
        var scan = City.Where(u => yellow.Intersects(u.Geometry)).Select(u => u.Code).Order(StringComparer.Ordinal);

        Assert.Equal(scan, index.Within(yellow).Select(u => u.Code));
    }

    [Fact]
    public void Pool_fire_domino_candidates_by_equipment_class()
    {
        // Gasoline pool D 20 m: 23.4 kW/m² at 30 m, 5.8 kW/m² at 60 m.
        var fire = ConsequenceZones.PoolFire(new PoolFire(20, 0.055, 43_700), Incident, S);
        var index = new ImpactIndex(
        [
            HazardSource("origin", "e", 0, 0),
            HazardSource("atm-30", "e", 30, 0),
            HazardSource("press-30", "e", 0, 30, pressurised: true),
            HazardSource("atm-60", "e", -60, 0),
        ]);

        var report = index.Assess(fire, S, originCode: "origin");
        var c = Assert.Single(report.Domino);

        Assert.Equal("atm-30", c.Code);
        Assert.Equal(EquipmentClass.Atmospheric, c.Equipment);
        Assert.Equal(LoadKind.Heat, c.LoadKind);
        Assert.Equal(15, c.Threshold);
        Assert.Equal(23.37, c.Load, 1);
        Assert.Equal(30, c.DistanceM, 1);
    }

    [Fact]
    public void Blast_domino_candidates_use_overpressure_thresholds_even_outside_the_drawn_zones()
    {
        // 1 t propane, η 0.03: W 297 kg; 31.9 kPa at 40 m, 22.5 at 50 m, 17.3 at 60 m.
        var blast = ConsequenceZones.VapourCloudExplosion(1000, 46_350, Incident, S);
        var index = new ImpactIndex(
        [
            HazardSource("atm-60", "e", 60, 0),
            HazardSource("press-60", "e", 0, 60, pressurised: true),
            HazardSource("pipe-40", "e", -40, 0, type: "pipeline"),
            HazardSource("pipe-50", "e", 0, -50, type: "pipeline"),
        ]);

        var domino = index.Assess(blast, S).Domino;

        Assert.Equal(["pipe-40", "press-60"], domino.Select(d => d.Code));
        Assert.Equal(31, domino[0].Threshold);
        Assert.Equal(EquipmentClass.Elongated, domino[0].Equipment);
        Assert.Equal(16, domino[1].Threshold);
        Assert.InRange(domino[1].Load, 16, 18);
        Assert.Equal(LoadKind.Overpressure, domino[1].LoadKind);
    }

    [Fact]
    public void Toxic_releases_have_no_domino_load()
    {
        var report = new ImpactIndex(City).Assess(Plume, S);
        Assert.Empty(report.Domino);
        Assert.Equal(3, report.Zones.Count);
    }

    [Fact]
    public void Evacuation_runs_per_unit_in_parallel_from_the_warning()
    {
        double[] people = [100, 300];
        Assert.Equal(0, Evacuation.FractionAt(people, 20, 0));
        Assert.Equal((100 + 100) / 400.0, Evacuation.FractionAt(people, 20, 5), 9);
        Assert.Equal(1, Evacuation.FractionAt(people, 20, 15));
        Assert.Equal(15, Evacuation.MinutesTo(people, 20, 1.0), 6);
        Assert.Equal(13, Evacuation.MinutesTo(people, 20, 0.9), 6); // 100 + 20·13 = 360 of 400
    }
}
