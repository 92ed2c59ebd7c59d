namespace CityTwin.Grains.Live;

/// <summary>
/// Change-only forwarding for a parent: when quiet it flushes at once; while changes keep arriving it flushes at
/// most once per window, on a grain timer, so a storm below is a trickle above and a single change is never
/// delayed by a window at every level. A zero window (drill worlds) flushes every change at once.
/// </summary>
internal sealed class Coalescer(IGrainBase grain, TimeProvider time, TimeSpan window, Func<Task> flush, Action<TimeSpan>? flushed = null)
{
    private DateTimeOffset _lastFlush = DateTimeOffset.MinValue;
    private DateTimeOffset _dirtySince;
    private IGrainTimer? _timer;
    private bool _dirty;

    public async Task ChangedAsync()
    {
        var now = time.GetUtcNow();
        if (!_dirty) _dirtySince = now;
        _dirty = true;
        if (window <= TimeSpan.Zero || now - _lastFlush >= window)
        {
            await FlushAsync();
            return;
        }
        _timer ??= grain.RegisterGrainTimer(_ => FlushAsync(), new GrainTimerCreationOptions(_lastFlush + window - now, Timeout.InfiniteTimeSpan) { Interleave = false });
    }

    private async Task FlushAsync()
    {
        _timer?.Dispose();
        _timer = null;
        if (!_dirty) return;
        _dirty = false;
        _lastFlush = time.GetUtcNow();
        await flush();
        flushed?.Invoke(time.GetUtcNow() - _dirtySince);
    }
}
