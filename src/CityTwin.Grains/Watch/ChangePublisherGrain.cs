using CityTwin.Abstractions.Live;
using Orleans.Concurrency;

namespace CityTwin.Grains.Watch;

/// <summary>
/// Batches changes for a moment and sends each batch to every silo's hub (the GPSTracker pattern: a stateless
/// worker per silo in front of the hubs). The hub list is re-read every few seconds.
/// </summary>
[StatelessWorker(1)]
public sealed class ChangePublisherGrain : Grain, IChangePublisherGrain
{
    private static readonly TimeSpan FlushAfter = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan HubsFor = TimeSpan.FromSeconds(5);

    private readonly List<LevelChange> _pending = [];
    private IReadOnlyList<IWatchHub> _hubs = [];
    private DateTime _hubsAt = DateTime.MinValue;
    private IGrainTimer? _flush;

    public Task PublishAsync(LevelChange change)
    {
        _pending.Add(change);
        _flush ??= this.RegisterGrainTimer(_ => FlushAsync(), new GrainTimerCreationOptions(FlushAfter, Timeout.InfiniteTimeSpan));
        return Task.CompletedTask;
    }

    private async Task FlushAsync()
    {
        _flush?.Dispose();
        _flush = null;
        if (_pending.Count == 0) return;
        var batch = _pending.ToList();
        _pending.Clear();
        if (DateTime.UtcNow - _hubsAt > HubsFor)
        {
            _hubs = await GrainFactory.GetGrain<IWatchDirectoryGrain>(this.GetPrimaryKeyString()).HubsAsync();
            _hubsAt = DateTime.UtcNow;
        }
        foreach (var hub in _hubs) await hub.OnChangesAsync(batch);
    }
}
