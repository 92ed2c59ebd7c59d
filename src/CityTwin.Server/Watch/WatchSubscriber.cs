using CityTwin.Abstractions.Live;
using CityTwin.Abstractions.Observability;

namespace CityTwin.Server.Watch;

/// <summary>
/// One watch stream's buffer: the latest change per unit, so it is bounded by the units in scope however slowly
/// the client reads, and a count of what was folded. Offering never blocks the hub.
/// </summary>
public sealed class WatchSubscriber(Func<LevelChange, bool> accepts)
{
    private readonly object _gate = new();
    private readonly SemaphoreSlim _signal = new(0);
    private Dictionary<string, (LevelChange Change, int Folded)> _pending = new(StringComparer.Ordinal);

    public void Offer(LevelChange change)
    {
        if (!accepts(change)) return;
        bool first, folded;
        lock (_gate)
        {
            first = _pending.Count == 0;
            // Level changes fold per unit (the latest wins); a notice is its own entry and never folds.
            var key = change.Notice is { } notice ? notice.FoldKey : change.Code;
            folded = _pending.TryGetValue(key, out var waiting);
            _pending[key] = folded
                ? (waiting.Change.Summary.Version > change.Summary.Version ? waiting.Change : change, waiting.Folded + 1)
                : (change, 0);
        }
        if (folded) CityTwinTelemetry.WatchCoalesced.Add(1);
        if (first) _signal.Release();
    }

    /// <summary>Waits for changes and takes all of them, oldest first.</summary>
    public async Task<IReadOnlyList<(LevelChange Change, int Folded)>> TakeAsync(CancellationToken ct)
    {
        await _signal.WaitAsync(ct);
        Dictionary<string, (LevelChange, int)> taken;
        lock (_gate)
        {
            taken = _pending;
            _pending = new Dictionary<string, (LevelChange, int)>(StringComparer.Ordinal);
        }
        return taken.Values.OrderBy(t => t.Item1.ChangedAt).ToList();
    }
}
