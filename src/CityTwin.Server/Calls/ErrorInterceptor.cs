using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Logging;

namespace CityTwin.Server.Calls;

/// <summary>
/// Turns what escapes a handler into a status with a message instead of UNKNOWN: timeouts and cluster
/// trouble become UNAVAILABLE (the outcome of a timed-out write is unknown: retry with the same request),
/// argument errors and unreadable messages INVALID_ARGUMENT, anything else INTERNAL with the error logged.
/// </summary>
public sealed partial class ErrorInterceptor(ILogger<ErrorInterceptor> logger) : Interceptor
{
    private const string Reached = "citytwin.interceptors-reached";

    /// <summary>
    /// True once the call got past grpc-dotnet's reading of the request into the interceptors: a failure before that
    /// is an unreadable request (see <see cref="Security.Limits.GrpcStatusMiddleware"/>).
    /// </summary>
    public static bool WasReached(Microsoft.AspNetCore.Http.HttpContext context) => context.Items.ContainsKey(Reached);

    private static void MarkReached(ServerCallContext context) => context.GetHttpContext().Items[Reached] = true;

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        MarkReached(context);
        try { return await continuation(request, context); }
        catch (Exception e) when (e is not RpcException) { throw Translate(e, context); }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        MarkReached(context);
        try { return await continuation(requestStream, context); }
        catch (Exception e) when (e is not RpcException) { throw Translate(e, context); }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        MarkReached(context);
        try { await continuation(request, responseStream, context); }
        catch (Exception e) when (e is not RpcException) { throw Translate(e, context); }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        MarkReached(context);
        try { await continuation(requestStream, responseStream, context); }
        catch (Exception e) when (e is not RpcException) { throw Translate(e, context); }
    }

    private RpcException Translate(Exception e, ServerCallContext context)
    {
        switch (e)
        {
            case OperationCanceledException when context.CancellationToken.IsCancellationRequested:
                return new RpcException(new Status(StatusCode.Cancelled, "the call was cancelled"));
            case var _ when CityTwin.Abstractions.Records.StorageFailures.Find(e) is { } storage:
                LogStorageUnavailable(logger, context.Method, storage.GetType().Name, storage.Message);
                return new RpcException(new Status(StatusCode.Unavailable,
                    $"{CityTwin.Abstractions.Records.StorageFailures.Describe(storage)}; this change was not confirmed as stored: retry the call when storage is back"));
            case TimeoutException or Orleans.Runtime.OrleansMessageRejectionException or Orleans.Runtime.SiloUnavailableException:
                LogUnavailable(logger, context.Method, e.Message);
                return new RpcException(new Status(StatusCode.Unavailable, $"the cluster did not answer in time ({e.GetType().Name}); the outcome is unknown, retry the call"));
            case CityTwin.Abstractions.Records.StorageUnavailableException:
                LogUnavailable(logger, context.Method, e.Message);
                return new RpcException(new Status(StatusCode.Unavailable, $"{e.Message}; this change was not confirmed as stored: retry the call when storage is back"));
            case CityTwin.Abstractions.Records.RecordsUnavailableException:
                LogUnavailable(logger, context.Method, e.Message);
                return new RpcException(new Status(StatusCode.Unavailable, e.Message));
            case ArgumentException or FormatException or InvalidDataException:
                return new RpcException(new Status(StatusCode.InvalidArgument, e.Message));
            case Google.Protobuf.InvalidProtocolBufferException:
                // A streamed message that is not valid protobuf: the caller's fault, not ours.
                return new RpcException(new Status(StatusCode.InvalidArgument, $"a request message is not a valid protobuf message of {context.Method}: {e.Message}"));
            default:
                LogFailure(logger, context.Method, e);
                return new RpcException(new Status(StatusCode.Internal, $"internal error ({e.GetType().Name}); it has been logged"));
        }
    }

    /// <summary>
    /// The database failure inside <paramref name="e"/> (a grain's storage call surfaces as the driver's
    /// DbException, possibly wrapped by the runtime), or null when it is not one.
    /// </summary>

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method}: storage unavailable: {Type}: {Reason}")]
    private static partial void LogStorageUnavailable(ILogger logger, string method, string type, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method}: cluster unavailable: {Reason}")]
    private static partial void LogUnavailable(ILogger logger, string method, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Method} failed")]
    private static partial void LogFailure(ILogger logger, string method, Exception exception);
}
