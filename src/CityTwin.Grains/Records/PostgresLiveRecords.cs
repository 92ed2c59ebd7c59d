using CityTwin.Abstractions.Records;
using CityTwin.Domain.Risk;
using CityTwin.Domain.Risk.Alarms;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace CityTwin.Grains.Records;

/// <summary>
/// The records in PostgreSQL (deploy/sql/005-live-records.sql). Grains hand records to a queue and never wait; a
/// loop drains it every <see cref="FlushEvery"/> into one transaction of array-bound upserts, merging what the
/// batch holds twice first. A failed write is retried, batch intact, until the database answers again, so a
/// record once queued is lost only if the process dies before the write (at most the queue; docs/ingest.md).
/// Acknowledgements skip the queue: <see cref="StoreNowAsync"/> returns only once the row is stored.
/// </summary>
public sealed class PostgresLiveRecords(NpgsqlDataSource database, ILogger<PostgresLiveRecords> logger) : BackgroundService, ILiveRecords
{
    public static readonly TimeSpan FlushEvery = TimeSpan.FromMilliseconds(200);
    /// <summary>Connections per silo for the records and the history: two writers, the rest for acknowledgements, re-activations and queries.</summary>
    public const int MaxConnections = 10;
    private const int MaxBatch = 20_000;

    private readonly WriteBehind<object> _queue = new("live records", FlushEvery, MaxBatch, logger);

    /// <summary>Records queued and not yet stored (health and metrics read it).</summary>
    public long Backlog => _queue.Backlog;

    public void Write(AlarmRecord record) => _queue.Enqueue(record);

    public void Write(AlarmDay counts) => _queue.Enqueue(counts);

    public void Write(LevelChangeRecord change) => _queue.Enqueue(change);

    public async Task StoreNowAsync(AlarmRecord record, CancellationToken ct = default)
    {
        try
        {
            await using var connection = await database.OpenConnectionAsync(ct);
            await using var tx = await connection.BeginTransactionAsync(ct);
            await UpsertAlarmsAsync(connection, tx, [record], ct);
            await tx.CommitAsync(ct);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            throw new RecordsUnavailableException($"PostgreSQL did not store alarm record '{record.RecordId}' ({e.Message}); nothing was acknowledged, retry");
        }
    }

    public Task FlushAsync(CancellationToken ct = default) => _queue.FlushAsync(ct);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => _queue.RunAsync(WriteAsync, stoppingToken);

    private async Task WriteAsync(IReadOnlyList<object> items, CancellationToken ct)
    {
        var batch = new Batch();
        foreach (var item in items) batch.Add(item);
        await using var connection = await database.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await UpsertAlarmsAsync(connection, tx, batch.Alarms.Values, ct);
        await AddDaysAsync(connection, tx, batch.Days.Values, ct);
        await InsertLevelChangesAsync(connection, tx, batch.Levels.Values, ct);
        await tx.CommitAsync(ct);
    }

