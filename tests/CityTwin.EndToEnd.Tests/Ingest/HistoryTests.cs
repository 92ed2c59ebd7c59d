using CityTwin.Domain.History;
using CityTwin.Protos.V1;
using CityTwin.TestSupport;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Npgsql;
using Xunit;

namespace CityTwin.EndToEnd.Tests.Ingest;

/// <summary>
/// The monitoring history over real gRPC: readings sent through ingest come back from HistoryService within the
/// sensor's deadband (GT-01 of hs-150622-0001-1: 0-100 %LEL, so 0.5 at the default 0.5 % of range); on PostgreSQL
/// the day partitions beyond the retention are dropped and the range edges are exact.
/// </summary>
public class HistoryTests
{
    private const string Sensor = "hs-150622-0001-1.GT-01";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_sent_reading_is_reconstructed_within_the_deadband_from_fewer_stored_points()
    {
        await using var host = await RunningHost.StartAsync();
        var random = new Random(7);
        var t0 = DateTimeOffset.UtcNow.AddMinutes(-30).ToUnixTimeMilliseconds();
        double level = 5;
        var sent = Enumerable.Range(0, 600).Select(i =>
        {
            level += (random.NextDouble() - 0.5) * 0.4 + (i == 300 ? 10 : 0);
            return (t0 + i * 1_000L, Math.Round(level, 3));
        }).ToArray();
        await SendAsync(host, sent);

        var history = new HistoryService.HistoryServiceClient(host.Channel);
        var readings = await history.GetReadingsAsync(new GetReadingsRequest
        {
            Sensor = Sensor, From = Timestamp.FromDateTimeOffset(DateTimeOffset.FromUnixTimeMilliseconds(t0)), To = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow),
        }, cancellationToken: Ct);
        Assert.Equal(("%LEL", 0.5, "hs-150622-0001-1"), (readings.Unit, readings.Deadband, readings.Source));
        var stored = readings.Points.Select(p => new HistoryPoint(p.TimeMs, p.Value)).ToList();
        Assert.InRange(stored.Count, 2, sent.Length / 2);
        Assert.All(sent, r => Assert.True(Math.Abs(Historian.ValueAt(stored, r.Item1)!.Value - r.Item2) <= readings.Deadband, $"{r} vs {Historian.ValueAt(stored, r.Item1)}"));

        var series = await history.GetSeriesAsync(new GetSeriesRequest
        {
            Sensor = Sensor, From = Timestamp.FromDateTimeOffset(DateTimeOffset.FromUnixTimeMilliseconds(t0)), To = Timestamp.FromDateTimeOffset(DateTimeOffset.FromUnixTimeMilliseconds(t0 + 600_000)), BucketSeconds = 60,
        }, cancellationToken: Ct);
        Assert.Equal(10, series.Buckets.Count);
        Assert.Equal((25.0, 50.0), (series.High, series.HighHigh));
        for (var b = 0; b < 10; b++)
        {
            var inBucket = sent.Where(r => r.Item1 >= t0 + b * 60_000 && r.Item1 < t0 + (b + 1) * 60_000).Select(r => r.Item2).ToList();
            Assert.InRange(series.Buckets[b].Max, inBucket.Max() - 0.5, inBucket.Max() + 0.5);
            Assert.InRange(series.Buckets[b].Min, inBucket.Min() - 0.5, inBucket.Min() + 0.5);
        }

