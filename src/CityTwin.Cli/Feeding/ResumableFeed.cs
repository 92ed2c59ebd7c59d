using CityTwin.Protos.V1;
using Grpc.Core;
using Grpc.Net.Client;

namespace CityTwin.Cli.Feeding;

/// <summary>What a feed has done so far; every reading is counted once, however often its batch was re-sent.</summary>
public sealed record FeedTotals(long Sent, long Accepted, long Duplicates, long Rejected, int Batches, int Reconnects);

/// <summary>
/// Streams reading batches over IngestService.StreamReadings to one server of a list, and when the stream breaks
/// (a silo killed, a connection reset) opens a stream to the next server and re-sends every batch not yet
/// acknowledged, then goes on where it was. The ingest contract (docs/ingest.md) makes this safe: per-sensor
/// sequence numbers turn a reading the dead silo had applied into a harmless duplicate.
/// </summary>
public sealed class ResumableFeed(IReadOnlyList<string> servers, CallCredentials? credentials, TextWriter log)
{
    /// <summary>Batches sent and not yet acknowledged; the writer waits above it, so a dead stream costs at most this many re-sends.</summary>
    public int Window { get; init; } = 64;

    /// <summary>Stream breaks survived before giving up; each moves to the next server, round the list.</summary>
    public int MaxReconnects { get; init; } = 10;

    public TimeSpan ReconnectDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    private readonly LinkedList<ReadingBatch> _pending = new();
    private readonly SemaphoreSlim _room = new(0);
    private long _sent, _accepted, _duplicates, _rejected;
    private int _batches, _reconnects;

    public FeedTotals Totals
    {
        get
        {
            lock (_pending) return new FeedTotals(_sent, _accepted, _duplicates, _rejected, _batches, _reconnects);
        }
    }

    /// <summary>Acknowledgements with rejected readings, for the caller to show.</summary>
    public event Action<BatchAck>? Rejected;

    public async Task<FeedTotals> RunAsync(IEnumerable<ReadingBatch> batches, CancellationToken ct)
    {
        if (servers.Count == 0) throw new RpcException(new Status(StatusCode.InvalidArgument, "no server address given"));
        using var source = batches.GetEnumerator();
        var exhausted = false;
        for (var server = 0; ; server = (server + 1) % servers.Count)
        {
            try
            {
                exhausted = await StreamAsync(servers[server], source, exhausted, ct);
                return Totals;
            }
            catch (Exception e) when (Broken(e, ct) && _reconnects < MaxReconnects)
            {
                _reconnects++;
                var next = servers[(server + 1) % servers.Count];
                log.WriteLine($"\nthe stream to {servers[server]} broke ({Describe(e)}); re-sending {Unacknowledged} unacknowledged batch(es) to {next}");
                await Task.Delay(ReconnectDelay, ct);
            }
        }
    }

    private int Unacknowledged
    {
        get
        {
            lock (_pending) return _pending.Count;
        }
    }

    /// <summary>One stream: re-send what is pending, then feed on; true when the source ran dry and every batch was acknowledged.</summary>
    private async Task<bool> StreamAsync(string address, IEnumerator<ReadingBatch> source, bool exhausted, CancellationToken ct)
    {
        using var channel = Connection.Open(address, credentials);
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(ct);
        using var call = new IngestService.IngestServiceClient(channel).StreamReadings(cancellationToken: attempt.Token);
        var acks = ReadAcksAsync(call.ResponseStream, attempt.Token);
        try
        {
            List<ReadingBatch> resend;
            lock (_pending) resend = [.. _pending];
            foreach (var batch in resend) await call.RequestStream.WriteAsync(batch, attempt.Token);
            while (!exhausted)
            {
                await StillReadingAsync(acks);
                while (Unacknowledged >= Window)
                {
                    await StillReadingAsync(acks);
                    await _room.WaitAsync(TimeSpan.FromMilliseconds(200), attempt.Token);
                }
                if (!source.MoveNext())
                {
                    exhausted = true;
                    break;
                }
                var batch = source.Current;
                lock (_pending)
                {
                    _pending.AddLast(batch);
                    _sent += batch.Readings.Count;
                    _batches++;
                }
                await call.RequestStream.WriteAsync(batch, attempt.Token);
            }
            await call.RequestStream.CompleteAsync();
            await acks;
            if (Unacknowledged > 0) throw new RpcException(new Status(StatusCode.Unavailable, $"the server ended the stream with {Unacknowledged} batch(es) unacknowledged"));
            return true;
        }
        catch
        {
            await attempt.CancelAsync();
            try { await acks; } catch { /* the attempt's failure is the one that counts */ }
            throw;
        }
    }

    /// <summary>The server's side of the stream must still be open to write on: its failure, or its early end, ends the attempt.</summary>
    private static async Task StillReadingAsync(Task acks)
    {
        if (!acks.IsCompleted) return;
        await acks;
        throw new RpcException(new Status(StatusCode.Unavailable, "the server ended the stream early"));
    }

    private async Task ReadAcksAsync(IAsyncStreamReader<BatchAck> responses, CancellationToken ct)
    {
        await foreach (var ack in responses.ReadAllAsync(ct))
        {
            lock (_pending)
            {
                // In order on one stream, so this is the head; an id no longer pending was counted already.
                var node = _pending.First;
                while (node is not null && node.Value.BatchId != ack.BatchId) node = node.Next;
                if (node is null) continue;
                _pending.Remove(node);
                _accepted += ack.Accepted;
                _duplicates += ack.Duplicates;
                _rejected += ack.Rejected.Count;
            }
            _room.Release();
            if (ack.Rejected.Count > 0) Rejected?.Invoke(ack);
        }
    }

    /// <summary>A stream broken by the server or the network, not by our own cancellation or a refusal a retry won't cure.</summary>
    private static bool Broken(Exception e, CancellationToken ct) => !ct.IsCancellationRequested && e switch
    {
        RpcException r => r.StatusCode is StatusCode.Unavailable or StatusCode.Internal or StatusCode.Aborted or StatusCode.Cancelled or StatusCode.Unknown,
        IOException or HttpRequestException or OperationCanceledException => true,
        _ => false,
    };

    private static string Describe(Exception e) => e is RpcException r ? $"{r.StatusCode}: {r.Status.Detail}" : e.Message;
}
