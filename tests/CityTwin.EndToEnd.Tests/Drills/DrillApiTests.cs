using System.Text.Json;
using CityTwin.Domain.Drills.Reports;
using CityTwin.EndToEnd.Tests.Api;
using CityTwin.Protos.V1;
using CityTwin.TestSupport;
using Grpc.Core;
using Npgsql;
using Xunit;

namespace CityTwin.EndToEnd.Tests.Drills;

/// <summary>DrillService over real gRPC on the sample city: a full run, isolation from the live world, determinism, deletion.</summary>
public sealed class DrillApiTests(SampleCityHostFixture fixture) : IClassFixture<SampleCityHostFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static string Scenario(string name) => File.ReadAllText(Path.Combine(RunningHost.RepositoryRoot(), "scenarios", "drills", name));

    private DrillService.DrillServiceClient Drills => new(fixture.Host.Channel);

    private QueryService.QueryServiceClient Query => new(fixture.Host.Channel);

    [Fact]
    public async Task A_sample_scenario_runs_to_a_report_through_the_drill_worlds_grains()
    {
        var status = await Drills.StartDrillAsync(new StartDrillRequest { ScenarioJson = Scenario("chlorine-park.json"), RunToEnd = true }, cancellationToken: Ct);
        Assert.Equal("completed", status.State);
        Assert.Equal("", status.Error);
        Assert.StartsWith("drill-", status.DrillId, StringComparison.Ordinal);
        Assert.Equal("local-operator", status.StartedBy);
        Assert.Equal(120, status.ElapsedMin, 6);
        Assert.True(status.WorldUnits > 30, $"{status.WorldUnits} units copied");

        var report = await Drills.GetDrillReportAsync(new DrillRef { DrillId = status.DrillId }, cancellationToken: Ct);
        var r = DrillReportJson.Read(report.ReportJson);
        // The readings at 1 min went through the drill world's hazard source: its alarm is the real state machine's,
        // and the roll-up carried it to the enterprise, the district and the city.
        Assert.Equal(1, r.Kpis.DetectMin);
        Assert.NotNull(r.Kpis.ReportUnitMin);
        Assert.NotNull(r.Kpis.CityAwarenessMin);
        Assert.Equal(r.Kpis.CityAwarenessMin + 2, r.Kpis.ResponseStartMin);
        var source = Assert.Single(r.WorldLevels, l => l.Code == "hs-150624-0002-2");
        Assert.NotEqual(source.Before, source.Peak);
        // Zones pointing downwind (wind from 315° → south-east), teams re-dispatched after the inject.
        var first = r.Consequences[0];
        Assert.Equal(["Red", "Orange", "Yellow"], first.Zones.Select(z => z.Level));
        Assert.True(first.Zones[0].Ring.Average(p => p[0]) > r.Origin.Lon && first.Zones[0].Ring.Average(p => p[1]) < r.Origin.Lat);
        Assert.Contains("team-150624-hazmat", r.Dispatch!.Unavailable);
        Assert.Contains(r.Dispatch.Assignments, a => a.Slot == "hazmat#1" && a.Reasons.Contains("REDISPATCH"));
        Assert.Contains("\"Polygon\"", report.ZonesGeojson, StringComparison.Ordinal);
        Assert.Equal(4, r.Objectives.Count);
    }

    [Fact]
    public async Task The_live_world_never_notices_a_drill()
    {
        string[] chain = ["150600", "150624", "park-150624-02", "ent-150624-0002", "hs-150624-0002-2"];
        var before = await Task.WhenAll(chain.Select(c => Query.GetLevelAsync(new GetLevelRequest { Code = c }, cancellationToken: Ct).ResponseAsync));
        var units = await Task.WhenAll(chain.Select(c => Query.GetUnitAsync(new GetUnitRequest { Code = c }, cancellationToken: Ct).ResponseAsync));
        var count = await CountAsync();

        using var watch = new WatchService.WatchServiceClient(fixture.Host.Channel).Watch(new WatchRequest(), cancellationToken: Ct);
        while (await watch.ResponseStream.MoveNext(Ct) && watch.ResponseStream.Current.Type != WatchEvent.Types.Type.SnapshotEnd) { }

        var status = await Drills.StartDrillAsync(new StartDrillRequest { ScenarioJson = Scenario("chlorine-park.json"), RunToEnd = true }, cancellationToken: Ct);
        Assert.Equal("completed", status.State);
        var report = DrillReportJson.Read((await Drills.GetDrillReportAsync(new DrillRef { DrillId = status.DrillId }, cancellationToken: Ct)).ReportJson);
        Assert.Contains(report.WorldLevels, l => l.Before != l.Peak);   // the drill world moved ...

        var after = await Task.WhenAll(chain.Select(c => Query.GetLevelAsync(new GetLevelRequest { Code = c }, cancellationToken: Ct).ResponseAsync));
        for (var i = 0; i < chain.Length; i++)   // ... the live one did not
        {
            Assert.Equal(before[i].Level, after[i].Level);
            Assert.Equal(before[i].Version, after[i].Version);
            Assert.Equal(before[i].Score, after[i].Score);
            Assert.DoesNotContain(after[i].Sensors, s => s.Sequence != 0);
        }
        var unitsAfter = await Task.WhenAll(chain.Select(c => Query.GetUnitAsync(new GetUnitRequest { Code = c }, cancellationToken: Ct).ResponseAsync));
        Assert.Equal(units.Select(u => u.Version), unitsAfter.Select(u => u.Version));
        Assert.Equal(count, await CountAsync());
        Assert.DoesNotContain((await Query.FindUnitsAsync(new FindUnitsRequest { PathPrefix = "150600", PageSize = 10 }, cancellationToken: Ct)).Units, u => u.Code.StartsWith("drill-", StringComparison.Ordinal));

        // No live watch event came from the drill: a second's worth of whatever arrives is not about the drill's chain.
        using var quiet = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        quiet.CancelAfter(TimeSpan.FromSeconds(1));
        var events = new List<WatchEvent>();
        try
        {
            while (await watch.ResponseStream.MoveNext(quiet.Token)) events.Add(watch.ResponseStream.Current);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled) { }
        catch (OperationCanceledException) { }
        Assert.DoesNotContain(events, e => chain.Contains(e.Unit?.Code));
    }

    private async Task<int> CountAsync()
    {
        var total = 0;
        var token = "";
        do
        {
            var page = await Query.FindUnitsAsync(new FindUnitsRequest { PageSize = 1000, PageToken = token }, cancellationToken: Ct);
            total += page.Units.Count;
            token = page.NextPageToken;
        } while (token.Length > 0);
        return total;
    }

    [Fact]
    public async Task The_same_scenario_and_seed_give_byte_identical_reports()
    {
        var a = await Drills.StartDrillAsync(new StartDrillRequest { ScenarioJson = Scenario("ammonia-town.json"), RunToEnd = true }, cancellationToken: Ct);
        var b = await Drills.StartDrillAsync(new StartDrillRequest { ScenarioJson = Scenario("ammonia-town.json"), RunToEnd = true }, cancellationToken: Ct);
        Assert.NotEqual(a.DrillId, b.DrillId);
        var ra = await Drills.GetDrillReportAsync(new DrillRef { DrillId = a.DrillId }, cancellationToken: Ct);
        var rb = await Drills.GetDrillReportAsync(new DrillRef { DrillId = b.DrillId }, cancellationToken: Ct);
        Assert.Equal(ra.ReportJson, rb.ReportJson);
        Assert.Equal(ra.ZonesGeojson, rb.ZonesGeojson);
        var reseeded = Scenario("ammonia-town.json").Replace("\"seed\": 11", "\"seed\": 12", StringComparison.Ordinal);
        var c = await Drills.StartDrillAsync(new StartDrillRequest { ScenarioJson = reseeded, RunToEnd = true }, cancellationToken: Ct);
        Assert.NotEqual(ra.ReportJson, (await Drills.GetDrillReportAsync(new DrillRef { DrillId = c.DrillId }, cancellationToken: Ct)).ReportJson);
    }

    [Fact]
    public async Task Scenario_problems_come_back_with_field_and_line()
    {
        var bad = Scenario("chlorine-park.json").Replace("\"windFromDeg\": 315", "\"windFromDeg\": 400", StringComparison.Ordinal)
            .Replace("team-150624-hazmat", "team-nowhere", StringComparison.Ordinal);
        var v = await Drills.ValidateScenarioAsync(new ValidateScenarioRequest { ScenarioJson = bad }, cancellationToken: Ct);
        Assert.False(v.Ok);
        Assert.Contains(v.Problems, p => p.Field == "weather.windFromDeg" && p.Line == 16);
        var e = await Assert.ThrowsAsync<RpcException>(() => Drills.StartDrillAsync(new StartDrillRequest { ScenarioJson = bad }, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Contains("line 16: weather.windFromDeg", e.Status.Detail, StringComparison.Ordinal);

        var unknown = Scenario("chlorine-park.json").Replace("team-150624-hazmat", "team-nowhere", StringComparison.Ordinal);
        var u = await Drills.ValidateScenarioAsync(new ValidateScenarioRequest { ScenarioJson = unknown }, cancellationToken: Ct);
        Assert.Contains(u.Problems, p => p.Field == "injects[2].team" && p.Line == 23 && p.Message.Contains("team-nowhere", StringComparison.Ordinal));
        Assert.True((await Drills.ValidateScenarioAsync(new ValidateScenarioRequest { ScenarioJson = Scenario("lpg-bleve.json") }, cancellationToken: Ct)).Ok);
    }

    [Fact]
    public async Task Watching_a_drill_streams_its_timeline_as_it_steps()
    {
        var status = await Drills.StartDrillAsync(new StartDrillRequest { ScenarioJson = Scenario("lpg-bleve.json") }, cancellationToken: Ct);
        Assert.Equal("running", status.State);
        using var watch = Drills.WatchDrill(new WatchDrillRequest { DrillId = status.DrillId }, cancellationToken: Ct);
        var stepping = Drills.StepDrillAsync(new StepDrillRequest { DrillId = status.DrillId, Steps = 0 }, cancellationToken: Ct).ResponseAsync;
        var kinds = new List<string>();
        var index = 0;
        while (await watch.ResponseStream.MoveNext(Ct))
        {
            Assert.Equal(index++, watch.ResponseStream.Current.Index);
            kinds.Add(watch.ResponseStream.Current.Kind);
        }
        Assert.Equal("completed", (await stepping).State);
        Assert.Equal("Release", kinds[0]);
        Assert.Contains("TeamArrived", kinds);
        Assert.Equal((await Drills.GetDrillAsync(new DrillRef { DrillId = status.DrillId }, cancellationToken: Ct)).TimelineCount, kinds.Count);
    }

    [Fact]
    public async Task Detectors_downwind_read_the_plume_through_the_drill_worlds_grains_and_alarm_there()
    {
        // A chlorine release at hs-150626-0006-2 under a north wind, no scripted readings: what detects it is the plume
        // reaching the chlorine detector of hs-150626-0007-2, 2.7 km due south, through that source's drill-world grain.
        var scenario = """
            {
              "format": "citytwin-drill/1", "name": "plume detection", "seed": 5, "start": "2026-06-12T10:00:00+08:00",
              "durationMin": 60, "stepSeconds": 60,
              "event": { "type": "toxic-continuous", "hazardSource": "hs-150626-0006-2", "material": "chlorine", "amountKg": 2000, "durationMin": 10 },
              "weather": { "windSpeedMs": 3, "windFromDeg": 0, "stability": "D", "terrain": "rural", "temperatureC": 20 }
            }
            """;
        var status = await Drills.StartDrillAsync(new StartDrillRequest { ScenarioJson = scenario, RunToEnd = true }, cancellationToken: Ct);
        Assert.True(status.State == "completed", status.Error);
        var r = DrillReportJson.Read((await Drills.GetDrillReportAsync(new DrillRef { DrillId = status.DrillId }, cancellationToken: Ct)).ReportJson);

        var plume = r.Timeline.Where(e => e.Kind == "PlumeReadings").ToList();
        Assert.NotEmpty(plume);
        var alarm = Assert.Single(r.Timeline, e => e.Kind == "FirstAlarm");
        Assert.Equal("sensor alarm", alarm.Detail);
        Assert.Equal("hs-150626-0007-2", alarm.Subject);
        Assert.Contains(plume, e => e.Subject == alarm.Subject && e.AtMin <= alarm.AtMin);
        Assert.Equal(alarm.AtMin, r.Kpis.DetectMin);
        // The cloud passes: the toxic zones end on the timeline.
        Assert.Contains(r.Timeline, e => e.Kind == "ZoneEnded" && e.Level == "Red");
    }

    [Fact]
    public async Task Listing_drills_gives_state_scenario_starter_and_simulated_time_in_pages()
    {
        var running = await Drills.StartDrillAsync(new StartDrillRequest { ScenarioJson = Scenario("lpg-bleve.json") }, cancellationToken: Ct);
        var stepped = await Drills.StepDrillAsync(new StepDrillRequest { DrillId = running.DrillId, Steps = 3 }, cancellationToken: Ct);
        var done = await Drills.StartDrillAsync(new StartDrillRequest { ScenarioJson = Scenario("gasoline-explosion.json"), RunToEnd = true }, cancellationToken: Ct);

        var all = new List<DrillStatus>();
        var token = "";
        do   // pages of one: the token carries on past every drill
        {
            var page = await Drills.ListDrillsAsync(new ListDrillsRequest { PageSize = 1, PageToken = token }, cancellationToken: Ct);
            Assert.True(page.Drills.Count <= 1);
            all.AddRange(page.Drills);
            token = page.NextPageToken;
        } while (token.Length > 0);
        Assert.Equal(all.Count, all.Select(d => d.DrillId).Distinct().Count());
        Assert.True(all.IndexOf(all.Single(d => d.DrillId == done.DrillId)) < all.IndexOf(all.Single(d => d.DrillId == running.DrillId)), "newest first");

        var r = all.Single(d => d.DrillId == running.DrillId);
        Assert.Equal("running", r.State);
        Assert.Equal("LPG sphere BLEVE in Uxin Banner's park", r.Name);
        Assert.Equal("local-operator", r.StartedBy);
        Assert.Equal(3, r.ElapsedMin, 6);
        Assert.Equal("2026-08-03T15:23:00+08:00", r.SimulatedNow);
        Assert.Equal(stepped.TimelineCount, r.TimelineCount);

        var completed = await Drills.ListDrillsAsync(new ListDrillsRequest { State = "completed" }, cancellationToken: Ct);
        Assert.Contains(completed.Drills, d => d.DrillId == done.DrillId && d.ElapsedMin == 120);
        Assert.All(completed.Drills, d => Assert.Equal("completed", d.State));
        Assert.DoesNotContain(completed.Drills, d => d.DrillId == running.DrillId);

        await Drills.DeleteDrillAsync(new DrillRef { DrillId = running.DrillId }, cancellationToken: Ct);
        Assert.DoesNotContain((await Drills.ListDrillsAsync(new ListDrillsRequest(), cancellationToken: Ct)).Drills, d => d.DrillId == running.DrillId);

        var state = await Assert.ThrowsAsync<RpcException>(() => Drills.ListDrillsAsync(new ListDrillsRequest { State = "paused" }, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, state.StatusCode);
        Assert.Contains("state", state.Status.Detail, StringComparison.Ordinal);
        var token2 = await Assert.ThrowsAsync<RpcException>(() => Drills.ListDrillsAsync(new ListDrillsRequest { PageToken = "x" }, cancellationToken: Ct).ResponseAsync);
        Assert.Contains("page_token", token2.Status.Detail, StringComparison.Ordinal);
        var size = await Assert.ThrowsAsync<RpcException>(() => Drills.ListDrillsAsync(new ListDrillsRequest { PageSize = 5000 }, cancellationToken: Ct).ResponseAsync);
        Assert.Contains("page_size", size.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_and_malformed_drill_ids_are_refused_by_name()
    {
        var missing = await Assert.ThrowsAsync<RpcException>(() => Drills.GetDrillAsync(new DrillRef { DrillId = "drill-000000000000" }, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
        var bad = await Assert.ThrowsAsync<RpcException>(() => Drills.GetDrillAsync(new DrillRef { DrillId = "live/150600" }, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, bad.StatusCode);
        Assert.Contains("drill_id", bad.Status.Detail, StringComparison.Ordinal);
    }
}

/// <summary>Deleting a drill clears its world's stored state in PostgreSQL and deactivates it.</summary>
public sealed class DrillDeletionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Deleting_a_drill_leaves_no_stored_state_of_its_world()
    {
        await using var postgres = await PostgresServer.CreateAsync(cancellationToken: Ct);
        await using var host = await RunningHost.StartAsync(postgres: postgres.ConnectionString);
        var drills = new DrillService.DrillServiceClient(host.Channel);
        var status = await drills.StartDrillAsync(new StartDrillRequest { ScenarioJson = DrillApiTests.Scenario("gasoline-explosion.json") }, cancellationToken: Ct);
        Assert.Equal("running", status.State);

        async Task<(long Rows, long Payloads)> StoredAsync()
        {
            await using var connection = new NpgsqlConnection(postgres.ConnectionString);
            await connection.OpenAsync(Ct);
            await using var command = new NpgsqlCommand("SELECT count(*), count(payload) FROM orleans_grain_state WHERE grain_id_ext LIKE @p OR grain_id_ext = @id", connection);
            command.Parameters.AddWithValue("p", status.DrillId + "/%");
            command.Parameters.AddWithValue("id", status.DrillId);
            await using var reader = await command.ExecuteReaderAsync(Ct);
            await reader.ReadAsync(Ct);
            return (reader.GetInt64(0), reader.GetInt64(1));
        }
        var stored = await StoredAsync();
        Assert.True(stored.Payloads > status.WorldUnits, $"{stored.Payloads} stored states for {status.WorldUnits} units");

        Assert.True((await drills.DeleteDrillAsync(new DrillRef { DrillId = status.DrillId }, cancellationToken: Ct)).Deleted);
        Assert.Equal(0, (await StoredAsync()).Payloads);
        var gone = await Assert.ThrowsAsync<RpcException>(() => drills.GetDrillAsync(new DrillRef { DrillId = status.DrillId }, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, gone.StatusCode);
        // The live registry is whole.
        Assert.Equal("hs-150624-0005-1", (await new QueryService.QueryServiceClient(host.Channel).GetUnitAsync(new GetUnitRequest { Code = "hs-150624-0005-1" }, cancellationToken: Ct)).Code);
    }

}
