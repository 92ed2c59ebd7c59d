using CityTwin.Server.Calls;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace CityTwin.Server.Security.Limits;

/// <summary>
/// grpc-dotnet answers two kinds of hostile request itself, before any interceptor runs, with statuses that say
/// little: an oversized message (RESOURCE_EXHAUSTED not naming our limit) and an unreadable one (UNKNOWN, "Exception
/// was thrown by handler"). This rewrites them, in the headers of a trailers-only response or in the trailers: to
/// UNAUTHENTICATED when authentication is on and the caller has no identity (a stranger learns nothing more), else
/// to name <see cref="ServerLimits.MaxMessageBytes"/>, or to INVALID_ARGUMENT. So no caller ever sees UNKNOWN.
/// </summary>
public sealed class GrpcStatusMiddleware(RequestDelegate next, IOptions<ServerLimits> limits, IOptions<SecurityOptions> security)
{
    private const string Unauthenticated = "16";
    private const string ResourceExhausted = "8";
    private const string Unknown = "2";
    private const string InvalidArgument = "3";
    private const string FrameworkTooLarge = "Received message exceeds the maximum configured message size.";

    public async Task InvokeAsync(HttpContext context)
    {
        if (!GrpcResponses.IsGrpc(context))
        {
            await next(context);
            return;
        }
        context.Response.OnStarting(() =>
        {
            Rewrite(context, context.Response.Headers);
            return Task.CompletedTask;
        });
        await next(context);
        if (!context.Response.HasStarted) Rewrite(context, context.Response.Headers);
        if (context.Features.Get<IHttpResponseTrailersFeature>()?.Trailers is { } trailers) Rewrite(context, trailers);
    }

    private void Rewrite(HttpContext context, IHeaderDictionary headers)
    {
        var status = headers[GrpcResponses.StatusHeader];
        var beforeInterceptors = (status == ResourceExhausted || status == Unknown) && !ErrorInterceptor.WasReached(context);
        if (beforeInterceptors && security.Value.Enabled && context.User.Identity is not { IsAuthenticated: true }
            && RpcPermissions.IsCityTwin(context.Request.Path.Value ?? ""))
        {
            headers[GrpcResponses.StatusHeader] = Unauthenticated;
            headers[GrpcResponses.MessageHeader] = GrpcResponses.Encode(AuthorizationInterceptor.UnauthenticatedReason(context));
        }
        else if (status == ResourceExhausted && headers[GrpcResponses.MessageHeader] == FrameworkTooLarge)
        {
            headers[GrpcResponses.MessageHeader] = GrpcResponses.Encode(
                $"limit {nameof(ServerLimits.MaxMessageBytes)} exceeded: a message is larger than {limits.Value.MaxMessageBytes} bytes; send bundles in chunks");
        }
        else if (status == Unknown && beforeInterceptors)
        {
            headers[GrpcResponses.StatusHeader] = InvalidArgument;
            headers[GrpcResponses.MessageHeader] = GrpcResponses.Encode($"the request is not a valid protobuf message of {context.Request.Path}");
        }
    }
}
