using CityTwin.Protos.V1;
using Grpc.Core;
using Xunit;
using static CityTwin.EndToEnd.Tests.Security.SecurityCalls;

namespace CityTwin.EndToEnd.Tests.Security;

/// <summary>A host with small limits: 5 calls per second per caller (burst 10) and 64 KiB messages.</summary>
public sealed class LimitedHostFixture : IAsyncLifetime
{
    public RunningHost Host { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Host = await RunningHost.StartAsync(configuration:
    [
        .. Identities.AuthConfiguration(),
        "--CityTwin:Limits:RequestsPerSecond=5", "--CityTwin:Limits:RequestBurst=10", "--CityTwin:Limits:MaxMessageBytes=65536",
    ]);

    public async ValueTask DisposeAsync() => await Host.DisposeAsync();
}

/// <summary>Over a limit a caller gets RESOURCE_EXHAUSTED naming it; other callers are not affected.</summary>
public class LimitsTests(LimitedHostFixture fixture) : IClassFixture<LimitedHostFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private QueryService.QueryServiceClient Query => new(fixture.Host.Channel);

    private Task<StatusCode> GetAsync(Metadata headers) =>
        StatusOf(() => Query.GetUnitAsync(new GetUnitRequest { Code = "150622" }, headers, cancellationToken: Ct).ResponseAsync);

    [Fact]
    public async Task A_flood_from_one_caller_is_refused_while_another_callers_calls_succeed()
    {
        var flooder = Identities.Bearer(Identities.Token("platform", subject: "flooder"));
        var calm = Identities.Bearer(Identities.Token("platform", subject: "calm"));

        var flood = Enumerable.Range(0, 60).Select(_ => StatusOf(() => Query.GetUnitAsync(new GetUnitRequest { Code = "150622" }, flooder, cancellationToken: Ct).ResponseAsync)).ToList();
        var others = new List<StatusCode>();
        for (var i = 0; i < 3; i++) others.Add(await GetAsync(calm));
        var statuses = await Task.WhenAll(flood);

        Assert.All(others, s => Assert.Equal(StatusCode.OK, s));
        Assert.Contains(StatusCode.OK, statuses);
        Assert.True(statuses.Count(s => s == StatusCode.ResourceExhausted) >= 40, string.Join(",", statuses));
        Assert.All(statuses, s => Assert.True(s is StatusCode.OK or StatusCode.ResourceExhausted, s.ToString()));
        var refusal = await Refusal(async () => { for (var i = 0; i < 30; i++) await Query.GetUnitAsync(new GetUnitRequest { Code = "150622" }, flooder, cancellationToken: Ct); });
        Assert.Contains("RequestsPerSecond", refusal.Status.Detail);
    }

    [Fact]
    public async Task An_oversized_message_is_refused_naming_the_limit_while_another_caller_succeeds()
    {
        var sender = Identities.Bearer(Identities.Token("city-admin", subject: "big-sender"));
        var other = Identities.Bearer(Identities.Token("platform", subject: "small-reader"));

        var e = await Refusal(() => new RegistryService.RegistryServiceClient(fixture.Host.Channel)
            .UpsertUnitsAsync(new UpsertUnitsRequest { Features = { new string('x', 100_000) } }, sender, cancellationToken: Ct).ResponseAsync);

        Assert.Equal(StatusCode.ResourceExhausted, e.StatusCode);
        Assert.Contains("limit MaxMessageBytes exceeded", e.Status.Detail);
        Assert.Equal(StatusCode.OK, await GetAsync(other));
        Assert.Equal(StatusCode.OK, await GetAsync(sender));
    }

    [Fact]
    public async Task An_oversized_chunk_of_a_stream_is_refused_naming_the_limit()
    {
        var sender = Identities.Bearer(Identities.Token("city-admin", subject: "big-streamer"));
        using var call = new RegistryService.RegistryServiceClient(fixture.Host.Channel).LoadBundle(sender, cancellationToken: Ct);

        var e = await Refusal(async () =>
        {
            try
            {
                await call.RequestStream.WriteAsync(new BundleChunk { File = "units.geojson", Data = Google.Protobuf.ByteString.CopyFrom(new byte[200_000]), DryRun = true }, Ct);
                await call.RequestStream.CompleteAsync();
            }
            catch (RpcException) { }
            await foreach (var _ in call.ResponseStream.ReadAllAsync(Ct)) { }
        });

        Assert.Equal(StatusCode.ResourceExhausted, e.StatusCode);
        Assert.Contains("limit MaxMessageBytes exceeded", e.Status.Detail);
    }
}
