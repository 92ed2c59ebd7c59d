using CityTwin.Cli;
using CityTwin.Domain.Registry;
using CityTwin.Domain.Risk;
using RiskLevelDomain = CityTwin.Domain.Risk.RiskLevel;
using RiskLevel = CityTwin.Protos.V1.RiskLevel;
using CityTwin.Protos.V1;
using Grpc.Core;
using Xunit;

namespace CityTwin.EndToEnd.Tests.Ingest;

/// <summary>A reading through the real ingest edge changes the live levels that QueryService and the CLI show.</summary>
public class LiveLevelTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<LiveLevel> Eventually(QueryService.QueryServiceClient query, string code, Func<LiveLevel, bool> done)
    {
        LiveLevel? last = null;
        for (var i = 0; i < 200; i++)
        {
            last = await query.GetLevelAsync(new GetLevelRequest { Code = code }, cancellationToken: Ct);
            if (done(last)) return last;
            await Task.Delay(50, Ct);
        }
        throw new Xunit.Sdk.XunitException($"{code} never got there; last {last}");
    }

    [Fact]
    public async Task A_high_high_reading_turns_the_source_its_enterprise_and_the_city_and_the_reason_names_it()
    {
        await using var host = await RunningHost.StartAsync();
        var units = BundleValidator.Validate(BundleReader.ReadDirectory(RunningHost.SampleCity)).Units;
        // A source whose alarm will show above its enterprise: both inherently Yellow or better.
        var inherent = InherentLevels.OfAll(units);
        var source = units.First(u => u.HazardSource?.Sensors.Any(s => s.Kind == "toxic-gas") == true
            && inherent[u.Code].Level <= RiskLevelDomain.Yellow && InherentLevels.OfEnterprise(units.First(e => e.Code == u.Parent), CityTwin.Domain.Risk.RiskRules.Default, []).Level <= RiskLevelDomain.Yellow);
        var sensor = source.HazardSource!.Sensors.First(s => s.Kind == "toxic-gas");
        var value = sensor.SetPoints.HighHigh!.Value * 1.25;
        var query = new QueryService.QueryServiceClient(host.Channel);
        var cityBefore = await query.GetLevelAsync(new GetLevelRequest { Code = "150600" }, cancellationToken: Ct);

        using (var call = new IngestService.IngestServiceClient(host.Channel).StreamReadings(cancellationToken: Ct))
        {
            var batch = new ReadingBatch { BatchId = 1 };
            batch.Readings.Add(new Reading { Sensor = sensor.Code, Value = value, EventTimeMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), Sequence = 1 });
            await call.RequestStream.WriteAsync(batch, Ct);
            Assert.True(await call.ResponseStream.MoveNext(Ct));
            Assert.Equal(1, call.ResponseStream.Current.Accepted);
            await call.RequestStream.CompleteAsync();
        }

        var hs = await Eventually(query, source.Code, l => l.Level >= RiskLevel.Orange);
        Assert.Contains(hs.Sensors, s => s.Code == sensor.Code && s.State == "HighHigh" && s.Value == value);
        var alarm = Assert.Single(hs.Reasons, r => r.Rule.StartsWith("ALARM_HH", StringComparison.Ordinal) && r.Inputs.Any(i => i.Number == value));
        Assert.False(string.IsNullOrWhiteSpace(alarm.TextZh));
        Assert.False(string.IsNullOrWhiteSpace(alarm.TextEn));

        var enterprise = await Eventually(query, source.Parent!, l => l.Level >= hs.Level);
        Assert.Contains(enterprise.Reasons, r => r.Unit == source.Code);
        var city = await Eventually(query, "150600", l => l.HazardSources.Red + l.HazardSources.Orange > cityBefore.HazardSources.Red + cityBefore.HazardSources.Orange || l.Level > cityBefore.Level);
        Assert.True(city.Version > cityBefore.Version);

        var output = new StringWriter();
        Assert.Equal(0, await CliApp.RunAsync(["explain", source.Code, "--server", host.Address], output, new StringWriter()));
        Assert.Contains(alarm.TextZh, output.ToString());
        var top = new StringWriter();
        Assert.Equal(0, await CliApp.RunAsync(["top", "--kind", "hazard-source", "--scope", source.Path[..source.Path.LastIndexOf('/')], "--min-level", "orange", "--server", host.Address], top, new StringWriter()));
        Assert.Contains(source.Code, top.ToString());
    }

    [Fact]
    public async Task After_readings_settle_the_invariant_check_is_clean_and_check_says_so()
    {
        await using var host = await RunningHost.StartAsync();
        var units = BundleValidator.Validate(BundleReader.ReadDirectory(RunningHost.SampleCity)).Units;
        var banner = "150624";
        var sensors = units.Where(u => u.HazardSource is not null && u.Path.StartsWith($"150600/{banner}/", StringComparison.Ordinal))
            .SelectMany(u => u.HazardSource!.Sensors).Take(200).ToList();
        using (var call = new IngestService.IngestServiceClient(host.Channel).StreamReadings(cancellationToken: Ct))
        {
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            var batch = new ReadingBatch { BatchId = 1 };
            // Every third sensor past its high-high set-point, the rest normal.
            batch.Readings.AddRange(sensors.Select((s, i) => new Reading { Sensor = s.Code, Value = i % 3 == 0 ? s.SetPoints.HighHigh!.Value + 0.1 * (s.RangeMax - s.SetPoints.HighHigh!.Value) : s.RangeMin, EventTimeMs = now, Sequence = 1 }));
            await call.RequestStream.WriteAsync(batch, Ct);
            Assert.True(await call.ResponseStream.MoveNext(Ct));
            Assert.Equal(sensors.Count, call.ResponseStream.Current.Accepted);
            await call.RequestStream.CompleteAsync();
        }

        var query = new QueryService.QueryServiceClient(host.Channel);
        InvariantReport report = new();
        for (var i = 0; i < 100; i++)
        {
            report = await query.CheckInvariantAsync(new CheckInvariantRequest { Scope = banner }, cancellationToken: Ct);
            if (report.Mismatches.Count == 0) break;
            await Task.Delay(100, Ct);
        }
        Assert.Empty(report.Mismatches);
        Assert.True(report.Checked > 20);

        var output = new StringWriter();
        Assert.Equal(0, await CliApp.RunAsync(["check", banner, "--server", host.Address], output, new StringWriter()));
        Assert.Contains($"{report.Checked} units checked, 0 mismatch(es)", output.ToString());
    }

    [Fact]
    public async Task Sector_and_department_nodes_answer_and_unknown_codes_are_named()
    {
        await using var host = await RunningHost.StartAsync();
        var query = new QueryService.QueryServiceClient(host.Channel);

        var coal = await query.GetLevelAsync(new GetLevelRequest { Code = "sector.coal" }, cancellationToken: Ct);
        Assert.Equal(158, coal.Enterprises.Blue + coal.Enterprises.Yellow + coal.Enterprises.Orange + coal.Enterprises.Red);
        var slice = await query.GetLevelAsync(new GetLevelRequest { Code = "dept.energy.150622" }, cancellationToken: Ct);
        Assert.True(slice.Enterprises.Blue + slice.Enterprises.Yellow + slice.Enterprises.Orange + slice.Enterprises.Red > 0);

        var missing = await Assert.ThrowsAsync<RpcException>(() => query.GetLevelAsync(new GetLevelRequest { Code = "150699" }, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
        var team = await Assert.ThrowsAsync<RpcException>(() => query.GetLevelAsync(new GetLevelRequest { Code = "team-150600-hazmat" }, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, team.StatusCode);
    }

    [Fact]
    public async Task A_bundle_load_warms_the_live_tree_bottom_up_before_anyone_asks()
    {
        await using var host = await RunningHost.StartAsync(sampleCity: "");
        var files = new[] { "units.geojson", "details.json" }.Select(f => (f, File.ReadAllBytes(Path.Combine(RunningHost.SampleCity, f))));
        await Api.RegistryApiTests.LoadAsync(host, files);

        // Nobody queries a level: the level history fills because the warm-up activated every risk node.
        var query = new QueryService.QueryServiceClient(host.Channel);
        var units = BundleValidator.Validate(BundleReader.ReadDirectory(RunningHost.SampleCity)).Units;
        var deepest = units.Where(u => u.Kind == CityTwin.Domain.Units.UnitKind.HazardSource).OrderByDescending(u => u.Path.Length).First();
        foreach (var code in new[] { deepest.Code, deepest.Parent!, "150600" })
        {
            LevelHistory history = new();
            for (var i = 0; i < 300 && history.Changes.Count == 0; i++)
            {
                history = await query.GetLevelHistoryAsync(new GetLevelHistoryRequest { Code = code }, cancellationToken: Ct);
                if (history.Changes.Count == 0) await Task.Delay(100, Ct);
            }
            Assert.True(history.Changes.Count > 0, $"{code} was never activated");
        }
    }
}
