using CityTwin.Domain.Registry;
using CityTwin.EndToEnd.Tests.Api;
using CityTwin.Protos.V1;
using Grpc.Core;
using Xunit;

namespace CityTwin.EndToEnd.Tests.Ingest;

public class IngestApiTests(SampleCityHostFixture fixture) : IClassFixture<SampleCityHostFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly IReadOnlyList<CityTwin.Domain.Units.Unit> Sample =
        BundleValidator.Validate(BundleReader.ReadDirectory(RunningHost.SampleCity)).Units;

    private static IEnumerable<string> Sensors(int count, int skip = 0) =>
        Sample.Where(u => u.HazardSource is not null).SelectMany(u => u.HazardSource!.Sensors).Skip(skip).Take(count).Select(s => s.Code);

    [Fact]
    public async Task Bad_readings_are_listed_in_the_acknowledgement_while_the_good_ones_apply_and_the_stream_goes_on()
    {
        var client = new IngestService.IngestServiceClient(fixture.Host.Channel);
        using var call = client.StreamReadings(cancellationToken: Ct);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var good = Sensors(3).ToList();

        var batch = new ReadingBatch { BatchId = 7 };
        batch.Readings.Add(new Reading { Sensor = good[0], Value = 1, EventTimeMs = now, Sequence = 1 });
        batch.Readings.Add(new Reading { Sensor = "no-such-sensor", Value = 1, EventTimeMs = now, Sequence = 1 });
        batch.Readings.Add(new Reading { Sensor = good[1], Value = double.NaN, EventTimeMs = now, Sequence = 1 });
        batch.Readings.Add(new Reading { Sensor = good[2], Value = 2, EventTimeMs = now + (long)TimeSpan.FromDays(1).TotalMilliseconds, Sequence = 1 });
        batch.Readings.Add(new Reading { Sensor = good[1], Value = 3, EventTimeMs = now, Sequence = 2 });
        await call.RequestStream.WriteAsync(batch, Ct);

        Assert.True(await call.ResponseStream.MoveNext(Ct));
        var ack = call.ResponseStream.Current;
        Assert.Equal(7ul, ack.BatchId);
        Assert.Equal(2, ack.Accepted);
        Assert.Equal(
            [(1, "no-such-sensor", "unknown sensor"), (2, good[1], "value is not finite"), (3, good[2], "event time beyond the allowed clock skew (300 s)")],
            ack.Rejected.Select(r => (r.Index, r.Sensor, r.Reason)));

        // Re-sending the same batch is harmless: the sequence numbers make the good readings duplicates.
        await call.RequestStream.WriteAsync(batch, Ct);
        Assert.True(await call.ResponseStream.MoveNext(Ct));
        Assert.Equal((2, 2, 3), (call.ResponseStream.Current.Accepted, call.ResponseStream.Current.Duplicates, call.ResponseStream.Current.Rejected.Count));
        await call.RequestStream.CompleteAsync();
        Assert.False(await call.ResponseStream.MoveNext(Ct));
    }

    [Fact]
    public async Task An_oversized_batch_gets_RESOURCE_EXHAUSTED_naming_the_limit_and_the_silo_stays_up()
    {
        var client = new IngestService.IngestServiceClient(fixture.Host.Channel);
        using var call = client.StreamReadings(cancellationToken: Ct);
        var batch = new ReadingBatch { BatchId = 1 };
        var sensor = Sensors(1).Single();
        for (var i = 0; i < 10_001; i++) batch.Readings.Add(new Reading { Sensor = sensor, Value = 1, EventTimeMs = 1, Sequence = (ulong)i + 1 });
        await call.RequestStream.WriteAsync(batch, Ct);
        var e = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(Ct));
        Assert.Equal(StatusCode.ResourceExhausted, e.StatusCode);
        Assert.Contains("MaxBatchReadings", e.Status.Detail);

        var health = await new Grpc.Health.V1.Health.HealthClient(fixture.Host.Channel).CheckAsync(new Grpc.Health.V1.HealthCheckRequest(), cancellationToken: Ct);
        Assert.Equal(Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
    }

    [Fact]
    public async Task A_batch_spanning_many_sources_is_applied_in_one_pass()
    {
        var client = new IngestService.IngestServiceClient(fixture.Host.Channel);
        using var call = client.StreamReadings(cancellationToken: Ct);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var sensors = Sensors(500, skip: 100).ToList();
        var batch = new ReadingBatch { BatchId = 42 };
        batch.Readings.AddRange(sensors.Select(s => new Reading { Sensor = s, Value = 0.5, EventTimeMs = now, Sequence = 1 }));
        await call.RequestStream.WriteAsync(batch, Ct);
        Assert.True(await call.ResponseStream.MoveNext(Ct));
        Assert.Equal((500, 0), (call.ResponseStream.Current.Accepted, call.ResponseStream.Current.Rejected.Count));
        await call.RequestStream.CompleteAsync();
    }
}
