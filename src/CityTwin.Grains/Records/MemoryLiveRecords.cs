using CityTwin.Abstractions.Records;
using CityTwin.Domain.Units;

namespace CityTwin.Grains.Records;

/// <summary>
/// The records of a host without PostgreSQL: in this process's memory, bounded, gone on restart (docs/ingest.md
/// says so). Writes apply at once, so there is nothing to flush.
/// </summary>
public sealed class MemoryLiveRecords : ILiveRecords
{
    /// <summary>Level changes kept per unit; older ones are dropped first.</summary>
    public const int LevelChangesPerUnit = 500;
    /// <summary>Closed alarm records kept in all; older ones are dropped first.</summary>
    public const int ClosedAlarms = 100_000;

    private readonly Lock _gate = new();
    private readonly Dictionary<(string World, string Id), AlarmRecord> _alarms = [];
    private readonly Queue<(string World, string Id)> _closed = new();
    private readonly Dictionary<(string World, string Source, DateOnly Day), AlarmDay> _days = [];
    private readonly Dictionary<(string World, string Code), LinkedList<LevelChangeRecord>> _levels = [];

    public void Write(AlarmRecord record)
    {
        lock (_gate)
        {
            var key = (record.World, record.RecordId);
            var merged = _alarms.TryGetValue(key, out var stored) ? AlarmRecord.Merge(stored, record) : record;
            _alarms[key] = merged;
            if (!merged.IsActive && (stored is null || stored.IsActive)) Retire(key);
        }
    }

    public void Write(AlarmDay counts)
    {
        lock (_gate)
        {
            var key = (counts.World, counts.SourceCode, counts.Day);
            _days[key] = _days.TryGetValue(key, out var stored) ? stored.Plus(counts) with { Path = counts.Path } : counts;
        }
    }

    public void Write(LevelChangeRecord change)
    {
        lock (_gate)
        {
            var key = (change.World, change.Code);
            if (!_levels.TryGetValue(key, out var list)) _levels[key] = list = new();
            if (list.Any(c => c.Version == change.Version)) return;
            var after = list.Last;
            while (after is not null && after.Value.ChangedAt > change.ChangedAt) after = after.Previous;
            if (after is null) list.AddFirst(change); else list.AddAfter(after, change);
            while (list.Count > LevelChangesPerUnit) list.RemoveFirst();
        }
    }

    public Task StoreNowAsync(AlarmRecord record, CancellationToken ct = default)
    {
        Write(record);
        return Task.CompletedTask;
    }

    public Task FlushAsync(CancellationToken ct = default) => Task.CompletedTask;

    public Task<IReadOnlyList<AlarmRecord>> ActiveOfSourceAsync(string world, string sourceCode, CancellationToken ct = default)
    {
        lock (_gate)
            return Task.FromResult<IReadOnlyList<AlarmRecord>>(_alarms.Values.Where(a => a.World == world && a.SourceCode == sourceCode && a.IsActive).OrderBy(a => a.RaisedAt).ToList());
    }

    public Task<IReadOnlyList<AlarmRecord>> AlarmsAsync(AlarmQuery query, CancellationToken ct = default)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<AlarmRecord>>(_alarms.Values
                .Where(a => a.World == query.World && Within(a.Path, query.Paths)
                    && (a.IsActive || (query.ClosedSince is { } since && a.RaisedAt >= since)))
                .OrderByDescending(a => a.RaisedAt).ThenBy(a => a.RecordId, StringComparer.Ordinal)
                .Take(query.Limit).ToList());
        }
    }

    public Task<IReadOnlyList<AlarmDay>> DaysAsync(string world, IReadOnlyList<string>? paths, DateOnly from, DateOnly to, CancellationToken ct = default)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<AlarmDay>>(_days.Values
                .Where(d => d.World == world && d.Day >= from && d.Day <= to && Within(d.Path, paths))
                .GroupBy(d => d.Day)
                .Select(g => g.Aggregate(new AlarmDay(world, "", "", g.Key, 0, 0, 0, 0), (sum, d) => sum.Plus(d)))
                .OrderBy(d => d.Day).ToList());
        }
    }

    public Task<IReadOnlyList<LevelChangeRecord>> LevelChangesAsync(string world, string code, DateTimeOffset from, DateTimeOffset to, int limit, CancellationToken ct = default)
    {
        lock (_gate)
        {
            if (!_levels.TryGetValue((world, code), out var list)) return Task.FromResult<IReadOnlyList<LevelChangeRecord>>([]);
            var inRange = list.Where(c => c.ChangedAt >= from && c.ChangedAt < to).ToList();
            return Task.FromResult<IReadOnlyList<LevelChangeRecord>>(inRange.Skip(Math.Max(0, inRange.Count - limit)).ToList());
        }
    }

    private void Retire((string, string) key)
    {
        _closed.Enqueue(key);
        while (_closed.Count > ClosedAlarms) _alarms.Remove(_closed.Dequeue());
    }

    private static bool Within(string path, IReadOnlyList<string>? paths) => paths is null || paths.Any(p => UnitPath.IsWithin(path, p));
}
