using CityTwin.Server.Calls;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CityTwin.Server.Security;

/// <summary>
/// The one place every citytwin.v1 call is authorized, before its handler runs: the caller must be authenticated
/// (when authentication is on), its role must hold the permission <see cref="RpcPermissions"/> names for the RPC,
/// and its claims must make a valid scope. The handler then finds the caller through <see cref="Callers"/> and
/// filters by its scope. Other services (health, reflection) are left to their endpoint policies.
/// </summary>
public sealed partial class AuthorizationInterceptor(IOptions<SecurityOptions> security, ILogger<AuthorizationInterceptor> logger) : Interceptor
{
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        Authorize(context);
        return continuation(request, context);
    }

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Authorize(context);
        return continuation(requestStream, context);
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Authorize(context);
        return continuation(request, responseStream, context);
    }

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Authorize(context);
        return continuation(requestStream, responseStream, context);
    }

    private void Authorize(ServerCallContext context)
    {
        var method = context.Method;
        if (!RpcPermissions.IsCityTwin(method)) return;
        if (!RpcPermissions.Table.TryGetValue(method, out var permission))
            throw Deny(method, "anyone", $"{method} has no entry in the permission table, so nobody may call it");

        var http = context.GetHttpContext();
        Caller caller;
        if (!security.Value.Enabled) caller = Caller.LocalOperator;
        else if (http.User.Identity is not { IsAuthenticated: true })
        {
            var reason = UnauthenticatedReason(http);
            LogUnauthenticated(logger, method, reason);
            throw Failures.Unauthenticated(reason);
        }
        else caller = CallerClaims.ToCaller(http.User, out var problem) ?? throw Deny(method, http.User.Identity.Name ?? "?", $"unusable identity: {problem}");

        if (!caller.Role.Permissions.Contains(permission))
            throw Deny(method, caller.ToString(), $"role {caller.Role.Name} does not grant {permission.Name()}, which {method} needs");
        if (permission == Permission.LoadBundle && caller.Scope is not CityScope)
            throw Deny(method, caller.ToString(), $"a bundle load may change any unit of the city; your scope is '{caller.Scope}'");
        Callers.Set(http, caller);
    }

    /// <summary>Why a call without a usable identity is refused: what was wrong with its credentials, or that it had none.</summary>
    public static string UnauthenticatedReason(Microsoft.AspNetCore.Http.HttpContext http) =>
        AuthenticationFailure.Of(http)
        ?? $"{http.Request.Path} needs credentials: a bearer token (metadata 'authorization: Bearer ...') or an API key (metadata '{ApiKeyAuthenticationHandler.Header}')";

    private RpcException Deny(string method, string caller, string reason)
    {
        LogDenied(logger, method, caller, reason);
        return Failures.PermissionDenied(reason);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Method}: unauthenticated: {Reason}")]
    private static partial void LogUnauthenticated(ILogger logger, string method, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Method}: refused {Caller}: {Reason}")]
    private static partial void LogDenied(ILogger logger, string method, string caller, string reason);
}
