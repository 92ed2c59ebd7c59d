using CityTwin.Abstractions.Records;
using CityTwin.Domain.History;

namespace CityTwin.Grains.Records;

/// <summary>The history of a host without PostgreSQL: the newest points of each sensor in this process's memory, gone on restart.</summary>
public sealed class MemorySensorHistory : ISensorHistory
{
    /// <summary>Points kept per sensor; the oldest are dropped first.</summary>
    public const int PointsPerSensor = 10_000;

    private readonly Lock _gate = new();
    private readonly Dictionary<(string, string), List<HistoryPoint>> _points = [];

    public void Write(string world, string sensor, long timeMs, double value)
    {
        lock (_gate)
        {
            if (!_points.TryGetValue((world, sensor), out var list)) _points[(world, sensor)] = list = [];
            if (list.Count > 0 && list[^1].TimeMs >= timeMs) return;
            list.Add(new HistoryPoint(timeMs, value));
            if (list.Count > PointsPerSensor) list.RemoveRange(0, list.Count - PointsPerSensor);
        }
    }

    public Task FlushAsync(CancellationToken ct = default) => Task.CompletedTask;

    public Task<IReadOnlyList<HistoryPoint>> PointsAsync(string world, string sensor, DateTimeOffset from, DateTimeOffset to, int limit, CancellationToken ct = default)
    {
        lock (_gate)
        {
            if (!_points.TryGetValue((world, sensor), out var list)) return Task.FromResult<IReadOnlyList<HistoryPoint>>([]);
            long f = from.ToUnixTimeMilliseconds(), t = to.ToUnixTimeMilliseconds();
            var before = list.LastOrDefault(p => p.TimeMs < f);
            var inRange = list.Where(p => p.TimeMs >= f && p.TimeMs < t).Take(limit);
            return Task.FromResult<IReadOnlyList<HistoryPoint>>((before == default ? inRange : inRange.Prepend(before)).ToList());
        }
    }
}
