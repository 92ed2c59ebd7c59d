namespace CityTwin.Host;

/// <summary>The host's settings (configuration section <c>CityTwin</c>; environment <c>CityTwin__Name</c>; command-line switches in --help).</summary>
public sealed class CityTwinOptions
{
    public const string Section = "CityTwin";

    /// <summary>Address the gRPC endpoint binds to. Without authentication only loopback is allowed.</summary>
    public string Bind { get; set; } = "127.0.0.1";
    public int GrpcPort { get; set; } = 50051;
    public int SiloPort { get; set; } = 11111;
    public int GatewayPort { get; set; } = 30000;
    public string ClusterId { get; set; } = "citytwin";
    public string ServiceId { get; set; } = "citytwin";

    /// <summary>PostgreSQL connection string for grain state and reminders; empty keeps both in memory.</summary>
    public string Postgres { get; set; } = "";
    /// <summary>Apply the project's schema (idempotent) on start when PostgreSQL is configured.</summary>
    public bool ApplySchema { get; set; } = true;

    /// <summary>Bundle directory loaded at start; "" for none. Defaults to the bundled sample city.</summary>
    public string? SampleCity { get; set; }

    public string SampleCityDirectory => SampleCity ?? Path.Combine(AppContext.BaseDirectory, "sample-city");
}
