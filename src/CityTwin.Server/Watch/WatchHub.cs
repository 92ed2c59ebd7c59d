using System.Collections.Concurrent;
using CityTwin.Abstractions.Live;
using CityTwin.Abstractions.Observability;
using CityTwin.Abstractions.Worlds;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CityTwin.Server.Watch;

/// <summary>
/// The silo's watch hub: a plain service that owns this silo's watch streams. It registers with the world's
/// directory (renewing before the registration expires) and fans each batch of changes out to its subscribers'
/// buffers without ever waiting on one.
/// </summary>
public sealed partial class WatchHub(IGrainFactory grains, ILogger<WatchHub> logger) : BackgroundService, IWatchHub
{
    private static readonly TimeSpan Renew = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<WatchSubscriber, byte> _subscribers = new();

    public int Subscribers => _subscribers.Count;

    public IDisposable Subscribe(WatchSubscriber subscriber)
    {
        _subscribers[subscriber] = 0;
        CityTwinTelemetry.WatchSubscribers.Add(1);
        return new Subscription(() =>
        {
            if (_subscribers.TryRemove(subscriber, out _)) CityTwinTelemetry.WatchSubscribers.Add(-1);
        });
    }

    public Task OnChangesAsync(IReadOnlyList<LevelChange> changes)
    {
        foreach (var subscriber in _subscribers.Keys)
        {
            foreach (var change in changes) subscriber.Offer(change);
        }
        return Task.CompletedTask;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The runtime holds client observers weakly; this service holds the reference strongly for its lifetime.
        var reference = grains.CreateObjectReference<IWatchHub>(this);
        var directory = grains.GetGrain<IWatchDirectoryGrain>(GrainKey.Live);
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = Renew;
            try
            {
                await directory.RegisterAsync(reference);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogRegistrationFailed(logger, e.Message);
                wait = TimeSpan.FromSeconds(1);
            }
            try { await Task.Delay(wait, stoppingToken); }
            catch (OperationCanceledException) { break; }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Watch hub registration failed; retrying: {Reason}")]
    private static partial void LogRegistrationFailed(ILogger logger, string reason);

    private sealed class Subscription(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
    }
}
