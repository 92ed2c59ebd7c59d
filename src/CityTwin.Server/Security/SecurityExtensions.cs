using System.Text;
using CityTwin.Server.Security.Limits;
using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.IdentityModel.Tokens;

namespace CityTwin.Server.Security;

/// <summary>Wiring of authentication, authorization and per-caller limits for the citytwin.v1 services.</summary>
public static class SecurityExtensions
{
    /// <summary>The scheme that picks the handler for a request: API key when its header is present, else JWT bearer.</summary>
    public const string Scheme = "CityTwin";
    public const string AuthenticatedPolicy = "citytwin-authenticated";

    /// <summary>
    /// Authentication from <c>CityTwin:Auth</c>, the authorization and limits interceptors (after the error
    /// interceptor: call after AddGrpc), the scope services.
    /// </summary>
    public static IServiceCollection AddCityTwinSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        var options = SecurityOptions.From(configuration);
        services.Configure<SecurityOptions>(configuration.GetSection(SecurityOptions.Section));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<CallerLimits>();
        services.AddSingleton<ScopeResolver>();
        services.AddSingleton<RegistryScopeGuard>();
        services.Configure<GrpcServiceOptions>(o =>
        {
            o.Interceptors.Add<LimitsInterceptor>();
            o.Interceptors.Add<AuthorizationInterceptor>();
        });

        var authentication = options.Enabled ? services.AddAuthentication(Scheme) : services.AddAuthentication();
        if (options.Enabled)
        {
            authentication.AddPolicyScheme(Scheme, "bearer token or API key", o => o.ForwardDefaultSelector = context =>
                context.Request.Headers.ContainsKey(ApiKeyAuthenticationHandler.Header) || !options.Jwt.Configured
                    ? ApiKeyAuthenticationHandler.SchemeName
                    : JwtBearerDefaults.AuthenticationScheme);
            // Registered even without keys so the selector always has a scheme to forward to; it then knows no key.
            authentication.AddScheme<ApiKeyAuthenticationOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, o => o.Keys = options.ApiKeys);
        }
        if (options.Jwt.Configured) authentication.AddJwtBearer(o => ConfigureJwt(o, options.Jwt));
        services.AddAuthorizationBuilder().AddPolicy(AuthenticatedPolicy, p => p.RequireAuthenticatedUser());
        return services;
    }

    private static void ConfigureJwt(JwtBearerOptions o, JwtSettings jwt)
    {
        // Claims keep their JWT names (sub, role, citytwin_scope) instead of being mapped to WS-* URIs.
        o.MapInboundClaims = false;
        if (jwt.Authority.Length > 0) o.Authority = jwt.Authority;
        o.TokenValidationParameters = new TokenValidationParameters
        {
            ValidIssuer = jwt.Issuer,
            ValidAudience = jwt.Audience,
            ValidateIssuer = true,
            ValidateAudience = true,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            ValidateIssuerSigningKey = true,
            IssuerSigningKey = jwt.SigningKey.Length > 0 ? new SymmetricSecurityKey(Encoding.UTF8.GetBytes(jwt.SigningKey)) : null,
            ClockSkew = jwt.ClockSkew,
            NameClaimType = CallerClaims.Subject,
            RoleClaimType = CallerClaims.Role,
        };
        o.Events = new JwtBearerEvents
        {
            OnAuthenticationFailed = context =>
            {
                AuthenticationFailure.Record(context.HttpContext, AuthenticationFailure.Describe(context.Exception));
                return Task.CompletedTask;
            },
        };
    }

    /// <summary>Authentication and authorization middleware, and the status rewriting that names limits; before the endpoints.</summary>
    public static IApplicationBuilder UseCityTwinSecurity(this IApplicationBuilder app)
    {
        app.UseMiddleware<GrpcStatusMiddleware>();
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    /// <summary>Server reflection: open when authentication is off (loopback only), for authenticated callers otherwise.</summary>
    public static IEndpointRouteBuilder MapCityTwinReflection(this IEndpointRouteBuilder endpoints)
    {
        var reflection = endpoints.MapGrpcReflectionService();
        if (SecurityOptions.From(endpoints.ServiceProvider.GetRequiredService<IConfiguration>()).Enabled)
            reflection.RequireAuthorization(AuthenticatedPolicy);
        return endpoints;
    }
}
