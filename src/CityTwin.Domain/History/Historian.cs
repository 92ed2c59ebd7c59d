namespace CityTwin.Domain.History;

/// <summary>A stored monitoring point: a reading the historian kept.</summary>
public readonly record struct HistoryPoint(long TimeMs, double Value);

/// <summary>What the historian remembers of one sensor: the last point it stored.</summary>
public struct HistorianState
{
    public bool HasPoint;
    public long TimeMs;
    public double Value;
}

/// <summary>
/// Deadband compression as process historians do it (exception reporting): a reading is stored when its value
/// leaves the deadband around the last stored value, or when the maximum interval has passed since that point.
/// Reconstruction holds each stored value until the next one, so every reading — stored or not — is reconstructed
/// within the deadband: a reading was dropped only because it lay within the deadband of the value then held.
/// </summary>
public static class Historian
{
    /// <summary>Whether to store this reading; updates the state when it does. Readings older than the last stored point are dropped.</summary>
    public static bool ShouldStore(ref HistorianState state, long timeMs, double value, double deadband, long maxIntervalMs)
    {
        if (!double.IsFinite(value)) return false;
        if (state.HasPoint)
        {
            if (timeMs <= state.TimeMs) return false;
            if (Math.Abs(value - state.Value) <= deadband && timeMs - state.TimeMs < maxIntervalMs) return false;
        }
        state = new HistorianState { HasPoint = true, TimeMs = timeMs, Value = value };
        return true;
    }

    /// <summary>The held value at <paramref name="timeMs"/> from points in time order, or null before the first point.</summary>
    public static double? ValueAt(IReadOnlyList<HistoryPoint> points, long timeMs)
    {
        var lo = 0;
        var hi = points.Count - 1;
        var found = -1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            if (points[mid].TimeMs <= timeMs) { found = mid; lo = mid + 1; }
            else hi = mid - 1;
        }
        return found < 0 ? null : points[found].Value;
    }

    /// <summary>
    /// Per bucket of <paramref name="bucketMs"/> from <paramref name="fromMs"/> to <paramref name="toMs"/>: min, max,
    /// time-weighted mean and last of the held (reconstructed) series. <paramref name="points"/> are in time order and
    /// may start before <paramref name="fromMs"/> (the value held when the range begins). Buckets before the first
    /// point are left out.
    /// </summary>
    public static IReadOnlyList<HistoryBucket> Downsample(IReadOnlyList<HistoryPoint> points, long fromMs, long toMs, long bucketMs)
    {
        if (bucketMs <= 0) throw new ArgumentOutOfRangeException(nameof(bucketMs), "must be positive");
        var buckets = new List<HistoryBucket>();
        var i = 0;
        double? held = null;
        while (i < points.Count && points[i].TimeMs <= fromMs) held = points[i++].Value;
        for (var start = fromMs; start < toMs; start += bucketMs)
        {
            var end = Math.Min(start + bucketMs, toMs);
            double min = double.PositiveInfinity, max = double.NegativeInfinity, weighted = 0;
            long covered = 0;
            var at = start;
            var count = 0;
            while (true)
            {
                var next = i < points.Count && points[i].TimeMs < end ? points[i].TimeMs : end;
                if (held is { } v && next > at)
                {
                    min = Math.Min(min, v);
                    max = Math.Max(max, v);
                    weighted += v * (next - at);
                    covered += next - at;
                }
                if (next == end) break;
                held = points[i++].Value;
                count++;
                at = next;
            }
            if (held is null || covered == 0) continue;
            buckets.Add(new HistoryBucket(start, min, max, weighted / covered, held.Value, count));
        }
        return buckets;
    }
}

/// <summary>One bucket of a downsampled series: the held value's min, max, time-weighted mean and last, and how many stored points fell in it.</summary>
public readonly record struct HistoryBucket(long StartMs, double Min, double Max, double Mean, double Last, int StoredPoints);
