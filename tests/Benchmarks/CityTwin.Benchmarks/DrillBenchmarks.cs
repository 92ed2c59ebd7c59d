using BenchmarkDotNet.Attributes;
using CityTwin.Domain.Drills;
using CityTwin.Domain.Drills.Reports;
using CityTwin.Domain.Drills.Runs;
using CityTwin.Domain.Drills.Scenarios;
using CityTwin.Domain.Registry;
using CityTwin.Domain.Units;

namespace CityTwin.Benchmarks;

/// <summary>
/// A 1-hour drill's own work on the sample city (issue 8): the chlorine scenario cut to 60 minutes of 1-minute steps —
/// zones, impact over the spatial index, dispatch and re-dispatch, readings from the plume, zones ending, evacuation,
/// KPIs — and its report written as JSON and GeoJSON. The snapshot is the whole city (a drill world copies less).
/// The grains' part (settling the drill world at each step) is measured end to end in docs/performance.md.
/// </summary>
[MemoryDiagnoser]
public class DrillBenchmarks
{
    private DrillScenario _scenario = null!;
    private IReadOnlyList<Unit> _city = null!;

    [GlobalSetup]
    public void Setup()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "CityTwin.sln"))) root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("repository root not found");
        _city = BundleValidator.Validate(BundleReader.ReadDirectory(Path.Combine(root, "scenarios", "ordos"))).Units;
        var json = File.ReadAllText(Path.Combine(root, "scenarios", "drills", "chlorine-park.json")).Replace("\"durationMin\": 120", "\"durationMin\": 60", StringComparison.Ordinal);
        _scenario = ScenarioReader.Read(json).Scenario ?? throw new InvalidOperationException("scenario does not read");
    }

    [Benchmark]
    public int OneHourChlorineDrill()
    {
        var run = new DrillRun(_scenario, _city, DrillSettings.Default);
        run.Begin([]);
        var readings = 0;
        // As the grains would observe it: the alarm reaches the enterprise, the district and the city at 1 min.
        DrillObservation Seen() => new(run.Elapsed >= TimeSpan.FromMinutes(1) ? run.Origin.Code : null, true, true, run.Elapsed >= TimeSpan.FromMinutes(1), []);
        run.Observe(Seen());
        while (!run.Finished)
        {
            readings += run.Advance().Sum(i => i.Readings.Count);
            run.Observe(Seen());
        }
        var report = DrillReportBuilder.Build(run);
        return DrillReportJson.Write(report).Length + DrillReportJson.GeoJson(report).Length + readings;
    }
}
