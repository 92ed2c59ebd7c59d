using Xunit;

namespace CityTwin.EndToEnd.Tests.Api;

/// <summary>One host with the sample city loaded, shared by the read-only API tests of a class.</summary>
public sealed class SampleCityHostFixture : IAsyncLifetime
{
    public RunningHost Host { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Host = await RunningHost.StartAsync();

    public async ValueTask DisposeAsync() => await Host.DisposeAsync();
}
