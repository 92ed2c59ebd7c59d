using CityTwin.Domain.Drills;
using CityTwin.Domain.Drills.Dispersion;
using CityTwin.Domain.Drills.Kpis;
using CityTwin.Domain.Drills.Reports;
using CityTwin.Domain.Drills.Runs;
using CityTwin.Domain.Drills.Scenarios;
using CityTwin.Domain.Drills.Weather;
using CityTwin.Domain.Risk;
using CityTwin.Domain.Units;
using Xunit;
using static CityTwin.Domain.Tests.Drills.DrillAssert;

namespace CityTwin.Domain.Tests.Drills;

/// <summary>Toxic zones shrink while the cloud's tail passes, then end when it passes their far edge.</summary>
public sealed class ZoneShrinkTests
{
    private static readonly DrillSettings S = DrillSettings.Default;

    private const string Rc8 = """{ "type": "toxic-continuous", "hazardSource": "hs-o", "material": "chlorine", "amountKg": 1000, "durationMin": 10 }""";
    private const string Puff = """{ "type": "toxic-instantaneous", "hazardSource": "hs-o", "material": "chlorine", "amountKg": 1000 }""";

    /// <summary>
    /// A release at hs-o with two enterprises on the downwind axis (wind from the west: east is downwind); the warning
    /// at t0 so "people still in the red zone" is logged every step, evacuating 1 person/min per unit.
    /// </summary>
    private static DrillRun Start(string ev, double durationMin, double nearM, double farM)
    {
        var json = $$"""
            {
              "format": "citytwin-drill/1", "name": "zone shrink", "seed": 1, "start": "2026-06-12T10:00:00+08:00",
              "durationMin": {{durationMin}}, "stepSeconds": 60,
              "event": {{ev}},
              "weather": { "windSpeedMs": 3, "windFromDeg": 270, "stability": "D", "terrain": "rural", "temperatureC": 25 },
              "response": { "callAtMin": 0, "activationDelayMin": 0, "evacuationRatePerMin": 1 }
            }
            """;
        var parse = ScenarioReader.Read(json);
        Assert.True(parse.Ok, string.Join("; ", parse.Problems));
        Unit[] city =
        [
            DrillTestData.HazardSource("hs-o", "ent-o", 0, 0, people: 0) with { Path = "150600/d1/ent-o/hs-o" },
            DrillTestData.Enterprise("ent-near", nearM, 0, 1000),
            DrillTestData.Enterprise("ent-far", farM, 0, 2000),
        ];
        var run = new DrillRun(parse.Scenario!, city, S);
        run.Begin([]);
        return run;
    }

    private static void Step(DrillRun run)
    {
        run.Advance();
        run.Observe(new DrillObservation(null, false, false, false, []));
    }

    private static double Minutes(DrillRun run) => run.Elapsed.TotalMinutes;

