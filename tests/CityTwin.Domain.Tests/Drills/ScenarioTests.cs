using Xunit;
using CityTwin.Domain.Drills;
using CityTwin.Domain.Drills.Reports;
using CityTwin.Domain.Drills.Runs;
using CityTwin.Domain.Drills.Scenarios;
using CityTwin.Domain.Registry;
using CityTwin.Domain.Tests.Generation;
using CityTwin.Domain.Units;

namespace CityTwin.Domain.Tests.Drills;

public sealed class ScenarioTests
{
    private static readonly Lazy<IReadOnlyDictionary<string, Unit>> City = new(() =>
        BundleReader.ReadDirectory(Path.Combine(SampleCityTests.RepositoryRoot(), "scenarios", "ordos")).Units.ToDictionary(u => u.Code, StringComparer.Ordinal));

    public static TheoryData<string> Samples()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(Path.Combine(SampleCityTests.RepositoryRoot(), "scenarios", "drills"), "*.json").Order(StringComparer.Ordinal))
            data.Add(Path.GetFileName(f));
        return data;
    }

    private static string SamplePath(string name) => Path.Combine(SampleCityTests.RepositoryRoot(), "scenarios", "drills", name);

    [Fact]
    public void There_are_at_least_four_samples() => Assert.True(Samples().Count >= 4);

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task Every_sample_is_valid_against_the_sample_city(string file)
    {
        var parse = ScenarioReader.Read(await File.ReadAllBytesAsync(SamplePath(file), TestContext.Current.CancellationToken));
        Assert.Empty(parse.Problems);
        Assert.NotNull(parse.Scenario);
        var city = await ScenarioCityCheck.ProblemsAsync(parse.Scenario, parse.Lines, code => Task.FromResult(City.Value.GetValueOrDefault(code)));
        Assert.Empty(city);
    }

    [Fact]
    public void Every_problem_is_named_with_its_field_and_line_at_once()
    {
        const string text = """
            {
              "format": "citytwin-drill/1",
              "name": "bad",
              "start": "2026-06-12 10:00",
              "event": {
                "type": "toxic-plume",
                "hazardSource": "hs-1",
                "material": "kryptonite",
                "amountKg": -5
              },
              "weather": { "windSpeedMs": "fast", "windFromDeg": 400 },
              "injects": [
                { "atMin": 5, "type": "team-unavailable" },
                { "atMin": 500, "type": "weather-change", "weather": { "windSpeedMs": 3, "windFromDeg": 90, "stability": "Q" } }
              ],
              "objectives": [ { "kpi": "speed", "withinMin": 5 } ],
              "colour": "red"
            }
            """;
        var parse = ScenarioReader.Read(text);
        Assert.Null(parse.Scenario);
        var byField = parse.Problems.ToLookup(p => p.Field);
        void Has(string field, int line, string fragment)
        {
            var hit = byField[field].FirstOrDefault(p => p.Message.Contains(fragment, StringComparison.Ordinal));
            Assert.True(hit is not null, $"no problem for {field} containing '{fragment}'; got: {string.Join(" | ", parse.Problems)}");
            Assert.Equal(line, hit.Line);
        }
        Has("start", 4, "offset");
        Has("event.type", 6, "toxic-plume");
        Has("event.material", 8, "kryptonite");
        Has("event.amountKg", 9, "out of range");
        Has("weather.windSpeedMs", 11, "number");
        Has("weather.windFromDeg", 11, "out of range");
        Has("weather.stability", 11, "stability class");
        Has("injects[0].team", 13, "required");
        Has("injects[1].atMin", 14, "after the drill ends");
        Has("injects[1].weather.stability", 14, "'Q'");
        Has("objectives[0].kpi", 16, "speed");
        Has("colour", 17, "unknown field");
    }

    [Fact]
    public void Malformed_json_names_its_line()
    {
        var parse = ScenarioReader.Read("{\n  \"name\": \"x\",\n  \"start\": ,\n}");
        var problem = Assert.Single(parse.Problems);
        Assert.Equal(3, problem.Line);
    }

    [Fact]
    public async Task City_checks_name_unknown_sources_sensors_and_teams_with_lines()
    {
        var text = (await File.ReadAllTextAsync(SamplePath("chlorine-park.json"), TestContext.Current.CancellationToken))
            .Replace("\"hs-150624-0002-2.AT-02\"", "\"hs-150624-0002-2.XX-99\"", StringComparison.Ordinal)
            .Replace("team-150624-hazmat", "team-nowhere", StringComparison.Ordinal);
        var parse = ScenarioReader.Read(text);
        Assert.Empty(parse.Problems);
        var problems = await ScenarioCityCheck.ProblemsAsync(parse.Scenario!, parse.Lines, code => Task.FromResult(City.Value.GetValueOrDefault(code)));
        Assert.Contains(problems, p => p.Field == "injects[0].readings[1].sensor" && p.Line == 20);
        Assert.Contains(problems, p => p.Field == "injects[2].team" && p.Line == 23);
    }

    /// <summary>The run alone (no grains): the city observes the alarm at once, so the whole response plays out.</summary>
    private static DrillRun Run(string file, Func<DrillRun, DrillObservation>? observe = null)
    {
        var scenario = ScenarioReader.Read(File.ReadAllBytes(SamplePath(file))).Scenario!;
        var run = new DrillRun(scenario, [.. City.Value.Values], DrillSettings.Default);
        run.Begin([]);
        observe ??= r => new DrillObservation(r.Elapsed >= TimeSpan.FromMinutes(1) ? r.Origin.Code : null, true, true, r.Elapsed >= TimeSpan.FromMinutes(1), []);
        run.Observe(observe(run));
        while (!run.Finished)
        {
            run.Advance();
            run.Observe(observe(run));
        }
        return run;
    }

    [Fact]
    public void A_run_is_deterministic_to_the_byte()
    {
        var a = DrillReportJson.Write(DrillReportBuilder.Build(Run("chlorine-park.json")));
        var b = DrillReportJson.Write(DrillReportBuilder.Build(Run("chlorine-park.json")));
        Assert.Equal(a, b);
        Assert.Contains("\"TeamArrived\"", a, StringComparison.Ordinal);
    }

    [Fact]
    public void A_team_taken_out_is_replaced_by_another_with_the_capability()
    {
        var run = Run("chlorine-park.json");
        var plan = run.Plan!;
        Assert.Contains("team-150624-hazmat", plan.UnavailableTeams);
        Assert.DoesNotContain(plan.Assignments, a => a.TeamCode == "team-150624-hazmat");
        var hazmat = Assert.Single(plan.Assignments, a => a.Slot.Id == "hazmat#1");
        Assert.Contains(DispatchReasonsRedispatch, hazmat.Reasons);
        Assert.Contains(run.Timeline, e => e.Kind == Domain.Drills.Kpis.TimelineEventKind.TeamDispatched && e.Subject == hazmat.TeamCode && e.At == TimeSpan.FromMinutes(8));
    }

    private const string DispatchReasonsRedispatch = Domain.Drills.Dispatch.DispatchReasons.Redispatch;

    [Theory]
    [MemberData(nameof(Samples))]
    public void Every_sample_runs_to_a_report_with_zones_dispatch_and_kpis(string file)
    {
        var report = DrillReportBuilder.Build(Run(file));
        Assert.NotEmpty(report.Consequences);
        Assert.All(report.Consequences[0].Zones.Take(1), z => Assert.True(z.ExtentM > 0));
        Assert.NotNull(report.Dispatch);
        Assert.NotEmpty(report.Dispatch.Assignments);
        Assert.NotNull(report.Kpis.FirstArrivalMin);
        var geo = DrillReportJson.GeoJson(report);
        Assert.Contains("\"Polygon\"", geo, StringComparison.Ordinal);
        Assert.Equal(DrillReportJson.Write(report), DrillReportJson.Write(DrillReportJson.Read(DrillReportJson.Write(report))));
    }
}
