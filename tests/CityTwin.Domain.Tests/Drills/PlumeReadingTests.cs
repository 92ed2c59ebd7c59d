using CityTwin.Domain.Chemicals;
using CityTwin.Domain.Drills;
using CityTwin.Domain.Drills.Dispersion;
using CityTwin.Domain.Drills.Kpis;
using CityTwin.Domain.Drills.Reports;
using CityTwin.Domain.Drills.Runs;
using CityTwin.Domain.Drills.Scenarios;
using CityTwin.Domain.Drills.Weather;
using CityTwin.Domain.Units;
using Xunit;
using static CityTwin.Domain.Tests.Drills.DrillAssert;

namespace CityTwin.Domain.Tests.Drills;

/// <summary>Readings derived from the plume for detectors downwind, and toxic zones ending once the cloud has passed.</summary>
public sealed class PlumeReadingTests
{
    private static readonly DrillSettings S = DrillSettings.Default;
    private static readonly Chemical Chlorine = ChemicalCatalog.Default.Get("chlorine");

    [Fact]
    public void The_plume_reads_RC8s_concentration_while_the_cloud_is_over_a_point_and_nothing_before_or_after()
    {
        // RC8: 1 t of chlorine over 10 min, D, 3 m/s, rural, 25 °C: C(1 km) = 61.1 mg/m³ on the centreline.
        var e = new ToxicExposure(new ToxicRelease("chlorine", 1000, 600), new WeatherConditions(3, 270, StabilityClass.D, Terrain.Rural), DrillTestData.Incident, Chlorine, S);
        Assert.Equal(DispersionModel.Plume, e.Model);
        var at = DrillTestData.At(1000);
        var (x, y) = e.Local(at);
        Relative(1000, x, 0.001);
        Assert.True(y < 0.5);

        Assert.Equal(0, e.ConcentrationKgM3(at, 300));                      // arrives at 1000/3 = 333 s
        Relative(61.1, ToxicExposure.MgM3(e.ConcentrationKgM3(at, 400)), 0.01);
        Relative(61.1, ToxicExposure.MgM3(e.ConcentrationKgM3(at, 930)), 0.01);
        Assert.Equal(0, e.ConcentrationKgM3(at, 940));                      // the tail passes at 600 + 333 s
        Assert.Equal(0, e.ConcentrationKgM3(DrillTestData.At(-1000), 400)); // upwind
        Relative(20, e.Ppm(GasProperties.PpmToKgM3(20, Chlorine.MolarMass, 25)), 0.001);

        // Off the axis by one σy: exp(−½) of the centreline.
        var sy = DispersionSigma.Briggs(1000, StabilityClass.D, Terrain.Rural, S.Dispersion).SigmaY;
        Relative(Math.Exp(-0.5) * e.ConcentrationKgM3(at, 400), e.ConcentrationKgM3(DrillTestData.At(1000, sy), 400), 0.002);
        Relative(600 + 1032 / 3.0, e.EndsAfterS(1032), 1e-9);
    }

    [Fact]
    public void The_puff_reads_RC7s_concentration_as_its_centre_passes()
    {
        // RC7: 1 kg, F, 2 m/s, x 500 m, t 250 s, CCPS puff σ → 2.250·10⁻³ kg/m³.
        var e = new ToxicExposure(new ToxicRelease("chlorine", 1, 0, ReleaseMode.Instantaneous), new WeatherConditions(2, 270, StabilityClass.F, Terrain.Rural),
            DrillTestData.Incident, Chlorine, S);
        Assert.Equal(DispersionModel.Puff, e.Model);
        Relative(2.250e-3, e.ConcentrationKgM3(500, 0, 250), 0.005);
        Assert.True(e.ConcentrationKgM3(500, 0, 400) < 1e-6 * e.ConcentrationKgM3(500, 0, 250));   // passed
        var sx = DispersionSigma.Puff(500, StabilityClass.F, S.Dispersion).SigmaXY;
        Relative((500 + 2 * sx) / 2, e.EndsAfterS(500), 1e-9);
    }

    private static Unit Source(string code, double eastM, params Sensor[] sensors) => DrillTestData.HazardSource(code, "ent-" + code, eastM, 0) with
    {
        Path = $"150600/d1/ent-{code}/{code}",
        HazardSource = new HazardSourceProfile { Type = "tank-farm", Sensors = sensors },
    };

    private static Sensor Detector(string code, string unit, double rangeMax = 1000) => new()
    {
        Code = code, Kind = "toxic-gas", Unit = unit, RangeMin = 0, RangeMax = rangeMax, Chemical = "chlorine", SetPoints = new(null, null, 1, 3),
    };

