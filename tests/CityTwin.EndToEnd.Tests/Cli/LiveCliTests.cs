using CityTwin.Cli;
using CityTwin.Domain.Registry;
using Xunit;

using static CityTwin.EndToEnd.Tests.Cli.CliRun;

namespace CityTwin.EndToEnd.Tests.Cli;

/// <summary>citytwin ingest and citytwin watch against a real host.</summary>
public class LiveCliTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly IReadOnlyList<CityTwin.Domain.Units.Unit> Sample = BundleValidator.Validate(BundleReader.ReadDirectory(RunningHost.SampleCity)).Units;

    [Fact]
    public async Task Ingest_replays_a_csv_and_names_what_it_rejected()
    {
        await using var host = await RunningHost.StartAsync();
        var sensor = Sample.First(u => u.HazardSource is not null).HazardSource!.Sensors[0].Code;
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var csv = Path.GetTempFileName();
        try
        {
            File.WriteAllLines(csv, ["sensor,value,event_time_ms,sequence", $"{sensor},1.5,{now},1", $"{sensor},1.6,{now + 1000},2", $"no-such-sensor,1,{now},1"]);
            var run = await Run("ingest", csv, "--server", host.Address);
            Assert.Equal(1, run.Exit);
            Assert.Contains("sent 3 readings in 1 batches: 2 accepted, 1 rejected", run.Out);
            Assert.Contains("rejected no-such-sensor: unknown sensor", run.Err);
        }
        finally
        {
            File.Delete(csv);
        }
    }

    [Fact]
    public async Task Ingest_simulate_feeds_the_sensors_of_a_scope_and_watch_sees_the_changes()
    {
        await using var host = await RunningHost.StartAsync();
        var enterprise = Sample.First(u => u.Kind == CityTwin.Domain.Units.UnitKind.Enterprise && Sample.Count(h => h.Parent == u.Code) >= 2);
        var watchOut = new StringWriter();
        var watch = CliApp.RunAsync(["watch", "--scope", enterprise.Path, "--kind", "hazard-source", "--for", "00:00:08", "--server", host.Address], TextWriter.Synchronized(watchOut), new StringWriter());
        for (var i = 0; i < 100 && !watchOut.ToString().Contains("units in scope"); i++) await Task.Delay(50, Ct);
        Assert.Contains("units in scope", watchOut.ToString());

        var run = await Run("ingest", "--simulate", "--scope", enterprise.Path, "--duration", "00:00:02", "--rate", "5", "--spike-share", "1", "--server", host.Address);
        Assert.Equal(0, run.Exit);
        Assert.Matches(@"sent [\d,]+ readings in \d+ batches: [\d,]+ accepted, 0 rejected", run.Out);

        for (var i = 0; i < 100 && !watchOut.ToString().Contains(" hs-"); i++) await Task.Delay(50, Ct);
        Assert.Contains(" hs-", watchOut.ToString());
        Assert.Equal(0, await watch.WaitAsync(TimeSpan.FromSeconds(20), Ct));
    }

    [Fact]
    public async Task Map_draws_the_banners_in_their_colours_with_a_legend_and_the_time()
    {
        await using var host = await RunningHost.StartAsync();
        var svg = Path.Combine(Path.GetTempPath(), $"citytwin-map-{Guid.NewGuid():N}.svg");
        try
        {
            var run = await Run("map", "--scope", "150600", "--out", svg, "--server", host.Address);
            Assert.True(run.Exit == 0, run.Err);
            var text = File.ReadAllText(svg);
            var doc = System.Xml.Linq.XDocument.Parse(text);
            var ns = (System.Xml.Linq.XNamespace)"http://www.w3.org/2000/svg";
            var areas = doc.Descendants(ns + "path").ToList();
            Assert.Equal(9, areas.Count);
            Assert.Contains(areas, a => a.Element(ns + "title")!.Value.StartsWith("150622 准格尔旗", StringComparison.Ordinal));
            var level = await new CityTwin.Protos.V1.QueryService.QueryServiceClient(host.Channel).GetLevelAsync(new CityTwin.Protos.V1.GetLevelRequest { Code = "150622" }, cancellationToken: Ct);
            Assert.Equal(CityTwin.Cli.Maps.RiskMapSvg.Fill(level.Level), areas.Single(a => a.Element(ns + "title")!.Value.StartsWith("150622", StringComparison.Ordinal)).Attribute("fill")!.Value);
            Assert.Equal(600, doc.Descendants(ns + "circle").Count());
            Assert.Contains("红 重大风险", text);
            Assert.Contains("鄂尔多斯市 (150600) 安全风险四色图", text);
        }
        finally
        {
            File.Delete(svg);
        }
    }

    [Fact]
    public async Task Alarms_lists_acknowledges_and_counts()
    {
        await using var host = await RunningHost.StartAsync();
        const string sensor = "hs-150622-0001-1.GT-02";
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var csv = Path.GetTempFileName();
        try
        {
            File.WriteAllLines(csv, ["sensor,value,event_time_ms,sequence", $"{sensor},55,{now - 2000},1"]);
            Assert.Equal(0, (await Run("ingest", csv, "--server", host.Address)).Exit);
        }
        finally
        {
            File.Delete(csv);
        }

        var list = await Run("alarms", "--scope", "150600/150622", "--server", host.Address);
        Assert.Equal(0, list.Exit);
        Assert.Contains("HIGH-HIGH", list.Out);
        Assert.Contains("1 active, 1 unacknowledged", list.Out);
        var id = list.Out.Split('\n').Select(l => l.Trim().Split(' ')[0]).Single(w => w.StartsWith("hs-150622-0001-1/", StringComparison.Ordinal));

        var ack = await Run("alarms", "--ack", id, "--note", "crew sent", "--server", host.Address);
        Assert.Equal(0, ack.Exit);
        Assert.Contains($"acknowledged {id} by local-operator (still active: not cleared yet)", ack.Out);
        Assert.Contains("1 active, 0 unacknowledged", (await Run("alarms", "--server", host.Address)).Out);

        var stats = await Run("alarms", "--stats", "--from", DateTime.UtcNow.AddDays(-1).ToString("yyyy-MM-dd"), "--to", DateTime.UtcNow.AddDays(1).ToString("yyyy-MM-dd"), "--json", "--server", host.Address);
        Assert.Equal(0, stats.Exit);
        Assert.Contains("\"raised\": 1", stats.Out);

        var bad = await Run("alarms", "--ack", "not-an-id", "--server", host.Address);
        Assert.NotEqual(0, bad.Exit);
        Assert.Contains("ids", bad.Err);
    }

    [Fact]
    public async Task History_prints_the_stored_points_and_buckets_and_draws_the_chart_with_set_points_and_alarms()
    {
        await using var host = await RunningHost.StartAsync();
        const string sensor = "hs-150622-0001-1.GT-02";
        var t0 = DateTimeOffset.UtcNow.AddMinutes(-10);
        var csv = Path.GetTempFileName();
        var svg = Path.ChangeExtension(Path.GetTempFileName(), ".svg");
        try
        {
            File.WriteAllLines(csv, ["sensor,value,event_time_ms,sequence", .. Enumerable.Range(0, 20).Select(i => $"{sensor},{(i == 10 ? 55 : 5 + i * 0.01)},{t0.AddSeconds(i * 10).ToUnixTimeMilliseconds()},{i + 1}")]);
            Assert.Equal(0, (await Run("ingest", csv, "--server", host.Address)).Exit);

            var points = await Run("history", sensor, "--from", t0.AddMinutes(-1).ToString("O"), "--server", host.Address);
            Assert.Equal(0, points.Exit);
            Assert.Contains("(%LEL): 3 stored points; each reading within ±0.5", points.Out);   // 5.0, the spike to 55, back to 5.11
            Assert.Contains("55", points.Out);

            var buckets = await Run("history", sensor, "--from", t0.ToString("O"), "--to", t0.AddMinutes(4).ToString("O"), "--bucket", "00:01:00", "--server", host.Address);
            Assert.Equal(0, buckets.Exit);
            Assert.Equal(4, buckets.Out.Split('\n').Count(l => l.Contains(DateTimeOffset.UtcNow.ToLocalTime().ToString("yyyy-"), StringComparison.Ordinal)));

            var chart = await Run("history", sensor, "--from", t0.AddMinutes(-1).ToString("O"), "--chart", svg, "--server", host.Address);
            Assert.Equal(0, chart.Exit);
            var drawn = File.ReadAllText(svg);
            Assert.Contains("<polyline", drawn);
            Assert.Contains("HH 50", drawn);
            Assert.Contains("hs-150622-0001-1/hs-150622-0001-1.GT-02/", drawn);   // the alarm's mark
        }
        finally
        {
            File.Delete(csv);
            File.Delete(svg);
        }
    }
}
