using System.Collections.Concurrent;
using CityTwin.Protos.V1;
using Grpc.Core;
using Grpc.Net.Client;

namespace CityTwin.Cluster.Tests;

/// <summary>
/// A feeder that behaves as the ingest contract asks (docs/ingest.md): one stream, one batch per period, and when the
/// stream breaks it moves to the next endpoint and sends every unacknowledged batch again with the same sequences,
/// so nothing is lost and nothing counts twice. It records each acknowledgement and each failure with its time.
/// </summary>
public sealed class Feeder : IAsyncDisposable
{
    /// <param name="Spike">A value past the sensor's high-high set-point, when it has one.</param>
    public sealed record Sensor(string Code, double Normal, double? Spike = null);
    public sealed record Ack(ulong BatchId, DateTimeOffset At, string Endpoint, long Accepted, int Rejected, string FirstRejection);
    public sealed record Failure(DateTimeOffset At, string Endpoint, string Reason);

    private readonly IReadOnlyList<string> _endpoints;
    private readonly IReadOnlyList<Sensor> _sensors;
    private readonly TimeSpan _period;
    private readonly ConcurrentDictionary<ulong, (ReadingBatch Batch, DateTimeOffset Created)> _pending = new();
    private readonly ConcurrentQueue<Ack> _acks = new();
    private readonly ConcurrentQueue<Failure> _failures = new();
    private readonly CancellationTokenSource _stop = new();
    private volatile bool _producing = true;
    private readonly int _spikeEvery;
    private int _endpoint;
    private ulong _nextBatch;
    private Task? _run;

    /// <param name="spikeEvery">When above 0, every such sensor with a spike value spikes for 20 batches in 40, so levels change.</param>
    public Feeder(IReadOnlyList<string> endpoints, IReadOnlyList<Sensor> sensors, TimeSpan period, int firstEndpoint = 0, int spikeEvery = 0)
    {
        _spikeEvery = spikeEvery;
        _endpoints = endpoints;
        _sensors = sensors;
        _period = period;
        _endpoint = firstEndpoint;
    }

    public IReadOnlyCollection<Ack> Acks => _acks;
    public IReadOnlyCollection<Failure> Failures => _failures;
    public int Pending => _pending.Count;
    public ulong BatchesCreated => Interlocked.Read(ref _nextBatch);
    public string CurrentEndpoint => _endpoints[Volatile.Read(ref _endpoint)];
    public int CurrentEndpointIndex => Volatile.Read(ref _endpoint);

    private readonly ConcurrentDictionary<ulong, DateTimeOffset> _created = new();

    /// <summary>When a batch was first made.</summary>
    public DateTimeOffset Created(ulong batch) => _created[batch];

    public void Start() => _run = Task.Run(RunAsync);

    /// <summary>Stops making batches and waits until every one made so far is acknowledged.</summary>
    public async Task DrainAsync(TimeSpan timeout, CancellationToken ct)
    {
        _producing = false;
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (!_pending.IsEmpty && DateTimeOffset.UtcNow < deadline) await Task.Delay(100, ct);
    }

    private async Task RunAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var endpoint = CurrentEndpoint;
            try
            {
                await StreamAsync(endpoint, _stop.Token);
            }
            catch (Exception e) when (!_stop.IsCancellationRequested && e is RpcException or IOException or InvalidOperationException or HttpRequestException or OperationCanceledException)
            {
                _failures.Enqueue(new Failure(DateTimeOffset.UtcNow, endpoint, e is RpcException r ? $"{r.StatusCode}: {r.Status.Detail}" : e.Message));
                Volatile.Write(ref _endpoint, (Volatile.Read(ref _endpoint) + 1) % _endpoints.Count);
                try { await Task.Delay(200, _stop.Token); }
                catch (OperationCanceledException) { return; }
            }
            catch (Exception) when (_stop.IsCancellationRequested) { return; }
        }
    }

    private async Task StreamAsync(string endpoint, CancellationToken stop)
    {
        using var channel = GrpcChannel.ForAddress(endpoint);
        using var broken = CancellationTokenSource.CreateLinkedTokenSource(stop);
        using var call = new IngestService.IngestServiceClient(channel).StreamReadings(cancellationToken: broken.Token);
        var reader = Task.Run(async () =>
        {
            try
            {
                await foreach (var ack in call.ResponseStream.ReadAllAsync(broken.Token))
                {
                    if (_pending.TryRemove(ack.BatchId, out _))
                        _acks.Enqueue(new Ack(ack.BatchId, DateTimeOffset.UtcNow, endpoint, ack.Accepted, ack.Rejected.Count, ack.Rejected.FirstOrDefault()?.Reason ?? ""));
                }
                throw new IOException("the server ended the stream");
            }
            finally
            {
                await broken.CancelAsync();
            }
        }, CancellationToken.None);

        try
        {
            // Whatever the last stream left unacknowledged goes first, oldest first, exactly as it was.
            foreach (var (_, p) in _pending.OrderBy(p => p.Key)) await call.RequestStream.WriteAsync(p.Batch, broken.Token);
            while (!broken.IsCancellationRequested)
            {
                if (_producing)
                {
                    var batch = Next();
                    _pending[batch.BatchId] = (batch, DateTimeOffset.UtcNow);
                    await call.RequestStream.WriteAsync(batch, broken.Token);
                }
                await Task.Delay(_period, broken.Token);
            }
        }
        catch (Exception) when (reader.IsCompleted || broken.IsCancellationRequested)
        {
            // The reader's error says why.
        }
        await reader;
    }

    private ReadingBatch Next()
    {
        var id = Interlocked.Increment(ref _nextBatch);
        _created[id] = DateTimeOffset.UtcNow;
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var batch = new ReadingBatch { BatchId = id };
        var spiking = _spikeEvery > 0 && id / 20 % 2 == 1;
        for (var i = 0; i < _sensors.Count; i++)
        {
            var s = _sensors[i];
            var value = spiking && i % _spikeEvery == 0 && s.Spike is { } spike ? spike : s.Normal;
            batch.Readings.Add(new Reading { Sensor = s.Code, Value = value, EventTimeMs = now, Sequence = id });
        }
        return batch;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_run is not null)
        {
            try { await _run; }
            catch (OperationCanceledException) { }
        }
        _stop.Dispose();
    }
}
