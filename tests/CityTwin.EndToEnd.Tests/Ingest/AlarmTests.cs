using CityTwin.Protos.V1;
using CityTwin.TestSupport;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Xunit;

namespace CityTwin.EndToEnd.Tests.Ingest;

/// <summary>
/// Alarm records over real gRPC: raised by a reading, kept while cleared but unacknowledged, acknowledged by a named
/// caller, counted per day with the flaps the alarm logic prevented; and the source's level history and sensor window.
/// The sensor is GT-02 of hs-150622-0001-1 (methane, %LEL: HIGH 25, HIGH-HIGH 50, deadband 1.25, clear delay 60 s).
/// </summary>
public class AlarmTests
{
    private const string Source = "hs-150622-0001-1";
    private const string Sensor = Source + ".GT-02";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_alarm_is_raised_kept_until_acknowledged_and_counted_with_the_flaps_it_prevented()
    {
        await using var host = await RunningHost.StartAsync();
        var alarms = new AlarmService.AlarmServiceClient(host.Channel);
        // Event time drives the clear delay; the wall clock does too once it passes, so the second batch comes from
        // a minute ahead (within the allowed clock skew) instead of the first from far behind.
        var t0 = DateTimeOffset.UtcNow.AddSeconds(-10);

        // HIGH; back inside the deadband (a plain comparator would clear); HIGH again; past the clear point but for less
        // than the clear delay (a comparator would clear again); still past it after the delay: cleared.
        await SendAsync(host, (t0, 30), (t0.AddSeconds(2), 24.5), (t0.AddSeconds(4), 30), (t0.AddSeconds(6), 20));
        var raised = Assert.Single(await ActiveAsync(alarms));
        Assert.Equal((Source, Sensor, AlarmState.High, AlarmState.High, 30.0), (raised.Source, raised.Sensor, raised.Current, raised.Worst, raised.RaisedValue));
        Assert.Equal(t0.ToUnixTimeMilliseconds(), raised.RaisedAt.ToDateTimeOffset().ToUnixTimeMilliseconds());
        Assert.Null(raised.ClearedAt);

        await SendAsync(host, (t0.AddSeconds(70), 20));
        var cleared = Assert.Single(await ActiveAsync(alarms));
        Assert.Equal((raised.Id, AlarmState.Normal, true), (cleared.Id, cleared.Current, cleared.Active));
        Assert.Equal(t0.AddSeconds(66).ToUnixTimeMilliseconds(), cleared.ClearedAt.ToDateTimeOffset().ToUnixTimeMilliseconds());

        var acked = await alarms.AcknowledgeAlarmsAsync(new AcknowledgeAlarmsRequest { Ids = { raised.Id }, Note = "gas detector recalibrated" }, cancellationToken: Ct);
        Assert.Equal(("local-operator", "gas detector recalibrated", false), (acked.Alarms[0].AcknowledgedBy, acked.Alarms[0].Note, acked.Alarms[0].Active));
        Assert.Empty(await ActiveAsync(alarms));
        var closed = await alarms.ListAlarmsAsync(new ListAlarmsRequest { PathPrefix = SourcePath, ClosedSince = Timestamp.FromDateTimeOffset(t0.AddMinutes(-1)) }, cancellationToken: Ct);
        Assert.Equal(raised.Id, Assert.Single(closed.Alarms).Id);

        var again = await Assert.ThrowsAsync<RpcException>(() => alarms.AcknowledgeAlarmsAsync(new AcknowledgeAlarmsRequest { Ids = { raised.Id } }, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, again.StatusCode);
        Assert.Contains(raised.Id, again.Status.Detail);

        var stats = await alarms.GetAlarmStatsAsync(new AlarmStatsRequest
        {
            PathPrefix = "150600/150622", FromDay = DateTimeOffset.UtcNow.AddDays(-1).ToString("yyyy-MM-dd"), ToDay = DateTimeOffset.UtcNow.AddDays(1).ToString("yyyy-MM-dd"),
        }, cancellationToken: Ct);
        Assert.Equal((1, 1, 1), (stats.Days.Sum(d => d.Raised), stats.Days.Sum(d => d.KeptByDeadband), stats.Days.Sum(d => d.KeptByClearDelay)));
        var elsewhere = await alarms.GetAlarmStatsAsync(new AlarmStatsRequest { PathPrefix = "150600/150602" }, cancellationToken: Ct);
        Assert.Equal(0, elsewhere.Days.Sum(d => d.Raised));
    }

    [Fact]
    public async Task The_source_keeps_its_sensor_window_and_its_level_changes_with_reasons()
    {
        await using var host = await RunningHost.StartAsync();
        var t0 = DateTimeOffset.UtcNow.AddSeconds(-100);
        await SendAsync(host, Enumerable.Range(0, 40).Select(i => (t0.AddSeconds(i), i == 39 ? 60.0 : 1.0 + i)).ToArray());

        var query = new QueryService.QueryServiceClient(host.Channel);
        var window = await query.GetSensorWindowAsync(new GetSensorWindowRequest { Sensor = Sensor }, cancellationToken: Ct);
        Assert.Equal((Source, 32), (window.Source, window.Capacity));
        Assert.Equal(32, window.Readings.Count);
        Assert.Equal(t0.AddSeconds(8).ToUnixTimeMilliseconds(), window.Readings[0].EventTimeMs);
        Assert.Equal(60.0, window.Readings[^1].Value);

        var history = await query.GetLevelHistoryAsync(new GetLevelHistoryRequest { Code = Source }, cancellationToken: Ct);
        var last = history.Changes[^1];
        Assert.True(last.Level >= RiskLevel.Orange, $"last change {last}");
        Assert.Contains("high-high", last.ReasonsEn);
        Assert.False(string.IsNullOrWhiteSpace(last.ReasonsZh));
        Assert.All(history.Changes.Zip(history.Changes.Skip(1)), p => Assert.NotEqual(p.First.Level, p.Second.Level));

        var unknown = await Assert.ThrowsAsync<RpcException>(() => query.GetSensorWindowAsync(new GetSensorWindowRequest { Sensor = Source + ".NOPE" }, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
        var badLimit = await Assert.ThrowsAsync<RpcException>(() => query.GetLevelHistoryAsync(new GetLevelHistoryRequest { Code = Source, Limit = -1 }, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, badLimit.StatusCode);
        Assert.Contains("limit", badLimit.Status.Detail);
    }

    [Fact]
    public async Task Alarm_records_acknowledgements_and_level_changes_outlive_the_host_on_postgresql()
    {
        await using var postgres = await PostgresServer.CreateAsync(cancellationToken: Ct);
        var t0 = DateTimeOffset.UtcNow.AddSeconds(-60);
        string acknowledgedId, openId;
        await using (var first = await RunningHost.StartAsync(postgres: postgres.ConnectionString))
        {
            var alarms = new AlarmService.AlarmServiceClient(first.Channel);
            await SendAsync(first, (t0, 30));
            await SendAsync(first, Source + ".GT-01", (t0.AddSeconds(2), 55));
            var active = await EventuallyAsync(() => ActiveAsync(alarms), list => list.Count == 2);
            acknowledgedId = active.Single(a => a.Sensor == Sensor).Id;
            openId = active.Single(a => a.Sensor == Source + ".GT-01").Id;
            await alarms.AcknowledgeAlarmsAsync(new AcknowledgeAlarmsRequest { Ids = { acknowledgedId }, Note = "seen" }, cancellationToken: Ct);
            var query = new QueryService.QueryServiceClient(first.Channel);
            await EventuallyAsync(() => query.GetLevelHistoryAsync(new GetLevelHistoryRequest { Code = Source }, cancellationToken: Ct).ResponseAsync,
                h => h.Changes.Any(c => c.Level >= RiskLevel.Orange));
        }

        await using var second = await RunningHost.StartAsync(postgres: postgres.ConnectionString, sampleCity: "");
        var after = await ActiveAsync(new AlarmService.AlarmServiceClient(second.Channel));
        var open = Assert.Single(after, a => a.Id == openId);
        Assert.Equal((AlarmState.HighHigh, ""), (open.Worst, open.AcknowledgedBy));
        var acknowledged = Assert.Single(after, a => a.Id == acknowledgedId);
        Assert.Equal(("local-operator", "seen"), (acknowledged.AcknowledgedBy, acknowledged.Note));

        // The restarted source takes up the open record instead of raising a second one.
        await SendAsync(second, Source + ".GT-01", (t0.AddSeconds(3), 56));
        await Task.Delay(1_000, Ct);   // longer than the records' write-behind interval
        Assert.Single(await ActiveAsync(new AlarmService.AlarmServiceClient(second.Channel)), a => a.Sensor == Source + ".GT-01");

        var history = await new QueryService.QueryServiceClient(second.Channel).GetLevelHistoryAsync(new GetLevelHistoryRequest { Code = Source }, cancellationToken: Ct);
        Assert.Contains(history.Changes, c => c.Level >= RiskLevel.Orange && c.ReasonsEn.Contains("high-high alarm (55%LEL", StringComparison.Ordinal));
    }

    private const string SourcePath = "150600/150622/park-150622-01/ent-150622-0001/" + Source;

    private static async Task<IReadOnlyList<Alarm>> ActiveAsync(AlarmService.AlarmServiceClient alarms) =>
        (await alarms.ListAlarmsAsync(new ListAlarmsRequest { PathPrefix = "150600/150622" }, cancellationToken: Ct)).Alarms;

    private static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var last = default(T);
        for (var i = 0; i < 200; i++)
        {
            last = await read();
            if (done(last)) return last;
            await Task.Delay(50, Ct);
        }
        throw new Xunit.Sdk.XunitException($"never got there; last {last}");
    }

    private static Task SendAsync(RunningHost host, params (DateTimeOffset At, double Value)[] readings) => SendAsync(host, Sensor, readings);

    private static long _sequence;

    private static async Task SendAsync(RunningHost host, string sensor, params (DateTimeOffset At, double Value)[] readings)
    {
        using var call = new IngestService.IngestServiceClient(host.Channel).StreamReadings(cancellationToken: Ct);
        var batch = new ReadingBatch { BatchId = 1 };
        foreach (var (at, value) in readings)
            batch.Readings.Add(new Reading { Sensor = sensor, Value = value, EventTimeMs = at.ToUnixTimeMilliseconds(), Sequence = (ulong)Interlocked.Increment(ref _sequence) });
        await call.RequestStream.WriteAsync(batch, Ct);
        Assert.True(await call.ResponseStream.MoveNext(Ct));
        Assert.Empty(call.ResponseStream.Current.Rejected);
        await call.RequestStream.CompleteAsync();
    }
}
