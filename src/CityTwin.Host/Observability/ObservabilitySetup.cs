using CityTwin.Abstractions.Observability;
using CityTwin.Server.Security;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Orleans.Dashboard;

namespace CityTwin.Host.Observability;

/// <summary>
/// OpenTelemetry metrics (CityTwin's, Orleans', ASP.NET Core's) scraped as Prometheus text and, by setting, sent by
/// OTLP with traces; health checks for gRPC health and HTTP probes; the Orleans Dashboard by setting.
/// </summary>
public static class ObservabilitySetup
{
    public const string ReadyTag = "ready";
    private static readonly string[] Meters = [CityTwinTelemetry.Name, "Microsoft.Orleans", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Grpc.AspNetCore.Server"];

    public static WebApplicationBuilder AddCityTwinObservability(this WebApplicationBuilder builder, CityTwinOptions options)
    {
        var telemetry = builder.Configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        builder.Services.Configure<TelemetryOptions>(builder.Configuration.GetSection(TelemetryOptions.Section));
        builder.Services.AddSingleton<StartupState>();
        builder.Services.AddHealthChecks()
            .AddCheck<SiloReadyCheck>("silo-active", tags: [ReadyTag])
            .AddCheck<StorageCheck>("storage", tags: [ReadyTag]);

        var otlp = telemetry.OtlpEndpoint.Length > 0;
        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("citytwin", serviceInstanceId: $"{options.Cluster.AdvertisedAddress}:{options.SiloPort}"))
            .WithMetrics(m =>
            {
                m.AddMeter(Meters);
                m.AddPrometheusExporter();
                if (otlp) m.AddOtlpExporter(o => Otlp(o, telemetry));
            });
        if (otlp)
        {
            otel.WithTracing(t =>
            {
                t.AddSource(CityTwinTelemetry.Name, "Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application");
                t.AddAspNetCoreInstrumentation();
                t.AddOtlpExporter(o => Otlp(o, telemetry));
            });
        }
        builder.UseOrleans(silo =>
        {
            // grain calls join the gRPC call's trace
            if (otlp) silo.AddActivityPropagation();
            if (telemetry.Dashboard) silo.AddDashboard();
        });
        return builder;
    }

    private static void Otlp(OtlpExporterOptions o, TelemetryOptions telemetry)
    {
        o.Endpoint = new Uri(telemetry.OtlpEndpoint);
        o.Protocol = telemetry.OtlpProtocol == "http/protobuf" ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc;
    }

    /// <summary>
    /// /metrics, /healthz/live (runs no check: the process answers), /healthz/ready (silo active; storage Degraded
    /// still answers 200) and the dashboard, on the HTTP/1 port only.
    /// </summary>
    public static WebApplication MapCityTwinObservability(this WebApplication app, CityTwinOptions options, bool securityEnabled)
    {
        if (options.HttpPort == 0) return app;
        var host = $"*:{options.HttpPort}";
        app.MapPrometheusScrapingEndpoint("/metrics").RequireHost(host);
        app.MapHealthChecks("/healthz/live", new HealthCheckOptions { Predicate = _ => false }).RequireHost(host);
        app.MapHealthChecks("/healthz/ready", new HealthCheckOptions
        {
            Predicate = c => c.Tags.Contains(ReadyTag),
            ResultStatusCodes = { [HealthStatus.Healthy] = 200, [HealthStatus.Degraded] = 200, [HealthStatus.Unhealthy] = 503 },
        }).RequireHost(host);

        var telemetry = app.Configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        if (telemetry.Dashboard)
        {
            var dashboard = app.MapOrleansDashboard(routePrefix: "/dashboard").RequireHost(host);
            // Without authentication the host serves loopback only (see Validate), as the gRPC API does.
            if (securityEnabled) dashboard.RequireAuthorization(p => p.AddAuthenticationSchemes(SecurityExtensions.Scheme).RequireAuthenticatedUser().RequireRole(telemetry.DashboardRole));
        }
        return app;
    }
}
