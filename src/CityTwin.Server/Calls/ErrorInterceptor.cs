using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Logging;

namespace CityTwin.Server.Calls;

/// <summary>
/// Turns what escapes a handler into a status with a message instead of UNKNOWN: timeouts and cluster
/// trouble become UNAVAILABLE (the outcome of a timed-out write is unknown: retry with the same request),
/// argument errors INVALID_ARGUMENT, anything else INTERNAL with the error logged.
/// </summary>
public sealed partial class ErrorInterceptor(ILogger<ErrorInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try { return await continuation(request, context); }
        catch (Exception e) when (e is not RpcException) { throw Translate(e, context); }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try { return await continuation(requestStream, context); }
        catch (Exception e) when (e is not RpcException) { throw Translate(e, context); }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try { await continuation(request, responseStream, context); }
        catch (Exception e) when (e is not RpcException) { throw Translate(e, context); }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try { await continuation(requestStream, responseStream, context); }
        catch (Exception e) when (e is not RpcException) { throw Translate(e, context); }
    }

    private RpcException Translate(Exception e, ServerCallContext context)
    {
        switch (e)
        {
            case OperationCanceledException when context.CancellationToken.IsCancellationRequested:
                return new RpcException(new Status(StatusCode.Cancelled, "the call was cancelled"));
            case TimeoutException or Orleans.Runtime.OrleansMessageRejectionException or Orleans.Runtime.SiloUnavailableException:
                LogUnavailable(logger, context.Method, e.Message);
                return new RpcException(new Status(StatusCode.Unavailable, $"the cluster did not answer in time ({e.GetType().Name}); the outcome is unknown, retry the call"));
            case ArgumentException or FormatException or InvalidDataException:
                return new RpcException(new Status(StatusCode.InvalidArgument, e.Message));
            default:
                LogFailure(logger, context.Method, e);
                return new RpcException(new Status(StatusCode.Internal, $"internal error ({e.GetType().Name}); it has been logged"));
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method}: cluster unavailable: {Reason}")]
    private static partial void LogUnavailable(ILogger logger, string method, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Method} failed")]
    private static partial void LogFailure(ILogger logger, string method, Exception exception);
}
