using CityTwin.Cli.Drills;
using CityTwin.Cli.Maps;
using CityTwin.Domain.Drills;
using CityTwin.Domain.Drills.Reports;
using CityTwin.Domain.Drills.Runs;
using CityTwin.Domain.Drills.Scenarios;
using CityTwin.Domain.Registry;
using Xunit;

namespace CityTwin.EndToEnd.Tests.Cli;

/// <summary>The planner's Markdown and map picture of a toxic drill stopped while the cloud's tail is passing (run in process, no host).</summary>
public class DrillPictureTests
{
    [Fact]
    public void The_report_and_map_show_toxic_zones_shrinking_behind_the_cloud()
    {
        var units = BundleValidator.Validate(BundleReader.ReadDirectory(RunningHost.SampleCity)).Units;
        var file = Path.Combine(RunningHost.RepositoryRoot(), "scenarios", "drills", "chlorine-park.json");
        // 2 t of chlorine over 10 min at 3 m/s is drawn as a puff (its yellow zone is too long for the plume); stopped at
        // 14 min the puff has passed the x where x + 2σx(x) = 3·840 m, σx = 0.06·x^0.92 (D): 2 367.4 m.
        var scenario = ScenarioReader.Read(File.ReadAllBytes(file)).Scenario! with { DurationMin = 14 };
        var run = new DrillRun(scenario, units, DrillSettings.Default);
        run.Begin([]);
        while (!run.Finished)
        {
            run.Advance();
            run.Observe(new DrillObservation(null, false, false, false, []));
        }
        var report = DrillReportBuilder.Build(run);
        var red = report.Consequences[0].Zones.Single(z => z.Level == "Red");
        Assert.Equal(2367.4, red.ClearedM);
        Assert.Equal(2520, 2367.4 + 2 * 0.06 * Math.Pow(2367.4, 0.92), 0);
        Assert.NotEmpty(red.UnclearedRing!);

        var markdown = DrillMarkdown.Render(report);
        Assert.Contains(" Cloud passing |", markdown, StringComparison.Ordinal);
        var redRow = markdown.Split('\n').Single(l => l.StartsWith("| Red | AEGL-3", StringComparison.Ordinal));
        var passing = string.Join(", ", red.Shrinks!.Select(s => FormattableString.Invariant($"{s.Quarters}/4 at {s.AtMin:0.#} min")).Append("tail 2367 m downwind at the end"));
        Assert.EndsWith($" {passing} |", redRow, StringComparison.Ordinal);

        var svg = new DrillMapSvg(report).Render();
        Assert.Contains("fill=\"#d7191c\" fill-opacity=\"0.12\" stroke-dasharray=\"5 4\"", svg, StringComparison.Ordinal);   // the red footprint, faint where passed
        Assert.Contains("Red zone still under the cloud, beyond 2367 m", svg, StringComparison.Ordinal);
        Assert.Contains("the cloud's tail had passed 2367 m at the end", svg, StringComparison.Ordinal);
    }
}
