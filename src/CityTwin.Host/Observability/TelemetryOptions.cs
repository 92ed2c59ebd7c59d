namespace CityTwin.Host.Observability;

/// <summary>Metrics, traces and the dashboard (configuration section <c>CityTwin:Telemetry</c>; docs/cluster.md).</summary>
public sealed class TelemetryOptions
{
    public const string Section = "CityTwin:Telemetry";

    /// <summary>OTLP collector endpoint (e.g. http://otel-collector:4317); "" exports no OTLP (Prometheus text stays on the HTTP port).</summary>
    public string OtlpEndpoint { get; set; } = "";

    /// <summary>"grpc" (default) or "http/protobuf".</summary>
    public string OtlpProtocol { get; set; } = "grpc";

    /// <summary>Serve the Orleans Dashboard at /dashboard on the HTTP port (every silo of the cluster must agree).</summary>
    public bool Dashboard { get; set; }

    /// <summary>The role the dashboard requires when authentication is on.</summary>
    public string DashboardRole { get; set; } = "city-admin";
}