    [Fact]
    public void A_plume_zone_shrinks_from_the_source_as_the_tail_passes_and_ends_when_it_passes_the_far_edge()
    {
        // RC8: 1 t chlorine over 10 min, D, 3 m/s: red (AEGL-3) to 1 032 m. The tail leaves the source at T = 600 s.
        var run = Start(Rc8, 40, nearM: 300, farM: 800);
        var c = run.Consequences[0];
        var red = c.Result.Zones.Single(z => z.Level == RiskLevel.Red);
        Relative(1032, red.ExtentM, 0.01);
        var inRed = new List<(double Min, string[] Units)>();
        while (!run.Finished)
        {
            Step(run);
            var t = run.Elapsed.TotalSeconds;
            Assert.Equal(Math.Max(0, 3 * (t - 600)), c.ClearedM, 9);   // u·(t − T)
            inRed.Add((Minutes(run), [.. run.PeopleInZones(RiskLevel.Red).Keys]));
        }

        // The unit 300 m downwind leaves the red zone when the tail passes it (12 min: 360 m), the one at 800 m at 15 min (900 m).
        string[] both = ["ent-far", "ent-near"];
        Assert.All(inRed.Where(x => x.Min <= 11), x => Assert.Equal(both, x.Units));
        Assert.All(inRed.Where(x => x.Min is >= 12 and <= 14), x => Assert.Equal(["ent-far"], x.Units));
        Assert.All(inRed.Where(x => x.Min >= 15), x => Assert.Empty(x.Units));

        // Quarters of 1 032 m pass at 600 + k·258/3 s = 686, 772, 858 s → the steps ending at 12, 13, 15 min; the end at 944 s → 16 min, as before.
        var redEvents = run.Timeline.Where(e => e.Level == RiskLevel.Red && e.Kind is TimelineEventKind.ZoneShrank or TimelineEventKind.ZoneEnded).ToList();
        Assert.Equal([TimelineEventKind.ZoneShrank, TimelineEventKind.ZoneShrank, TimelineEventKind.ZoneShrank, TimelineEventKind.ZoneEnded], redEvents.Select(e => e.Kind));
        Assert.Equal([12.0, 13.0, 15.0, 16.0], redEvents.Select(e => e.At.TotalMinutes));
        Assert.Equal([360.0, 540.0, 900.0], redEvents.Take(3).Select(e => e.Value!.Value));
        Assert.Equal([1, 2, 3], c.Shrinks[RiskLevel.Red].Select(s => s.Quarters));
        // Orange (4 666 m): quarters at 989, 1 378, 1 766 s → 17, 23, 30 min; the end at 2 155 s → 36 min.
        Assert.Equal([17.0, 23.0, 30.0], c.Shrinks[RiskLevel.Orange].Select(s => s.At.TotalMinutes));
        Assert.Equal(36, c.EndedAt[RiskLevel.Orange].TotalMinutes);

        // "People still in the red zone" falls in two steps (less 1 person/min evacuated each), not at once at 16 min.
        var people = KpiCalculator.PeopleInZone(run.Timeline.Where(e => e.Subject is null), RiskLevel.Red).ToDictionary(p => p.At.TotalMinutes, p => p.People);
        Assert.Equal(1000 - 11 + 2000 - 11, people[11]);
        Assert.Equal(2000 - 12, people[12]);
        Assert.Equal(0, people[15]);
        // Evacuation still counts everyone who was in the red and orange zones.
        Assert.Equal(["ent-far", "ent-near"], run.EvacuationPopulation(RiskLevel.Red, RiskLevel.Orange).Keys);
        Assert.Equal("3000 people in red and orange zones", run.Timeline.Last(e => e.Kind == TimelineEventKind.EvacuationProgress).Detail);
    }

    [Fact]
    public void The_report_states_how_each_toxic_zone_evolved_and_draws_the_part_the_tail_has_not_passed()
    {
        // Stopped at 13 min: the tail is 540 m downwind, the red zone is half cleared, the orange not yet touched.
        var run = Start(Rc8, 13, nearM: 300, farM: 800);
        while (!run.Finished) Step(run);
        var report = DrillReportBuilder.Build(run);
        var red = report.Consequences[0].Zones.Single(z => z.Level == "Red");
        var orange = report.Consequences[0].Zones.Single(z => z.Level == "Orange");
        Assert.Equal(540, red.ClearedM);
        Assert.Null(red.EndedAtMin);
        Assert.Equal([new ReportShrink(12, 1, 360), new ReportShrink(13, 2, 540)], red.Shrinks);
        Assert.Equal(540, orange.ClearedM);
        Assert.Empty(orange.Shrinks!);

        // The uncleared part of the red zone starts at the tail line, 540 m downwind, and reaches the far edge.
        var exposure = run.Consequences[0].Exposure!;
        var xs = red.UnclearedRing!.Select(p => exposure.Local(Domain.Drills.Geo.GeoMath.Point(p[0], p[1])).X).ToList();
        Assert.Equal(540, xs.Min(), 0);
        Relative(red.ExtentM, xs.Max(), 0.001);
        Assert.NotEmpty(orange.UnclearedRing!);

        var geo = DrillReportJson.GeoJson(report);
        Assert.Equal(3, System.Text.RegularExpressions.Regex.Count(geo, "\"feature\":\"zone-uncleared\""));   // every zone is partly cleared
        Assert.Contains("\"clearedM\":540", geo, StringComparison.Ordinal);
        Assert.Equal(DrillReportJson.Write(report), DrillReportJson.Write(DrillReportJson.Read(DrillReportJson.Write(report))));

        // Run on past the end of the red zone: cleared to its far edge, nothing left to draw.
        var ended = Start(Rc8, 20, 300, 800);
        while (!ended.Finished) Step(ended);
        var endedRed = DrillReportBuilder.Build(ended).Consequences[0].Zones.Single(z => z.Level == "Red");
        Assert.Equal(16, endedRed.EndedAtMin);
        Assert.Equal(endedRed.ExtentM, endedRed.ClearedM);
        Assert.Empty(endedRed.UnclearedRing!);
    }

