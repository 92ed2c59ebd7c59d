using CityTwin.Abstractions.Registry;
using CityTwin.Domain.Inspections;
using CityTwin.Server.Alarms;
using CityTwin.Server.Calls;
using CityTwin.Server.Ingest;
using CityTwin.Server.Queries;
using CityTwin.Server.Registry;
using CityTwin.Server.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CityTwin.Server;

public static class CityTwinGrpcExtensions
{
    /// <summary>gRPC with CityTwin's services, error mapping, security and limits (Security/), health and reflection.</summary>
    public static IServiceCollection AddCityTwinGrpc(this IServiceCollection services, IConfiguration configuration)
    {
        var limits = configuration.GetSection("CityTwin:Limits");
        services.Configure<ServerLimits>(limits);
        var maxMessage = limits.Get<ServerLimits>()?.MaxMessageBytes ?? new ServerLimits().MaxMessageBytes;
        services.AddGrpc(o =>
        {
            o.Interceptors.Add<ErrorInterceptor>();
            o.Interceptors.Add<TracingInterceptor>();
            o.MaxReceiveMessageSize = maxMessage;
            o.EnableDetailedErrors = false;
        });
        services.AddCityTwinSecurity(configuration);
        // Innermost, after authorization: the audit interceptor needs the caller, and records only what succeeded.
        services.Configure<Grpc.AspNetCore.Server.GrpcServiceOptions>(o => o.Interceptors.Add<Audit.AuditInterceptor>());
        services.AddSingleton<Audit.AuditRecorder>();
        services.AddGrpcReflection();
        services.AddGrpcHealthChecks().AddCheck("silo", () => Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Healthy());
        services.AddSingleton(sp => new RegistryClient(sp.GetRequiredService<IGrainFactory>()));
        services.AddCityTwinIngest(configuration);
        // The city's local days (alarm counters, deadlines): CityTwin:Live:TimeZone, as the grains read it.
        services.AddSingleton(CityCalendar.Of(configuration["CityTwin:Live:TimeZone"] is { Length: > 0 } zone ? zone : "Asia/Shanghai"));
        services.AddSingleton<Live.LiveTreeWarmer>();
        services.AddOptions<CityTwin.Abstractions.Records.HistoryOptions>();
        services.TryAddSingleton(CityTwin.Domain.Inspections.InspectionRules.Default);
        services.AddSingleton<Calls.LoopCalls>();
        services.AddSingleton<Watch.WatchHub>();
        services.AddHostedService(sp => sp.GetRequiredService<Watch.WatchHub>());
        return services;
    }

    public static IEndpointRouteBuilder MapCityTwinGrpc(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGrpcService<RegistryGrpcService>();
        endpoints.MapGrpcService<QueryGrpcService>();
        endpoints.MapGrpcService<IngestGrpcService>();
        endpoints.MapGrpcService<Watch.WatchGrpcService>();
        endpoints.MapGrpcService<AlarmGrpcService>();
        endpoints.MapGrpcService<History.HistoryGrpcService>();
        endpoints.MapGrpcService<Drills.DrillGrpcService>();
        endpoints.MapGrpcService<Inspections.InspectionGrpcService>();
        endpoints.MapGrpcService<Audit.AuditGrpcService>();
        endpoints.MapGrpcService<Warnings.WarningGrpcService>();
        endpoints.MapGrpcService<Commitments.CommitmentGrpcService>();
        endpoints.MapGrpcHealthChecksService();
        endpoints.MapCityTwinReflection();
        return endpoints;
    }
}
