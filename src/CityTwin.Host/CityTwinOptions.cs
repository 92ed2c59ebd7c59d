namespace CityTwin.Host;

/// <summary>The host's settings (configuration section <c>CityTwin</c>; environment <c>CityTwin__Name</c>; command-line switches in --help).</summary>
public sealed class CityTwinOptions
{
    public const string Section = "CityTwin";

    /// <summary>Address the gRPC endpoint binds to. Without authentication (CityTwin:Auth) only loopback is allowed.</summary>
    public string Bind { get; set; } = "127.0.0.1";
    public int GrpcPort { get; set; } = 50051;
    public int SiloPort { get; set; } = 11111;
    public int GatewayPort { get; set; } = 30000;
    /// <summary>Plain HTTP/1 port (same bind address) for /metrics, /healthz and the dashboard; 0 serves none.</summary>
    public int HttpPort { get; set; }
    public string ClusterId { get; set; } = "citytwin";
    public string ServiceId { get; set; } = "citytwin";

    /// <summary>PostgreSQL connection string for grain state and reminders; empty keeps both in memory.</summary>
    public string Postgres { get; set; } = "";
    /// <summary>Apply the project's schema (idempotent) on start when PostgreSQL is configured.</summary>
    public bool ApplySchema { get; set; } = true;

    /// <summary>Bundle directory loaded at start; "" for none. Defaults to the bundled sample city.</summary>
    public string? SampleCity { get; set; }

    /// <summary>How silos find each other: local (one silo) or postgres (ADO.NET clustering); docs/cluster.md.</summary>
    public Cluster.ClusterModeOptions Cluster { get; set; } = new();

    /// <summary>TLS for the gRPC endpoint; off (h2c) when no certificate is given.</summary>
    public TlsOptions Tls { get; set; } = new();

    public string SampleCityDirectory => SampleCity ?? Path.Combine(AppContext.BaseDirectory, "sample-city");
}

/// <summary>The server certificate: a PKCS#12 file (with its password), or a PEM certificate with its PEM key file.</summary>
public sealed class TlsOptions
{
    public string CertificatePath { get; set; } = "";
    public string CertificatePassword { get; set; } = "";
    /// <summary>PEM private key, when <see cref="CertificatePath"/> is a PEM certificate.</summary>
    public string KeyPath { get; set; } = "";

    public bool Enabled => CertificatePath.Length > 0;
}