        var unknown = await Assert.ThrowsAsync<RpcException>(() => history.GetReadingsAsync(new GetReadingsRequest { Sensor = "nope.GT-01" }, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
        var tooMany = await Assert.ThrowsAsync<RpcException>(() => history.GetSeriesAsync(new GetSeriesRequest
        {
            Sensor = Sensor, From = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(-30)), BucketSeconds = 1,
        }, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, tooMany.StatusCode);
        Assert.Contains("bucket_seconds", tooMany.Status.Detail);
    }

    [Fact]
    public async Task On_postgresql_old_day_partitions_are_dropped_and_the_edges_of_a_range_are_exact()
    {
        await using var postgres = await PostgresServer.CreateAsync(cancellationToken: Ct);
        var now = DateTimeOffset.UtcNow;
        var old = now.AddDays(-5).ToUnixTimeMilliseconds();
        var recent = now.AddDays(-1).ToUnixTimeMilliseconds();
        var latest = now.AddMinutes(-1).ToUnixTimeMilliseconds();
        string[] retention = ["--CityTwin:History:RetentionDays=3"];
        await using (var first = await RunningHost.StartAsync(postgres: postgres.ConnectionString, configuration: retention))
        {
            await SendAsync(first, (old, 10), (recent, 20), (latest, 30));
            var history = new HistoryService.HistoryServiceClient(first.Channel);
            for (var i = 0; i < 100; i++)
            {
                var all = await history.GetReadingsAsync(new GetReadingsRequest { Sensor = Sensor, From = Stamp(old - 1), To = Stamp(latest + 1) }, cancellationToken: Ct);
                if (all.Points.Count == 3) break;
                await Task.Delay(100, Ct);
            }
            Assert.Contains(Partition(old), await PartitionsAsync(postgres));
        }

        // The restarted host's retention pass drops the day older than three days.
        await using var second = await RunningHost.StartAsync(postgres: postgres.ConnectionString, sampleCity: "", configuration: retention);
        for (var i = 0; i < 100 && (await PartitionsAsync(postgres)).Contains(Partition(old)); i++) await Task.Delay(100, Ct);
        var partitions = await PartitionsAsync(postgres);
        Assert.DoesNotContain(Partition(old), partitions);
        Assert.Contains(Partition(recent), partitions);

        var client = new HistoryService.HistoryServiceClient(second.Channel);
        async Task<IReadOnlyList<(long, double)>> Read(long from, long to) =>
            (await client.GetReadingsAsync(new GetReadingsRequest { Sensor = Sensor, From = Stamp(from), To = Stamp(to) }, cancellationToken: Ct)).Points.Select(p => (p.TimeMs, p.Value)).ToList();
        Assert.Equal([(recent, 20.0), (latest, 30.0)], await Read(old - 1, latest + 1));
        Assert.Equal([(recent, 20.0)], await Read(recent, latest));           // from is inclusive, to exclusive
        Assert.Equal([(recent, 20.0), (latest, 30.0)], await Read(recent + 1, latest + 1));   // the value held at `from` comes first
    }

    [Fact]
    public async Task The_recent_window_is_checkpointed_and_comes_back_after_a_restart()
    {
        await using var postgres = await PostgresServer.CreateAsync(cancellationToken: Ct);
        string[] checkpoints = ["--CityTwin:Live:CheckpointInterval=00:00:00.2"];
        var t0 = DateTimeOffset.UtcNow.AddMinutes(-2).ToUnixTimeMilliseconds();
        await using (var first = await RunningHost.StartAsync(postgres: postgres.ConnectionString, configuration: checkpoints))
        {
            await SendAsync(first, Enumerable.Range(0, 40).Select(i => (t0 + i * 1_000L, 1.0 + i)).ToArray());
            await Task.Delay(1_500, Ct);   // several checkpoint intervals
        }

        await using var second = await RunningHost.StartAsync(postgres: postgres.ConnectionString, sampleCity: "", configuration: checkpoints);
        var window = await new QueryService.QueryServiceClient(second.Channel).GetSensorWindowAsync(new GetSensorWindowRequest { Sensor = Sensor }, cancellationToken: Ct);
        Assert.Equal(32, window.Readings.Count);
        Assert.Equal((t0 + 8_000, 9.0), (window.Readings[0].EventTimeMs, window.Readings[0].Value));
        Assert.Equal((t0 + 39_000, 40.0), (window.Readings[^1].EventTimeMs, window.Readings[^1].Value));
    }

    private static Timestamp Stamp(long ms) => Timestamp.FromDateTimeOffset(DateTimeOffset.FromUnixTimeMilliseconds(ms));

    private static string Partition(long ms) => $"sensor_reading_{DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime:yyyyMMdd}";

    private static async Task<IReadOnlyList<string>> PartitionsAsync(PostgresServer postgres)
    {
        await using var connection = new NpgsqlConnection(postgres.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand("SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = 'sensor_reading'", connection);
        var names = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(Ct);
        while (await reader.ReadAsync(Ct)) names.Add(reader.GetString(0));
        return names;
    }

    private static long _sequence;

    private static async Task SendAsync(RunningHost host, params (long TimeMs, double Value)[] readings)
    {
        using var call = new IngestService.IngestServiceClient(host.Channel).StreamReadings(cancellationToken: Ct);
        var batch = new ReadingBatch { BatchId = 1 };
        foreach (var (at, value) in readings)
            batch.Readings.Add(new Reading { Sensor = Sensor, Value = value, EventTimeMs = at, Sequence = (ulong)Interlocked.Increment(ref _sequence) });
        await call.RequestStream.WriteAsync(batch, Ct);
        Assert.True(await call.ResponseStream.MoveNext(Ct));
        Assert.Empty(call.ResponseStream.Current.Rejected);
        await call.RequestStream.CompleteAsync();
    }
}
