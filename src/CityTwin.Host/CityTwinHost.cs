using System.Net;
using CityTwin.Abstractions;
using CityTwin.Abstractions.Registry;
using CityTwin.Domain.Registry;
using CityTwin.Host.Cluster;
using CityTwin.Host.Observability;
using CityTwin.Host.Storage;
using CityTwin.Server;
using CityTwin.Server.Security;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace CityTwin.Host;

/// <summary>Builds and runs the CityTwin process: silo + gRPC, the schema when PostgreSQL is configured, the sample city.</summary>
public static partial class CityTwinHost
{
    public static async Task<int> RunAsync(string[] args)
    {
        HostArguments parsed;
        try { parsed = HostArguments.Parse(args); }
        catch (ArgumentException e) { await Console.Error.WriteLineAsync($"citytwin host: {e.Message}\n\n{HostArguments.Usage}"); return 2; }
        if (parsed.Help) { Console.WriteLine(HostArguments.Usage); return 0; }

        if (parsed.InitDbOnly) return await InitDbAsync(parsed);

        WebApplication app;
        try { app = Build(parsed.ConfigurationArgs); }
        catch (OptionsValidationException e) { await Console.Error.WriteLineAsync($"citytwin host: {string.Join("; ", e.Failures)}"); return 2; }
        await app.StartCityTwinAsync();
        await app.WaitForShutdownAsync();
        return 0;
    }

