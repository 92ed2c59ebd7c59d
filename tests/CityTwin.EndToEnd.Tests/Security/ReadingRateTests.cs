using System.Diagnostics;
using CityTwin.Protos.V1;
using Grpc.Core;
using Xunit;

namespace CityTwin.EndToEnd.Tests.Security;

/// <summary>The per-caller reading rate (here 200 readings/s, burst 100): a stream over it is paced, never dropped; a batch above a burst is refused naming the limit.</summary>
public class ReadingRateTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private const string Sensor = "hs-150622-0001-1.GT-01";

    [Fact]
    public async Task A_stream_over_the_reading_rate_is_paced_and_a_batch_above_a_burst_is_refused()
    {
        await using var host = await RunningHost.StartAsync(configuration: ["--CityTwin:Limits:ReadingsPerSecond=200", "--CityTwin:Limits:ReadingsBurst=100"]);
        var ingest = new IngestService.IngestServiceClient(host.Channel);
        var sequence = 0UL;
        ReadingBatch Batch(ulong id, int n)
        {
            var batch = new ReadingBatch { BatchId = id };
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 1_000;
            for (var i = 0; i < n; i++) batch.Readings.Add(new Reading { Sensor = Sensor, Value = 1, EventTimeMs = now, Sequence = ++sequence });
            return batch;
        }

        var clock = Stopwatch.StartNew();
        var accepted = 0;
        using (var call = ingest.StreamReadings(cancellationToken: Ct))
        {
            for (ulong id = 1; id <= 5; id++)
            {
                await call.RequestStream.WriteAsync(Batch(id, 100), Ct);
                Assert.True(await call.ResponseStream.MoveNext(Ct));
                Assert.Equal(id, call.ResponseStream.Current.BatchId);
                accepted += call.ResponseStream.Current.Accepted;
            }
            await call.RequestStream.CompleteAsync();
        }
        Assert.Equal(500, accepted);
        // 500 readings at 200/s after a burst of 100 take at least two seconds: the stream was paced, not refused.
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1.5), $"{clock.Elapsed}");

        using var big = ingest.StreamReadings(cancellationToken: Ct);
        await big.RequestStream.WriteAsync(Batch(6, 150), Ct);
        var e = await Assert.ThrowsAsync<RpcException>(async () => await big.ResponseStream.MoveNext(Ct));
        Assert.Equal(StatusCode.ResourceExhausted, e.StatusCode);
        Assert.Contains("limit ReadingsBurst exceeded", e.Status.Detail);
    }
}
