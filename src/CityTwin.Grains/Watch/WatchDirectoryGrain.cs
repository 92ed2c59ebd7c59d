using CityTwin.Abstractions.Live;
using Microsoft.Extensions.Logging;
using Orleans.Utilities;

namespace CityTwin.Grains.Watch;

/// <summary>The hubs of a world's silos. Registrations expire unless renewed, so a dead silo's hub drops out.</summary>
public sealed class WatchDirectoryGrain(ILogger<WatchDirectoryGrain> logger) : Grain, IWatchDirectoryGrain
{
    public static readonly TimeSpan Expiry = TimeSpan.FromMinutes(2);

    private readonly ObserverManager<IWatchHub> _hubs = new(Expiry, logger);

    public Task RegisterAsync(IWatchHub hub)
    {
        _hubs.Subscribe(hub, hub);
        return Task.CompletedTask;
    }

    public Task UnregisterAsync(IWatchHub hub)
    {
        _hubs.Unsubscribe(hub);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<IWatchHub>> HubsAsync()
    {
        _hubs.ClearExpired();
        return Task.FromResult<IReadOnlyList<IWatchHub>>(_hubs.Observers.Values.ToList());
    }
}