    /// <summary>A configured, not yet started host (tests start several in one process).</summary>
    public static WebApplication Build(string[] configurationArgs, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = configurationArgs, ContentRootPath = AppContext.BaseDirectory });
        configure?.Invoke(builder);
        var options = builder.Configuration.GetSection(CityTwinOptions.Section).Get<CityTwinOptions>() ?? new CityTwinOptions();
        var security = SecurityOptions.From(builder.Configuration);
        Validate(options, security);
        builder.Services.Configure<CityTwinOptions>(builder.Configuration.GetSection(CityTwinOptions.Section));

        var certificate = options.Tls.Enabled ? TlsCertificate.Load(options.Tls) : null;
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Parse(options.Bind), options.GrpcPort, l =>
            {
                l.Protocols = HttpProtocols.Http2;
                if (certificate is not null) l.UseHttps(certificate);
            });
            // Browsers, scrapers and probes speak HTTP/1: a port of their own (plaintext gRPC needs HTTP/2 only).
            if (options.HttpPort > 0)
            {
                k.Listen(IPAddress.Parse(options.Bind), options.HttpPort, l =>
                {
                    l.Protocols = HttpProtocols.Http1;
                    if (certificate is not null) l.UseHttps(certificate);
                });
            }
        });
        builder.AddCityTwinSilo(options);
        builder.Services.AddCityTwinGrpc(builder.Configuration);
        builder.AddCityTwinObservability(options);

        var app = builder.Build();
        app.UseCityTwinSecurity();
        app.MapCityTwinGrpc();
        app.MapCityTwinObservability(options, security.Enabled);
        return app;
    }

    /// <summary>Applies the schema (before the silo needs it), starts, and loads the sample city.</summary>
    public static async Task StartCityTwinAsync(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<CityTwinOptions>>().Value;
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("CityTwin");
        if (options.Postgres.Length > 0 && options.ApplySchema)
            await PostgresSchema.ApplyAsync(options.Postgres, PostgresSchema.DefaultSqlDirectory, logger, CancellationToken.None);

        await app.StartAsync();
        var scheme = options.Tls.Enabled ? "https" : "http";
        LogListening(logger, options.Tls.Enabled ? "TLS" : "h2c", $"{scheme}://{options.Bind}:{options.GrpcPort}", options.Postgres.Length > 0 ? "PostgreSQL" : "memory (lost on exit)");
        var security = app.Services.GetRequiredService<IOptions<SecurityOptions>>().Value;
        if (security.Enabled) LogAuthentication(logger, Describe(security));
        else LogNoAuthentication(logger, options.Bind);

        await LoadSampleCityAsync(app, options, logger);
        app.Services.GetRequiredService<StartupState>().MarkStarted();
    }

    private static async Task LoadSampleCityAsync(WebApplication app, CityTwinOptions options, ILogger logger)
    {
        var sample = options.SampleCityDirectory;
        if (sample.Length == 0) return;
        if (!Directory.Exists(sample)) { LogNoSample(logger, sample); return; }
        var validated = BundleValidator.Validate(BundleReader.ReadDirectory(sample));
        if (!validated.IsValid)
        {
            LogSampleInvalid(logger, sample, validated.Problems.Count, string.Join("; ", validated.Problems.Take(5)));
            return;
        }
        var registry = app.Services.GetRequiredService<RegistryClient>();
        async Task LoadAsync()
        {
            var report = await registry.ApplyAllAsync(validated.Units, prune: false, Actor.LocalOperator);
            LogLoaded(logger, sample, report.Total, report.Upserted, report.Unchanged);
        }
        if (!options.Cluster.IsPostgres) await LoadAsync();
        // A cluster loads it once, whichever silo comes first; restarts and further silos leave the registry as it is.
        else if (!await ClusterOnce.RunAsync(options.Postgres, SampleCityFlag, Environment.MachineName + ":" + options.GrpcPort, LoadAsync, CancellationToken.None))
            LogSampleAlreadyLoaded(logger, sample);
    }

    private const string SampleCityFlag = "sample-city-loaded";

    private static async Task<int> InitDbAsync(HostArguments parsed)
    {
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(parsed.ConfigurationArgs).Build();
        var options = configuration.GetSection(CityTwinOptions.Section).Get<CityTwinOptions>() ?? new CityTwinOptions();
        if (options.Postgres.Length == 0)
        {
            await Console.Error.WriteLineAsync("citytwin host: --init-db needs --postgres CONNECTION_STRING (or CityTwin__Postgres)");
            return 2;
        }
        using var loggers = LoggerFactory.Create(b => b.AddSimpleConsole());
        await PostgresSchema.ApplyAsync(options.Postgres, PostgresSchema.DefaultSqlDirectory, loggers.CreateLogger("CityTwin"), CancellationToken.None);
        Console.WriteLine("schema applied");
        return 0;
    }

    private static string Describe(SecurityOptions security)
    {
        var parts = new List<string>();
        if (security.Jwt.Configured)
            parts.Add($"JWT bearer (issuer {security.Jwt.Issuer}, audience {security.Jwt.Audience}, {(security.Jwt.Authority.Length > 0 ? $"keys of {security.Jwt.Authority}" : "shared signing key")})");
        if (security.ApiKeys.Count > 0) parts.Add($"{security.ApiKeys.Count} API key(s)");
        return string.Join(", ", parts);
    }

    private static void Validate(CityTwinOptions options, SecurityOptions security)
    {
        var failures = new List<string>(security.Problems());
        failures.AddRange(options.Cluster.Problems(options.Postgres.Length > 0));
        if (!IPAddress.TryParse(options.Bind, out var address)) failures.Add($"Bind '{options.Bind}' is not an IP address");
        else if (!IPAddress.IsLoopback(address) && !security.Enabled)
            failures.Add($"refusing to bind {options.Bind} without authentication: configure {SecurityOptions.Section}:Jwt:SigningKey (with Issuer and Audience) or " +
                $"{SecurityOptions.Section}:Jwt:Authority, or {SecurityOptions.Section}:ApiKeys (see docs/security.md), or bind loopback (--bind 127.0.0.1)");
        foreach (var (name, port) in new[] { ("GrpcPort", options.GrpcPort), ("SiloPort", options.SiloPort), ("GatewayPort", options.GatewayPort) })
        {
            if (port is < 1 or > 65535) failures.Add($"{name} {port} is not a TCP port");
        }
        if (options.HttpPort is < 0 or > 65535) failures.Add($"HttpPort {options.HttpPort} is not a TCP port (0 serves none)");
        else if (options.HttpPort == options.GrpcPort) failures.Add($"HttpPort {options.HttpPort} is the gRPC port; give the HTTP/1 endpoint a port of its own");
        if (failures.Count > 0) throw new OptionsValidationException(CityTwinOptions.Section, typeof(CityTwinOptions), failures);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "CityTwin gRPC ({Transport}) listening on {Address}; grain storage: {Storage}")]
    private static partial void LogListening(ILogger logger, string transport, string address, string storage);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Authentication is off: serving unauthenticated callers, as city administrator, on loopback {Bind} only (configure CityTwin:Auth to serve other addresses; see docs/security.md)")]
    private static partial void LogNoAuthentication(ILogger logger, string bind);

    [LoggerMessage(Level = LogLevel.Information, Message = "Authentication is on: {Schemes}; every citytwin.v1 call needs credentials (health stays open)")]
    private static partial void LogAuthentication(ILogger logger, string schemes);

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded city bundle {Directory}: {Total} units ({Upserted} new or changed, {Unchanged} unchanged)")]
    private static partial void LogLoaded(ILogger logger, string directory, int total, int upserted, int unchanged);

    [LoggerMessage(Level = LogLevel.Information, Message = "The cluster loaded the city bundle once already; {Directory} not loaded again (the registry is as stored)")]
    private static partial void LogSampleAlreadyLoaded(ILogger logger, string directory);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No city bundle at {Directory}; starting with the registry as stored")]
    private static partial void LogNoSample(ILogger logger, string directory);

    [LoggerMessage(Level = LogLevel.Error, Message = "City bundle {Directory} is invalid ({Count} problems), not loaded: {First}")]
    private static partial void LogSampleInvalid(ILogger logger, string directory, int count, string first);
}
