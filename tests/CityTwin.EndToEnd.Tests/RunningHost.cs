using CityTwin.Host;
using CityTwin.TestSupport;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;

namespace CityTwin.EndToEnd.Tests;

/// <summary>
/// The real CityTwin host (silo + Kestrel gRPC) started in this process on free loopback ports, reached over a
/// real HTTP/2 connection like any external client.
/// </summary>
public sealed class RunningHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private RunningHost(WebApplication app, int grpcPort)
    {
        _app = app;
        GrpcPort = grpcPort;
        Address = $"http://127.0.0.1:{grpcPort}";
        Channel = GrpcChannel.ForAddress(Address, new GrpcChannelOptions { MaxReceiveMessageSize = 64 << 20 });
    }

    public int GrpcPort { get; }
    public string Address { get; }
    public GrpcChannel Channel { get; }

    /// <summary>The host's services: its grain factory (a test standing in for a reminder's tick or the platform raising a warning) and its stores.</summary>
    public IServiceProvider Services => _app.Services;

    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CityTwin.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new DirectoryNotFoundException("CityTwin.sln not found above the test directory");
    }

    public static string SampleCity => Path.Combine(RepositoryRoot(), "scenarios", "ordos");

    /// <param name="postgres">Connection string for PostgreSQL storage; null keeps state in memory.</param>
    /// <param name="sampleCity">Bundle to load at start; "" for none.</param>
    /// <param name="configuration">Extra configuration switches, e.g. <c>--CityTwin:Auth:Jwt:SigningKey=...</c>.</param>
    /// <param name="configure">Changes to the builder before the host wires itself (e.g. a fake loop clock).</param>
    public static async Task<RunningHost> StartAsync(string? postgres = null, string? sampleCity = null, int? grpcPort = null, IEnumerable<string>? configuration = null,
        Action<WebApplicationBuilder>? configure = null)
    {
        var port = grpcPort ?? FreePort.Next();
        var args = new List<string>
        {
            $"--CityTwin:GrpcPort={port}", $"--CityTwin:SiloPort={FreePort.Next()}", $"--CityTwin:GatewayPort={FreePort.Next()}",
            $"--CityTwin:SampleCity={sampleCity ?? SampleCity}", "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:CityTwin=Information",
        };
        if (postgres is not null) args.Add($"--CityTwin:Postgres={postgres}");
        args.AddRange(configuration ?? []);
        var app = CityTwinHost.Build([.. args], configure);
        await app.StartCityTwinAsync();
        return new RunningHost(app, port);
    }

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
