using System.Text.Json;
using CityTwin.Cli;
using CityTwin.EndToEnd.Tests.Api;
using Xunit;

using static CityTwin.EndToEnd.Tests.Cli.CliRun;

namespace CityTwin.EndToEnd.Tests.Cli;

/// <summary>citytwin drill validate/run/watch/report/list/show/delete against a real host with the sample city.</summary>
public sealed class DrillCliTests(SampleCityHostFixture fixture) : IClassFixture<SampleCityHostFixture>
{
    private static string Sample(string name) => Path.Combine(RunningHost.RepositoryRoot(), "scenarios", "drills", name);

    [Fact]
    public async Task A_planner_validates_runs_reads_and_deletes_a_drill_from_the_cli()
    {
        var server = fixture.Host.Address;
        var valid = await Run("drill", "validate", Sample("gasoline-explosion.json"), "--server", server);
        Assert.True(valid.Exit == 0, valid.Err);
        Assert.Contains("valid (Gasoline storage vapour-cloud explosion", valid.Out, StringComparison.Ordinal);

        var dir = Directory.CreateTempSubdirectory("citytwin-drill-").FullName;
        try
        {
            var bad = Path.Combine(dir, "bad.json");
            await File.WriteAllTextAsync(bad, (await File.ReadAllTextAsync(Sample("gasoline-explosion.json"), TestContext.Current.CancellationToken))
                .Replace("\"amountKg\": 8000", "\"amountKg\": -8000", StringComparison.Ordinal), TestContext.Current.CancellationToken);
            var invalid = await Run("drill", "validate", bad, "--server", server);
            Assert.Equal(1, invalid.Exit);
            Assert.Contains($"{bad}:13: event.amountKg: -8000 is out of range", invalid.Err, StringComparison.Ordinal);

            string Out(string f) => Path.Combine(dir, "run", f);
            var run = await Run("drill", "run", Sample("gasoline-explosion.json"), "--server", server, "--out", Path.Combine(dir, "run"));
            Assert.True(run.Exit == 0, run.Err);
            Assert.Contains("120/120 min", run.Err, StringComparison.Ordinal);
            var id = run.Out.Split(' ')[1];
            Assert.StartsWith("drill-", id, StringComparison.Ordinal);
            Assert.Contains("Red", run.Out, StringComparison.Ordinal);
            // The timeline printed as it happened, in order, before the summary.
            var lines = run.Out.Split('\n');
            int At(string kind) => Array.FindIndex(lines, l => l.Contains($" {kind} ", StringComparison.Ordinal));
            Assert.True(At("Release") > 0 && At("Release") < At("TeamDispatched") && At("TeamDispatched") < At("TeamArrived"), run.Out);
            Assert.True(At("TeamArrived") < Array.FindIndex(lines, l => l.Contains("teams dispatched", StringComparison.Ordinal)), run.Out);

            var markdown = await File.ReadAllTextAsync(Out("report.md"), TestContext.Current.CancellationToken);
            Assert.Contains("# Drill report: Gasoline storage vapour-cloud explosion", markdown, StringComparison.Ordinal);
            Assert.Contains("## Threat zones", markdown, StringComparison.Ordinal);
            Assert.Contains("| TeamArrived |", markdown, StringComparison.Ordinal);
            Assert.Contains("![map](map.svg)", markdown, StringComparison.Ordinal);
            var svg = await File.ReadAllTextAsync(Out("map.svg"), TestContext.Current.CancellationToken);
            Assert.Contains("<svg", svg, StringComparison.Ordinal);
            Assert.Contains("#d7191c", svg, StringComparison.Ordinal);   // a red zone
            Assert.Contains("stroke-dasharray", svg, StringComparison.Ordinal);   // a team's route
            Assert.Equal("FeatureCollection", JsonDocument.Parse(await File.ReadAllTextAsync(Out("zones.geojson"), TestContext.Current.CancellationToken)).RootElement.GetProperty("type").GetString());

            // The report of a finished drill, again, into another directory: the same documents.
            var again = await Run("drill", "report", id, "--out", Path.Combine(dir, "again"), "--server", server);
            Assert.True(again.Exit == 0, again.Err);
            foreach (var f in new[] { "report.md", "map.svg", "report.json", "zones.geojson" })
                Assert.Equal(await File.ReadAllTextAsync(Out(f), TestContext.Current.CancellationToken),
                    await File.ReadAllTextAsync(Path.Combine(dir, "again", f), TestContext.Current.CancellationToken));
            Assert.NotEqual(0, (await Run("drill", "report", id, "--server", server)).Exit);   // --out is required

            // Watching a finished drill replays its timeline and ends.
            var watch = await Run("drill", "watch", id, "--server", server);
            Assert.True(watch.Exit == 0, watch.Err);
            Assert.Equal(lines.Count(l => l.StartsWith("  t+", StringComparison.Ordinal)), watch.Out.Split('\n').Count(l => l.StartsWith("  t+", StringComparison.Ordinal)));
            Assert.Contains(" Release ", watch.Out, StringComparison.Ordinal);

            var show = await Run("drill", "show", id, "--server", server);
            Assert.True(show.Exit == 0, show.Err);
            Assert.Contains($"drill {id}", show.Out, StringComparison.Ordinal);
            Assert.Contains("completed", show.Out, StringComparison.Ordinal);
            Assert.Contains("started by local-operator", show.Out, StringComparison.Ordinal);

            var list = await Run("drill", "list", "--state", "completed", "--server", server);
            Assert.True(list.Exit == 0, list.Err);
            var row = Assert.Single(list.Out.Split('\n'), l => l.StartsWith(id, StringComparison.Ordinal));
            Assert.Contains("completed 120/120", row, StringComparison.Ordinal);
            Assert.Contains("2026-", row, StringComparison.Ordinal);   // the simulated clock
            Assert.Contains("local-operator", row, StringComparison.Ordinal);
            Assert.Contains("Gasoline storage vapour-cloud explosion", row, StringComparison.Ordinal);

            var delete = await Run("drill", "delete", id, "--server", server);
            Assert.True(delete.Exit == 0, delete.Err);
            Assert.DoesNotContain(id, (await Run("drill", "list", "--server", server)).Out, StringComparison.Ordinal);
            var gone = await Run("drill", "show", id, "--server", server);
            Assert.NotEqual(0, gone.Exit);
            Assert.Contains("does not exist", gone.Err, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>
    /// "Done when" for each sample: a planner runs it from the CLI, sees its timeline as it happens, and opens a report
    /// whose map shows the zones, the affected units and the dispatched teams' routes, with the validity flags stated.
    /// </summary>
    [Theory]
    [InlineData("chlorine-park.json")]
    [InlineData("ammonia-town.json")]
    [InlineData("lpg-bleve.json")]
    [InlineData("gasoline-explosion.json")]
    public async Task Every_sample_scenario_runs_from_the_cli_to_a_report_with_its_map_and_validity(string sample)
    {
        var ct = TestContext.Current.CancellationToken;
        var dir = Directory.CreateTempSubdirectory("citytwin-sample-").FullName;
        try
        {
            var run = await Run("drill", "run", Sample(sample), "--server", fixture.Host.Address, "--out", dir);
            Assert.True(run.Exit == 0, run.Err);
            Assert.Contains(" completed ", run.Out, StringComparison.Ordinal);
            var report = CityTwin.Domain.Drills.Reports.DrillReportJson.Read(await File.ReadAllTextAsync(Path.Combine(dir, "report.json"), ct));
            var printed = run.Out.Split('\n').Count(l => l.StartsWith("  t+", StringComparison.Ordinal));
            Assert.Equal(report.Timeline.Count, printed);

            var svg = await File.ReadAllTextAsync(Path.Combine(dir, "map.svg"), ct);
            var markdown = await File.ReadAllTextAsync(Path.Combine(dir, "report.md"), ct);
            var active = report.Consequences.Where(c => c.SupersededAtMin is null).ToList();
            foreach (var zone in active.SelectMany(c => c.Zones).Where(z => z.Ring.Count > 0))
                Assert.Contains($"<title>{zone.Level} zone: ", svg, StringComparison.Ordinal);
            var affected = active.SelectMany(c => c.Zones).SelectMany(z => z.Units).Select(u => u.Code).Distinct().ToList();
            Assert.NotEmpty(affected);
            Assert.Contains(affected, code => svg.Contains($"<title>{code} ", StringComparison.Ordinal));
            Assert.NotEmpty(report.Dispatch!.Assignments);
            foreach (var a in report.Dispatch.Assignments.Where(a => !report.Dispatch.Unavailable.Contains(a.Team)))
                Assert.Contains($"<title>{a.Team} → {a.Slot}", svg, StringComparison.Ordinal);
            Assert.Contains(report.Validity.Count == 0 ? "validity: no flags" : "validity: " + System.Net.WebUtility.HtmlEncode(report.Validity[0]), svg, StringComparison.Ordinal);
            Assert.Contains("## Validity", markdown, StringComparison.Ordinal);
            Assert.All(report.Validity, v => Assert.Contains(v, markdown, StringComparison.Ordinal));
            Assert.Contains("## KPIs", markdown, StringComparison.Ordinal);

            Assert.Equal(0, (await Run("drill", "delete", run.Out.Split(' ')[1], "--server", fixture.Host.Address)).Exit);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
