using System.Globalization;
using CityTwin.Abstractions.Records;
using CityTwin.Domain.History;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace CityTwin.Grains.Records;

/// <summary>
/// The monitoring history in PostgreSQL (deploy/sql/006-monitoring-history.sql): points queued by the hazard sources
/// are written every second with binary COPY into the table partitioned by UTC day, whose partitions this creates
/// before it first writes into them; once an hour partitions older than the retention are dropped.
/// </summary>
public sealed partial class PostgresSensorHistory(NpgsqlDataSource database, IOptions<HistoryOptions> options, TimeProvider time, ILogger<PostgresSensorHistory> logger)
    : BackgroundService, ISensorHistory
{
    private const string Table = "sensor_reading";
    private static readonly TimeSpan RetentionEvery = TimeSpan.FromHours(1);

    private readonly WriteBehind<Point> _queue = new("history points", TimeSpan.FromSeconds(1), 200_000, logger);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<DateOnly, bool> _partitions = new();

    /// <summary>Points queued and not yet written.</summary>
    public long Backlog => _queue.Backlog;

    public void Write(string world, string sensor, long timeMs, double value) => _queue.Enqueue(new Point(world, sensor, timeMs, value));

    public Task FlushAsync(CancellationToken ct = default) => _queue.FlushAsync(ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var retention = RetainAsync(stoppingToken);
        await _queue.RunAsync(WriteAsync, stoppingToken);
        await retention;
    }

    private async Task WriteAsync(IReadOnlyList<Point> points, CancellationToken ct)
    {
        foreach (var day in points.Select(p => Day(p.TimeMs)).Distinct()) await EnsurePartitionAsync(day, ct);
        await using var connection = await database.OpenConnectionAsync(ct);
        await using var copy = await connection.BeginBinaryImportAsync($"COPY {Table} (world, sensor, at, value) FROM STDIN (FORMAT BINARY)", ct);
        foreach (var p in points)
        {
            await copy.StartRowAsync(ct);
            await copy.WriteAsync(p.World, NpgsqlDbType.Text, ct);
            await copy.WriteAsync(p.Sensor, NpgsqlDbType.Text, ct);
            await copy.WriteAsync(DateTimeOffset.FromUnixTimeMilliseconds(p.TimeMs).UtcDateTime, NpgsqlDbType.TimestampTz, ct);
            await copy.WriteAsync(p.Value, NpgsqlDbType.Double, ct);
        }
        await copy.CompleteAsync(ct);
    }

    /// <summary>Creates a day's partition once; silos creating the same one take turns under an advisory lock.</summary>
    public async Task EnsurePartitionAsync(DateOnly day, CancellationToken ct)
    {
        if (_partitions.ContainsKey(day)) return;
        var from = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var to = day.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await using var connection = await database.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await using (var command = new NpgsqlCommand(
            $"""
            SELECT pg_advisory_xact_lock(hashtext('{Table}'));
            CREATE TABLE IF NOT EXISTS {PartitionOf(day)} PARTITION OF {Table} FOR VALUES FROM ('{from} 00:00:00+00') TO ('{to} 00:00:00+00');
            """, connection, tx))
        {
            await command.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);
        _partitions[day] = true;
    }

    /// <summary>Drops the partitions of days before <paramref name="firstKept"/>; returns the days dropped.</summary>
    public async Task<IReadOnlyList<DateOnly>> DropBeforeAsync(DateOnly firstKept, CancellationToken ct)
    {
        var dropped = new List<DateOnly>();
        await using var connection = await database.OpenConnectionAsync(ct);
        var partitions = new List<string>();
        await using (var list = new NpgsqlCommand(
            $"SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = '{Table}'", connection))
        await using (var reader = await list.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct)) partitions.Add(reader.GetString(0));
        }
        foreach (var name in partitions)
        {
            if (!DateOnly.TryParseExact(name.Replace(Table + "_", "", StringComparison.Ordinal), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) || day >= firstKept) continue;
            await using var drop = new NpgsqlCommand($"DROP TABLE IF EXISTS {name}", connection);
            await drop.ExecuteNonQueryAsync(ct);
            _partitions.TryRemove(day, out _);
            dropped.Add(day);
        }
        return dropped;
    }

    private async Task RetainAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                var firstKept = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime).AddDays(-options.Value.RetentionDays);
                foreach (var day in await DropBeforeAsync(firstKept, stopping)) Dropped(logger, day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                await Task.Delay(RetentionEvery, time, stopping);
            }
            catch (OperationCanceledException) { return; }
            catch (NpgsqlException e)
            {
                RetentionFailed(logger, e.Message);
                try { await Task.Delay(TimeSpan.FromMinutes(1), time, stopping); } catch (OperationCanceledException) { return; }
            }
        }
    }

    public async Task<IReadOnlyList<HistoryPoint>> PointsAsync(string world, string sensor, DateTimeOffset from, DateTimeOffset to, int limit, CancellationToken ct = default)
    {
        const string sql = $"""
            SELECT at, value FROM (
                (SELECT at, value FROM {Table} WHERE world = @world AND sensor = @sensor AND at < @from ORDER BY at DESC LIMIT 1)
                UNION ALL
                (SELECT at, value FROM {Table} WHERE world = @world AND sensor = @sensor AND at >= @from AND at < @to ORDER BY at LIMIT @limit)
            ) points ORDER BY at
            """;
        await using var command = database.CreateCommand(sql);
        command.Parameters.AddWithValue("world", world);
        command.Parameters.AddWithValue("sensor", sensor);
        command.Parameters.AddWithValue("from", from.UtcDateTime);
        command.Parameters.AddWithValue("to", to.UtcDateTime);
        command.Parameters.AddWithValue("limit", limit);
        var points = new List<HistoryPoint>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        long last = long.MinValue;
        while (await reader.ReadAsync(ct))
        {
            var at = new DateTimeOffset(DateTime.SpecifyKind(reader.GetDateTime(0), DateTimeKind.Utc)).ToUnixTimeMilliseconds();
            // A retried COPY may have stored a point twice: same time, same value.
            if (at == last) continue;
            points.Add(new HistoryPoint(at, reader.GetDouble(1)));
            last = at;
        }
        return points;
    }

    private static DateOnly Day(long timeMs) => DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeMilliseconds(timeMs).UtcDateTime);

    private static string PartitionOf(DateOnly day) => $"{Table}_{day:yyyyMMdd}";

    private readonly record struct Point(string World, string Sensor, long TimeMs, double Value);

    [LoggerMessage(Level = LogLevel.Information, Message = "Monitoring history: dropped the partition of {Day} (older than the retention)")]
    private static partial void Dropped(ILogger logger, string day);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Monitoring history retention failed ({Reason}); retrying in a minute")]
    private static partial void RetentionFailed(ILogger logger, string reason);
}
