using Grpc.Core;
using Grpc.Core.Interceptors;

namespace CityTwin.Server.Security.Limits;

/// <summary>
/// Counts every call except health probes against its caller's rate limit before anything else is done for it
/// (authorization and handlers run only for admitted calls).
/// </summary>
public sealed class LimitsInterceptor(CallerLimits limits) : Interceptor
{
    private const string HealthPrefix = "/grpc.health.v1.";

    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        Admit(context);
        return continuation(request, context);
    }

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Admit(context);
        return continuation(requestStream, context);
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Admit(context);
        return continuation(request, responseStream, context);
    }

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Admit(context);
        return continuation(requestStream, responseStream, context);
    }

    private void Admit(ServerCallContext context)
    {
        if (context.Method.StartsWith(HealthPrefix, StringComparison.Ordinal)) return;
        limits.AdmitCall(CallerKey.Of(context.GetHttpContext()));
    }
}
