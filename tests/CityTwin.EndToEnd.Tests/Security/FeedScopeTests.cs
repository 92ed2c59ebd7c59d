using CityTwin.Protos.V1;
using Grpc.Core;
using Xunit;

namespace CityTwin.EndToEnd.Tests.Security;

/// <summary>A feed writer writes its own sensors only: readings for sensors outside its scope are rejected, each named.</summary>
public class FeedScopeTests(SecureHostFixture fixture) : IClassFixture<SecureHostFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_feed_writer_scoped_to_one_enterprise_writes_its_sensors_and_no_one_elses()
    {
        var own = Identities.Sample.Single(u => u.Code == Identities.HazardSource).HazardSource!.Sensors[0].Code;
        var foreign = Identities.Sample.First(u => u.HazardSource is not null && !u.Path.StartsWith(Identities.PathOf(Identities.Enterprise), StringComparison.Ordinal)).HazardSource!.Sensors[0].Code;
        var headers = Identities.Bearer(Identities.Token("feed-writer", Identities.PathOf(Identities.Enterprise), subject: "gateway-0001"));

        using var call = new IngestService.IngestServiceClient(fixture.Host.Channel).StreamReadings(headers, cancellationToken: Ct);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var batch = new ReadingBatch { BatchId = 3 };
        batch.Readings.Add(new Reading { Sensor = own, Value = 0.1, EventTimeMs = now, Sequence = 1 });
        batch.Readings.Add(new Reading { Sensor = foreign, Value = 0.1, EventTimeMs = now, Sequence = 1 });
        await call.RequestStream.WriteAsync(batch, Ct);
        Assert.True(await call.ResponseStream.MoveNext(Ct));

        var ack = call.ResponseStream.Current;
        Assert.Equal(1, ack.Accepted);
        var rejected = Assert.Single(ack.Rejected);
        Assert.Equal((1, foreign), (rejected.Index, rejected.Sensor));
        Assert.StartsWith("sensor outside the caller's scope", rejected.Reason);
        await call.RequestStream.CompleteAsync();
    }

    [Fact]
    public async Task A_platform_token_cannot_open_a_feed()
    {
        var headers = Identities.Bearer(Identities.Token("platform"));
        using var call = new IngestService.IngestServiceClient(fixture.Host.Channel).StreamReadings(headers, cancellationToken: Ct);
        var e = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            await call.RequestStream.WriteAsync(new ReadingBatch { BatchId = 1 }, Ct);
            await call.ResponseStream.MoveNext(Ct);
        });
        Assert.Equal(StatusCode.PermissionDenied, e.StatusCode);
    }
}