    private static async Task UpsertAlarmsAsync(NpgsqlConnection connection, NpgsqlTransaction tx, IReadOnlyCollection<AlarmRecord> records, CancellationToken ct)
    {
        if (records.Count == 0) return;
        const string sql = """
            INSERT INTO alarm_record (world, id, source_code, sensor_code, path, worst, current_state, raised_at, raised_value,
                                      cleared_at, acked_by, acked_at, ack_note, updated_at)
            SELECT * FROM unnest(@world, @id, @source, @sensor, @path, @worst, @current, @raised_at, @raised_value,
                                 @cleared_at, @acked_by, @acked_at, @note, @updated_at)
            ON CONFLICT (world, id) DO UPDATE SET
                worst = CASE WHEN citytwin_alarm_severity(EXCLUDED.worst) > citytwin_alarm_severity(alarm_record.worst)
                             THEN EXCLUDED.worst ELSE alarm_record.worst END,
                current_state = CASE WHEN EXCLUDED.updated_at >= alarm_record.updated_at THEN EXCLUDED.current_state ELSE alarm_record.current_state END,
                updated_at = GREATEST(EXCLUDED.updated_at, alarm_record.updated_at),
                cleared_at = COALESCE(alarm_record.cleared_at, EXCLUDED.cleared_at),
                acked_by = COALESCE(alarm_record.acked_by, EXCLUDED.acked_by),
                ack_note = CASE WHEN alarm_record.acked_at IS NULL THEN EXCLUDED.ack_note ELSE alarm_record.ack_note END,
                acked_at = COALESCE(alarm_record.acked_at, EXCLUDED.acked_at)
            """;
        await using var command = new NpgsqlCommand(sql, connection, tx);
        command.Parameters.Add(Array("world", records.Select(r => r.World)));
        command.Parameters.Add(Array("id", records.Select(r => r.RecordId)));
        command.Parameters.Add(Array("source", records.Select(r => r.SourceCode)));
        command.Parameters.Add(Array("sensor", records.Select(r => r.SensorCode)));
        command.Parameters.Add(Array("path", records.Select(r => r.Path)));
        command.Parameters.Add(new NpgsqlParameter<short[]>("worst", records.Select(r => (short)r.Worst).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<short[]>("current", records.Select(r => (short)r.Current).ToArray()));
        command.Parameters.Add(Times("raised_at", records.Select(r => (DateTimeOffset?)r.RaisedAt)));
        command.Parameters.Add(new NpgsqlParameter<double[]>("raised_value", records.Select(r => r.RaisedValue).ToArray()));
        command.Parameters.Add(Times("cleared_at", records.Select(r => r.ClearedAt)));
        command.Parameters.Add(Array("acked_by", records.Select(r => r.AcknowledgedBy)));
        command.Parameters.Add(Times("acked_at", records.Select(r => r.AcknowledgedAt)));
        command.Parameters.Add(Array("note", records.Select(r => r.Note)));
        command.Parameters.Add(Times("updated_at", records.Select(r => (DateTimeOffset?)r.UpdatedAt)));
        await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task AddDaysAsync(NpgsqlConnection connection, NpgsqlTransaction tx, IReadOnlyCollection<AlarmDay> days, CancellationToken ct)
    {
        if (days.Count == 0) return;
        const string sql = """
            INSERT INTO alarm_day (world, source_code, day, path, raised, kept_by_deadband, kept_by_delay, kept_by_hold)
            SELECT * FROM unnest(@world, @source, @day, @path, @raised, @deadband, @delay, @hold)
            ON CONFLICT (world, source_code, day) DO UPDATE SET
                path = EXCLUDED.path,
                raised = alarm_day.raised + EXCLUDED.raised,
                kept_by_deadband = alarm_day.kept_by_deadband + EXCLUDED.kept_by_deadband,
                kept_by_delay = alarm_day.kept_by_delay + EXCLUDED.kept_by_delay,
                kept_by_hold = alarm_day.kept_by_hold + EXCLUDED.kept_by_hold
            """;
        await using var command = new NpgsqlCommand(sql, connection, tx);
        command.Parameters.Add(Array("world", days.Select(d => d.World)));
        command.Parameters.Add(Array("source", days.Select(d => d.SourceCode)));
        command.Parameters.Add(new NpgsqlParameter<DateOnly[]>("day", days.Select(d => d.Day).ToArray()));
        command.Parameters.Add(Array("path", days.Select(d => d.Path)));
        command.Parameters.Add(new NpgsqlParameter<int[]>("raised", days.Select(d => d.Raised).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<int[]>("deadband", days.Select(d => d.KeptByDeadband).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<int[]>("delay", days.Select(d => d.KeptByDelay).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<int[]>("hold", days.Select(d => d.KeptByHold).ToArray()));
        await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task InsertLevelChangesAsync(NpgsqlConnection connection, NpgsqlTransaction tx, IReadOnlyCollection<LevelChangeRecord> changes, CancellationToken ct)
    {
        if (changes.Count == 0) return;
        const string sql = """
            INSERT INTO level_change (world, code, changed_at, version, level, previous, score, reasons_en, reasons_zh)
            SELECT * FROM unnest(@world, @code, @changed_at, @version, @level, @previous, @score, @en, @zh)
            ON CONFLICT DO NOTHING
            """;
        await using var command = new NpgsqlCommand(sql, connection, tx);
        command.Parameters.Add(Array("world", changes.Select(c => c.World)));
        command.Parameters.Add(Array("code", changes.Select(c => c.Code)));
        command.Parameters.Add(Times("changed_at", changes.Select(c => (DateTimeOffset?)c.ChangedAt)));
        command.Parameters.Add(new NpgsqlParameter<long[]>("version", changes.Select(c => c.Version).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<short[]>("level", changes.Select(c => (short)c.Level).ToArray()));
        command.Parameters.Add(new NpgsqlParameter("previous", NpgsqlDbType.Array | NpgsqlDbType.Smallint)
            { Value = changes.Select(c => c.Previous is { } p ? (object)(short)p : DBNull.Value).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<double[]>("score", changes.Select(c => c.Score).ToArray()));
        command.Parameters.Add(Array("en", changes.Select(c => c.ReasonsEn)));
        command.Parameters.Add(Array("zh", changes.Select(c => c.ReasonsZh)));
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task<IReadOnlyList<AlarmRecord>> ActiveOfSourceAsync(string world, string sourceCode, CancellationToken ct = default)
    {
        const string sql = $"""
            SELECT {AlarmColumns} FROM alarm_record
            WHERE world = @world AND source_code = @source AND (cleared_at IS NULL OR acked_at IS NULL)
            ORDER BY raised_at
            """;
        await using var command = database.CreateCommand(sql);
        command.Parameters.AddWithValue("world", world);
        command.Parameters.AddWithValue("source", sourceCode);
        return await ReadAlarmsAsync(command, ct);
    }

    public async Task<IReadOnlyList<AlarmRecord>> AlarmsAsync(AlarmQuery query, CancellationToken ct = default)
    {
        const string sql = $"""
            SELECT {AlarmColumns} FROM alarm_record
            WHERE world = @world AND {WithinPaths}
              AND ((cleared_at IS NULL OR acked_at IS NULL) OR (@closed_since::timestamptz IS NOT NULL AND raised_at >= @closed_since))
            ORDER BY raised_at DESC, id
            LIMIT @limit
            """;
        await using var command = database.CreateCommand(sql);
        command.Parameters.AddWithValue("world", query.World);
        AddPaths(command, query.Paths);
        command.Parameters.Add(new NpgsqlParameter("closed_since", NpgsqlDbType.TimestampTz) { Value = query.ClosedSince is { } t ? t.UtcDateTime : DBNull.Value });
        command.Parameters.AddWithValue("limit", query.Limit);
        return await ReadAlarmsAsync(command, ct);
    }

    public async Task<IReadOnlyList<AlarmDay>> DaysAsync(string world, IReadOnlyList<string>? paths, DateOnly from, DateOnly to, CancellationToken ct = default)
    {
        const string sql = $"""
            SELECT day, sum(raised)::int, sum(kept_by_deadband)::int, sum(kept_by_delay)::int, sum(kept_by_hold)::int
            FROM alarm_day
            WHERE world = @world AND day BETWEEN @from AND @to AND {WithinPaths}
            GROUP BY day ORDER BY day
            """;
        await using var command = database.CreateCommand(sql);
        command.Parameters.AddWithValue("world", world);
        command.Parameters.AddWithValue("from", from);
        command.Parameters.AddWithValue("to", to);
        AddPaths(command, paths);
        var days = new List<AlarmDay>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            days.Add(new AlarmDay(world, "", "", reader.GetFieldValue<DateOnly>(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3), reader.GetInt32(4)));
        return days;
    }

    public async Task<IReadOnlyList<LevelChangeRecord>> LevelChangesAsync(string world, string code, DateTimeOffset from, DateTimeOffset to, int limit, CancellationToken ct = default)
    {
        const string sql = """
            SELECT changed_at, version, level, previous, score, reasons_en, reasons_zh FROM (
                SELECT * FROM level_change
                WHERE world = @world AND code = @code AND changed_at >= @from AND changed_at < @to
                ORDER BY changed_at DESC, version DESC LIMIT @limit) newest
            ORDER BY changed_at, version
            """;
        await using var command = database.CreateCommand(sql);
        command.Parameters.AddWithValue("world", world);
        command.Parameters.AddWithValue("code", code);
        command.Parameters.AddWithValue("from", from.UtcDateTime);
        command.Parameters.AddWithValue("to", to.UtcDateTime);
        command.Parameters.AddWithValue("limit", limit);
        var changes = new List<LevelChangeRecord>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            changes.Add(new LevelChangeRecord(world, code, Utc(reader.GetDateTime(0)), reader.GetInt64(1), (RiskLevel)reader.GetInt16(2),
                reader.IsDBNull(3) ? null : (RiskLevel)reader.GetInt16(3), reader.GetDouble(4), reader.GetString(5), reader.GetString(6)));
        }
        return changes;
    }

    private const string AlarmColumns = "world, id, source_code, sensor_code, path, worst, current_state, raised_at, raised_value, updated_at, cleared_at, acked_by, acked_at, ack_note";

    /// <summary>The row lies within one of @paths (a path itself or below it); a null array means every path.</summary>
    private const string WithinPaths = "(@paths::text[] IS NULL OR EXISTS (SELECT 1 FROM unnest(@paths::text[]) p WHERE path = p OR left(path, length(p) + 1) = p || '/'))";

    private static void AddPaths(NpgsqlCommand command, IReadOnlyList<string>? paths) =>
        command.Parameters.Add(new NpgsqlParameter("paths", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = paths is null ? DBNull.Value : paths.ToArray() });

    private static async Task<IReadOnlyList<AlarmRecord>> ReadAlarmsAsync(NpgsqlCommand command, CancellationToken ct)
    {
        var records = new List<AlarmRecord>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            records.Add(new AlarmRecord(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                (AlarmState)reader.GetInt16(5), (AlarmState)reader.GetInt16(6), Utc(reader.GetDateTime(7)), reader.GetDouble(8), Utc(reader.GetDateTime(9)))
            {
                ClearedAt = reader.IsDBNull(10) ? null : Utc(reader.GetDateTime(10)),
                AcknowledgedBy = reader.IsDBNull(11) ? null : reader.GetString(11),
                AcknowledgedAt = reader.IsDBNull(12) ? null : Utc(reader.GetDateTime(12)),
                Note = reader.IsDBNull(13) ? null : reader.GetString(13),
            });
        }
        return records;
    }

    private static DateTimeOffset Utc(DateTime t) => new(DateTime.SpecifyKind(t, DateTimeKind.Utc));

    /// <summary>What one write holds: records merged by key, counters summed.</summary>
    private sealed class Batch
    {
        public Dictionary<(string, string), AlarmRecord> Alarms { get; } = [];
        public Dictionary<(string, string, DateOnly), AlarmDay> Days { get; } = [];
        public Dictionary<(string, string, long), LevelChangeRecord> Levels { get; } = [];

        public void Add(object item)
        {
            switch (item)
            {
                case AlarmRecord r:
                    var key = (r.World, r.RecordId);
                    Alarms[key] = Alarms.TryGetValue(key, out var stored) ? AlarmRecord.Merge(stored, r) : r;
                    break;
                case AlarmDay d:
                    var day = (d.World, d.SourceCode, d.Day);
                    Days[day] = Days.TryGetValue(day, out var sum) ? sum.Plus(d) with { Path = d.Path } : d;
                    break;
                case LevelChangeRecord c:
                    Levels.TryAdd((c.World, c.Code, c.Version), c);   // a version is written once, as the database keeps it
                    break;
            }
        }
    }

    private static NpgsqlParameter Array(string name, IEnumerable<string?> values) =>
        new(name, NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = values.Select(v => (object?)v ?? DBNull.Value).ToArray() };

    private static NpgsqlParameter Times(string name, IEnumerable<DateTimeOffset?> values) =>
        new(name, NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = values.Select(v => v is { } t ? (object)t.UtcDateTime : DBNull.Value).ToArray() };

}