    private static (DrillRun Run, List<(double AtMin, Inject Inject)> Readings) Run(string injects = "")
    {
        var json = $$"""
            {
              "format": "citytwin-drill/1", "name": "plume readings", "seed": 1, "start": "2026-06-12T10:00:00+08:00",
              "durationMin": 90, "stepSeconds": 60,
              "event": { "type": "toxic-continuous", "hazardSource": "hs-o", "material": "chlorine", "amountKg": 1000, "durationMin": 10 },
              "weather": { "windSpeedMs": 3, "windFromDeg": 270, "stability": "D", "terrain": "rural", "temperatureC": 25 },
              "injects": [ {{injects}} ]
            }
            """;
        var parse = ScenarioReader.Read(json);
        Assert.True(parse.Ok, string.Join("; ", parse.Problems));
        Unit[] city =
        [
            Source("hs-o", 0, Detector("hs-o.AT-01", "mg/m3")),
            Source("hs-d", 1000, Detector("hs-d.AT-01", "mg/m3"), Detector("hs-d.AT-02", "ppm"), Detector("hs-d.AT-03", "mg/m3", rangeMax: 20),
                Detector("hs-d.AT-04", "mg/m3") with { Chemical = "ammonia" }),
            Source("hs-u", -1000, Detector("hs-u.AT-01", "mg/m3")),
        ];
        var run = new DrillRun(parse.Scenario!, city, S);
        var readings = new List<(double, Inject)>();
        foreach (var i in run.Begin([])) readings.Add((0, i));
        while (!run.Finished)
        {
            foreach (var i in run.Advance()) readings.Add((run.Elapsed.TotalMinutes, i));
            run.Observe(new DrillObservation(null, false, false, false, []));
        }
        return (run, readings);
    }

    private static List<(double AtMin, double Value)> Of(List<(double AtMin, Inject Inject)> readings, string sensor) =>
        [.. readings.SelectMany(r => r.Inject.Readings.Where(x => x.Sensor == sensor).Select(x => (r.AtMin, x.Value)))];

    [Fact]
    public void Detectors_downwind_read_the_plume_in_their_own_units_from_arrival_until_it_has_passed()
    {
        var (run, readings) = Run();

        // 1 km downwind: the cloud arrives at 5.6 min (first step after: 6), passes at 15.6 min (16): 61.1 mg/m³ then 0.
        var mg = Of(readings, "hs-d.AT-01");
        Assert.Equal([6.0, 16.0], mg.Select(r => r.AtMin));
        Relative(61.1, mg[0].Value, 0.01);
        Assert.Equal(0, mg[1].Value);
        var ppm = Of(readings, "hs-d.AT-02");
        Relative(GasProperties.MgM3ToPpm(mg[0].Value, Chlorine.MolarMass, 25), ppm[0].Value, 0.001);
        Assert.Equal(20, Of(readings, "hs-d.AT-03")[0].Value);   // a detector saturates at its range
        Assert.Empty(Of(readings, "hs-d.AT-04"));                 // an ammonia detector does not see chlorine
        Assert.Empty(Of(readings, "hs-u.AT-01"));                 // upwind
        Assert.Empty(Of(readings, "hs-o.AT-01"));                 // the releasing source's own detectors are the scenario's to script
        Assert.All(readings, r => Assert.Equal(r.AtMin, r.Inject.AtMin, 6));
        Assert.Contains(run.Timeline, e => e.Kind == TimelineEventKind.PlumeReadings && e.Subject == "hs-d" && e.At == TimeSpan.FromMinutes(6));
    }

    [Fact]
    public void A_sensor_the_scenario_scripts_gets_no_plume_readings()
    {
        var (_, readings) = Run("""{ "atMin": 3, "type": "sensor-readings", "hazardSource": "hs-d", "readings": [ { "sensor": "hs-d.AT-01", "value": 0.5 } ] }""");
        Assert.Equal([(3.0, 0.5)], Of(readings, "hs-d.AT-01"));
        Assert.NotEmpty(Of(readings, "hs-d.AT-02"));
    }

    [Fact]
    public void Toxic_zones_end_once_the_cloud_has_passed_their_far_edge()
    {
        var (run, _) = Run();
        var ended = run.Timeline.Where(e => e.Kind == TimelineEventKind.ZoneEnded).ToList();
        // T + X/u: red 600 + 1032/3 = 944 s → the 16-min step; orange 600 + 4666/3 = 2155 s → 36; yellow 600 + 13 345/3 = 5048 s → 85.
        Assert.Equal([16.0, 36.0, 85.0], ended.Select(e => e.At.TotalMinutes));
        Assert.Equal([CityTwin.Domain.Risk.RiskLevel.Red, CityTwin.Domain.Risk.RiskLevel.Orange, CityTwin.Domain.Risk.RiskLevel.Yellow], ended.Select(e => e.Level!.Value));

        var report = DrillReportBuilder.Build(run);
        Assert.Equal([16.0, 36.0, 85.0], report.Consequences[0].Zones.Select(z => z.EndedAtMin!.Value));
        Assert.Contains("\"level\":\"Red\"", DrillReportJson.GeoJson(report), StringComparison.Ordinal);   // kept on the map, marked ended
        Assert.Equal(3, System.Text.RegularExpressions.Regex.Count(DrillReportJson.GeoJson(report), "\"endedAtMin\":"));
    }
}
