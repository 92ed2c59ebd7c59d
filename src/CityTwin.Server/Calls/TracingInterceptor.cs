using CityTwin.Abstractions.Observability;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace CityTwin.Server.Calls;

/// <summary>
/// One "CityTwin" activity per unary call (the queries, registry edits), named by the method and tagged with its
/// status, as a child of ASP.NET Core's request activity; grain calls made inside join the same trace.
/// </summary>
public sealed class TracingInterceptor : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        using var activity = CityTwinTelemetry.Source.StartActivity(context.Method);
        try
        {
            return await continuation(request, context);
        }
        catch (Exception e)
        {
            if (e is RpcException rpc) activity?.SetTag("rpc.grpc.status_code", (int)rpc.StatusCode);
            activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, e.Message);
            throw;
        }
    }
}
