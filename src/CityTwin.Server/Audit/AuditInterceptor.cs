using CityTwin.Server.Calls;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace CityTwin.Server.Audit;

/// <summary>
/// Leaves one audit record for every successful call of an RPC in <see cref="AuditedRpcs.Table"/>, appended after
/// the handler succeeded and before the call returns. Runs inside authorization, so the caller is known; a refused
/// or failed call leaves no record (refusals are logged by the authorization interceptor).
/// </summary>
public sealed class AuditInterceptor(AuditRecorder recorder) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        if (!AuditedRpcs.Table.TryGetValue(context.Method, out var rpc) || request is not IMessage message) return await continuation(request, context);
        var caller = Callers.Of(context);
        var action = AuditedRpcs.ActionOf(context.Method);
        if (await recorder.CompletePendingAsync(caller, action, rpc.Key(message)) is TResponse done) return done;
        var before = await recorder.PathsBeforeAsync(rpc, message);
        var response = await continuation(request, context);
        await recorder.RecordAsync(rpc, action, message, (IMessage)response, before, context, caller);
        return response;
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        if (!AuditedRpcs.Table.TryGetValue(context.Method, out var rpc))
        {
            await continuation(requestStream, responseStream, context);
            return;
        }
        var caller = Callers.Of(context);
        var action = AuditedRpcs.ActionOf(context.Method);
        // The first request message carries the key: read it here, hand it on first.
        if (!await requestStream.MoveNext(context.CancellationToken))
        {
            await continuation(requestStream, responseStream, context);
            return;
        }
        var first = requestStream.Current;
        if (await recorder.CompletePendingAsync(caller, action, rpc.Key((IMessage)first!)) is TResponse done)
        {
            await responseStream.WriteAsync(done);
            return;
        }
        var requests = new Replay<TRequest>(first, requestStream);
        var responses = new LastOf<TResponse>(responseStream);
        await continuation(requests, responses, context);
        if (responses.Last is IMessage last)
            await recorder.RecordAsync(rpc, action, (IMessage)first!, last, new Dictionary<string, string>(), context, caller);
    }

    /// <summary>A request stream whose first message was read already.</summary>
    private sealed class Replay<T>(T first, IAsyncStreamReader<T> rest) : IAsyncStreamReader<T>
    {
        private bool _started;

        public T Current { get; private set; } = default!;

        public async Task<bool> MoveNext(CancellationToken cancellationToken)
        {
            if (!_started)
            {
                _started = true;
                Current = first;
                return true;
            }
            if (!await rest.MoveNext(cancellationToken)) return false;
            Current = rest.Current;
            return true;
        }
    }

    /// <summary>A response stream that remembers its last message.</summary>
    private sealed class LastOf<T>(IServerStreamWriter<T> inner) : IServerStreamWriter<T>
    {
        public T? Last { get; private set; }

        public WriteOptions? WriteOptions { get => inner.WriteOptions; set => inner.WriteOptions = value; }

        public Task WriteAsync(T message) => WriteAsync(message, CancellationToken.None);

        public async Task WriteAsync(T message, CancellationToken cancellationToken)
        {
            await inner.WriteAsync(message, cancellationToken);
            Last = message;
        }
    }
}
