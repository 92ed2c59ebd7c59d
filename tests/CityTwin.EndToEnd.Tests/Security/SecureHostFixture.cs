using Xunit;

namespace CityTwin.EndToEnd.Tests.Security;

/// <summary>One host with authentication on (JWT and an API key) and the sample city, shared by a test class.</summary>
public sealed class SecureHostFixture : IAsyncLifetime
{
    public RunningHost Host { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Host = await RunningHost.StartAsync(configuration: Identities.AuthConfiguration());

    public async ValueTask DisposeAsync() => await Host.DisposeAsync();
}
