using Xunit;

namespace CityTwin.EndToEnd.Tests.Security;

/// <summary>
/// One host with authentication on (JWT and an API key) and the sample city, shared by a test class. The call rate
/// limit is raised: the matrix's administrator reads the registry around every case, faster than 200 calls a second
/// when the machine is quick (LimitsTests tests the limit on a host of its own).
/// </summary>
public sealed class SecureHostFixture : IAsyncLifetime
{
    public RunningHost Host { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Host = await RunningHost.StartAsync(configuration:
        [.. Identities.AuthConfiguration(), "--CityTwin:Limits:RequestsPerSecond=5000", "--CityTwin:Limits:RequestBurst=10000"]);

    public async ValueTask DisposeAsync() => await Host.DisposeAsync();
}
