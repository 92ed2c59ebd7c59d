using CityTwin.Domain.Drills.Reports;
using CityTwin.Domain.Registry;
using CityTwin.Protos.V1;
using Grpc.Core;
using Xunit;

namespace CityTwin.EndToEnd.Tests.Drills;

/// <summary>
/// Isolation while the live twin is busy: a background task streams live readings through IngestService on the
/// sample city while a drill runs; the drill world's city moves, the live city does not, and no live watch event
/// concerns the drill.
/// </summary>
public sealed class DrillIsolationUnderLoadTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string Origin = "hs-150624-0002-2";
    private static readonly string[] Chain = ["150600", "150624", "park-150624-02", "ent-150624-0002", Origin];

    [Fact]
    public async Task A_drill_run_under_live_ingest_moves_only_the_drill_worlds_city()
    {
        // No live ticks during the test: a tick re-evaluates a source at a later time (its reasons' ages move on), a change
        // of the live world's own that the drill did not cause; readings are the live changes that matter here.
        await using var host = await RunningHost.StartAsync(configuration: ["--CityTwin:Live:TickInterval=01:00:00"]);
        var query = new QueryService.QueryServiceClient(host.Channel);
        var drills = new DrillService.DrillServiceClient(host.Channel);

        // Live load: every gas detector of the city outside the drill's origin, at a fifth of its HIGH set-point (normal:
        // the live levels must not move because of the load itself), in batches of 200, until the drill is done.
        var units = BundleValidator.Validate(BundleReader.ReadDirectory(RunningHost.SampleCity)).Units;
        var sensors = units.Where(u => u.HazardSource is not null && u.Code != Origin).SelectMany(u => u.HazardSource!.Sensors)
            .Where(s => s.SetPoints.High is > 0 && s.SetPoints.Low is null && s.SetPoints.LowLow is null).ToList();
        Assert.True(sensors.Count > 500, $"{sensors.Count} sensors");

        // The live chain at rest first: reading it activates it, and a first activation may still recompute once.
        Task<LiveLevel[]> ReadChain() => Task.WhenAll(Chain.Select(c => query.GetLevelAsync(new GetLevelRequest { Code = c }, cancellationToken: Ct).ResponseAsync));
        var before = await ReadChain();
        for (var settled = 0; settled < 3;)
        {
            await Task.Delay(500, Ct);
            var again = await ReadChain();
            settled = again.Select(l => l.Version).SequenceEqual(before.Select(l => l.Version)) ? settled + 1 : 0;
            before = again;
        }
        using var watch = new WatchService.WatchServiceClient(host.Channel).Watch(new WatchRequest(), cancellationToken: Ct);
        while (await watch.ResponseStream.MoveNext(Ct) && watch.ResponseStream.Current.Type != WatchEvent.Types.Type.SnapshotEnd) { }
        var events = new List<WatchEvent>();
        using var stopWatching = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var watching = Task.Run(async () =>
        {
            try
            {
                while (await watch.ResponseStream.MoveNext(stopWatching.Token)) lock (events) events.Add(watch.ResponseStream.Current);
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled) { }
            catch (OperationCanceledException) { }
        }, Ct);

        using var stopLoad = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var accepted = 0L;
        var load = Task.Run(async () =>
        {
            using var call = new IngestService.IngestServiceClient(host.Channel).StreamReadings(cancellationToken: Ct);
            var sequence = 0UL;
            var batchId = 0UL;
            while (!stopLoad.IsCancellationRequested)
            {
                sequence++;
                foreach (var chunk in sensors.Chunk(200))
                {
                    var batch = new ReadingBatch { BatchId = ++batchId };
                    var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
                    batch.Readings.AddRange(chunk.Select(s => new Reading { Sensor = s.Code, Value = s.SetPoints.High!.Value * (0.2 + 0.01 * (sequence % 5)), EventTimeMs = now, Sequence = sequence }));
                    await call.RequestStream.WriteAsync(batch, Ct);
                    Assert.True(await call.ResponseStream.MoveNext(Ct));
                    Assert.Empty(call.ResponseStream.Current.Rejected);
                    Interlocked.Add(ref accepted, call.ResponseStream.Current.Accepted);
                }
            }
            await call.RequestStream.CompleteAsync();
        }, Ct);

        // The load is flowing before the drill starts.
        while (Interlocked.Read(ref accepted) < sensors.Count) await Task.Delay(20, Ct);
        var atDrillStart = Interlocked.Read(ref accepted);
        var status = await drills.StartDrillAsync(new StartDrillRequest { ScenarioJson = DrillApiTests.Scenario("chlorine-park.json"), RunToEnd = true }, cancellationToken: Ct);
        var duringDrill = Interlocked.Read(ref accepted) - atDrillStart;
        await stopLoad.CancelAsync();
        await load;
        Assert.Equal("completed", status.State);
        // At least a batch of live readings was accepted while the drill ran (a fast drill may take less than a full pass).
        Assert.True(duringDrill >= 200, $"only {duringDrill} live readings went in while the drill ran");

        // The drill world's city moved: the alarm reached its picture, and its level is in the report.
        var report = DrillReportJson.Read((await drills.GetDrillReportAsync(new DrillRef { DrillId = status.DrillId }, cancellationToken: Ct)).ReportJson);
        Assert.NotNull(report.Kpis.CityAwarenessMin);
        var city = Assert.Single(report.WorldLevels, l => l.Code == "150600");
        Assert.True(city.Changes > 0, $"the drill world's city ({city.Before}, {city.BeforeScore}) never changed");

        // The live chain did not: same levels, versions and scores, no reading on the origin's sensors.
        var after = await Task.WhenAll(Chain.Select(c => query.GetLevelAsync(new GetLevelRequest { Code = c }, cancellationToken: Ct).ResponseAsync));
        for (var i = 0; i < Chain.Length; i++)
        {
            Assert.True((before[i].Level, before[i].Version, before[i].Score) == (after[i].Level, after[i].Version, after[i].Score),
                $"live {Chain[i]} moved: {before[i].Level} v{before[i].Version} {before[i].Score} → {after[i].Level} v{after[i].Version} {after[i].Score} ({string.Join("; ", after[i].Reasons.Select(r => r.Rule))})");
        }
        Assert.DoesNotContain(after[^1].Sensors, s => s.Sequence != 0);
        // ... while the live readings did arrive where they were sent.
        var loaded = sensors.First();
        var window = await query.GetSensorWindowAsync(new GetSensorWindowRequest { Sensor = loaded.Code }, cancellationToken: Ct);
        Assert.NotEmpty(window.Readings);

        await Task.Delay(500, Ct);   // let the live watch deliver whatever the last batches caused
        await stopWatching.CancelAsync();
        await watching;
        lock (events)
        {
            // Reading the chain above activated it: its first summaries may reach the watch after it subscribed. Those carry
            // the versions read before the drill; any later version would be a change.
            var seen = Chain.Select((c, i) => (c, before[i].Version)).ToDictionary(x => x.c, x => x.Version);
            Assert.DoesNotContain(events, e => e.Unit is { } u && seen.TryGetValue(u.Code, out var v) && u.Version > v);
            Assert.DoesNotContain(events, e => e.Path.StartsWith("drill-", StringComparison.Ordinal) || e.Unit?.Code.StartsWith("drill-", StringComparison.Ordinal) == true);
        }
    }
}
