namespace CityTwin.Abstractions.Records;

/// <summary>
/// Where a silo keeps the live twin's records: alarm records, daily alarm counters and level changes. Records go
/// in behind (batched, ingestion never waits on them), except acknowledgements, which are stored before the
/// operator's call returns. Stores merge forward, so a late or repeated write changes nothing.
/// </summary>
public interface ILiveRecords
{
    /// <summary>Queues a record's new state for storage.</summary>
    void Write(AlarmRecord record);

    /// <summary>Queues increments of a day's counters.</summary>
    void Write(AlarmDay counts);

    /// <summary>Queues a level change.</summary>
    void Write(LevelChangeRecord change);

    /// <summary>Stores an acknowledged record now; fails (and nothing is claimed) when the store is unreachable.</summary>
    Task StoreNowAsync(AlarmRecord record, CancellationToken ct = default);

    /// <summary>Stores everything queued so far.</summary>
    Task FlushAsync(CancellationToken ct = default);

    /// <summary>A hazard source's records not yet both cleared and acknowledged (for a grain re-activating).</summary>
    Task<IReadOnlyList<AlarmRecord>> ActiveOfSourceAsync(string world, string sourceCode, CancellationToken ct = default);

    Task<IReadOnlyList<AlarmRecord>> AlarmsAsync(AlarmQuery query, CancellationToken ct = default);

    /// <summary>The counters of every hazard source within the query's paths, summed per day.</summary>
    Task<IReadOnlyList<AlarmDay>> DaysAsync(string world, IReadOnlyList<string>? paths, DateOnly from, DateOnly to, CancellationToken ct = default);

    /// <summary>A unit's level changes in [from, to), oldest first, at most <paramref name="limit"/> (the newest ones).</summary>
    Task<IReadOnlyList<LevelChangeRecord>> LevelChangesAsync(string world, string code, DateTimeOffset from, DateTimeOffset to, int limit, CancellationToken ct = default);
}

/// <summary>Which alarm records to list: within any of <see cref="Paths"/> (null: all), active only or also closed since a time.</summary>
public sealed record AlarmQuery(string World, IReadOnlyList<string>? Paths)
{
    /// <summary>Also records both cleared and acknowledged, raised at or after this time.</summary>
    public DateTimeOffset? ClosedSince { get; init; }
    public int Limit { get; init; } = 1_000;
}