    [Fact]
    public void A_puff_zone_clears_behind_the_puff_two_sigma_behind_its_centre()
    {
        // 1 t chlorine at once, D, 3 m/s: a puff. The tail is at the x where x + 2σx(x) = u·t, σx = 0.06·x^0.92 (CCPS, D).
        static double Behind(double x) => x + 2 * 0.06 * Math.Pow(x, 0.92);
        var exposure = new ToxicExposure(new ToxicRelease("chlorine", 1000, 0, ReleaseMode.Instantaneous), new WeatherConditions(3, 270, StabilityClass.D, Terrain.Rural),
            DrillTestData.Incident, Domain.Chemicals.ChemicalCatalog.Default.Get("chlorine"), S);
        Assert.Equal(DispersionModel.Puff, exposure.Model);
        foreach (var t in new[] { 100.0, 600, 1800 })
            Relative(3 * t, Behind(exposure.ClearedToM(t)), 1e-9);
        Relative(2000, exposure.ClearedToM(exposure.EndsAfterS(2000)), 1e-9);   // the inverse of the zone's end

        var run = Start(Puff, 60, nearM: 1000, farM: 4000);
        var c = run.Consequences[0];
        var edge = c.Result.Zones.Single(z => z.Level == RiskLevel.Red).ExtentM;
        Assert.True(edge > 5000, $"red to {edge} m");
        double? nearOut = null, farOut = null;
        while (!run.Finished)
        {
            Step(run);
            Relative(3 * run.Elapsed.TotalSeconds, Behind(c.ClearedM), 1e-9);
            var inRed = run.PeopleInZones(RiskLevel.Red);
            if (nearOut is null && !inRed.ContainsKey("ent-near")) nearOut = Minutes(run);
            if (farOut is null && !inRed.ContainsKey("ent-far")) farOut = Minutes(run);
        }
        // The units leave when the tail passes them: 1 000 m at (1000 + 2σx)/3 s, 4 000 m likewise.
        Assert.Equal(Math.Ceiling(Behind(1000) / 3 / 60), nearOut);
        Assert.Equal(Math.Ceiling(Behind(4000) / 3 / 60), farOut);
        Assert.True(nearOut < farOut);

        // Quarter marks and the end, at the first step after (k·X/4 + 2σx(k·X/4))/u.
        var expected = new[] { 1, 2, 3, 4 }.Select(k => Math.Ceiling(Behind(k * edge / 4) / 3 / 60)).ToList();
        var redEvents = run.Timeline.Where(e => e.Level == RiskLevel.Red && e.Kind is TimelineEventKind.ZoneShrank or TimelineEventKind.ZoneEnded).ToList();
        Assert.Equal(expected, redEvents.Select(e => e.At.TotalMinutes));
        Assert.Equal(TimelineEventKind.ZoneEnded, redEvents[^1].Kind);
        Assert.Equal(expected[^1], run.Consequences[0].EndedAt[RiskLevel.Red].TotalMinutes);
    }
}
