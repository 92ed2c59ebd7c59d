using System.Collections.Concurrent;
using CityTwin.Protos.V1;
using Grpc.Core;
using Grpc.Net.Client;

namespace CityTwin.Cluster.Tests;

/// <summary>
/// A watch client as docs/ingest.md and the CLI do it: it keeps the last complete resume token and, when its silo goes
/// away, reconnects to the next endpoint with it. Its view is the latest level per unit it was told.
/// </summary>
public sealed class Watcher : IAsyncDisposable
{
    private readonly IReadOnlyList<string> _endpoints;
    private readonly string _scope;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<string, (RiskLevel Level, long Version)> _view = new(StringComparer.Ordinal);
    private int _endpoint;
    private string _token = "";
    private Task? _run;

    public Watcher(IReadOnlyList<string> endpoints, string scope, int firstEndpoint)
    {
        _endpoints = endpoints;
        _scope = scope;
        _endpoint = firstEndpoint;
    }

    public int Reconnects { get; private set; }
    public int SnapshotsEnded { get; private set; }
    public IReadOnlyDictionary<string, (RiskLevel Level, long Version)> View => _view;

    public void Start() => _run = Task.Run(RunAsync);

    private async Task RunAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                using var channel = GrpcChannel.ForAddress(_endpoints[_endpoint]);
                using var call = new WatchService.WatchServiceClient(channel).Watch(new WatchRequest { PathPrefix = _scope, ResumeToken = _token }, cancellationToken: _stop.Token);
                await foreach (var e in call.ResponseStream.ReadAllAsync(_stop.Token))
                {
                    if (e.Type == WatchEvent.Types.Type.SnapshotEnd) SnapshotsEnded++;
                    else _view.AddOrUpdate(e.Unit.Code, (e.Unit.Level, e.Unit.Version), (_, old) => e.Unit.Version >= old.Version ? (e.Unit.Level, e.Unit.Version) : old);
                    if (e.Type != WatchEvent.Types.Type.Snapshot && e.ResumeToken.Length > 0) _token = e.ResumeToken;
                }
            }
            catch (Exception) when (_stop.IsCancellationRequested) { return; }
            catch (Exception e) when (e is RpcException or IOException or HttpRequestException or InvalidOperationException)
            {
                Reconnects++;
                _endpoint = (_endpoint + 1) % _endpoints.Count;
                try { await Task.Delay(200, _stop.Token); }
                catch (OperationCanceledException) { return; }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_run is not null) await _run;
        _stop.Dispose();
    }
}
