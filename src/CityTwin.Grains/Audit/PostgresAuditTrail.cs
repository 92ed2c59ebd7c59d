using System.Data.Common;
using CityTwin.Abstractions.Audit;
using CityTwin.Abstractions.Records;
using CityTwin.Domain.Audit;
using Npgsql;

namespace CityTwin.Grains.Audit;

/// <summary>
/// The audit trail in PostgreSQL (deploy/sql/007-audit.sql). An append is one transaction: take the chain's advisory
/// lock (every silo's appends take turns), return the existing record if the idempotency key was used, else read the
/// head and insert the next record, hashed here. A PostgreSQL failure is a <see cref="RecordsUnavailableException"/>:
/// nothing was appended.
/// </summary>
public sealed class PostgresAuditTrail(NpgsqlDataSource database) : IAuditTrail
{
    /// <summary>The chain's advisory lock key ("CTaudit\0" in ASCII).</summary>
    private const long ChainLock = 0x4354617564697400;

    private const string Columns = "seq, at, actor, role, source, action, unit_code, unit_path, idempotency_key, summary, outcome, previous_hash, hash";

    public async Task<AuditAppend> AppendAsync(AuditEvent e, CancellationToken ct = default)
    {
        try
        {
            await using var connection = await database.OpenConnectionAsync(ct);
            await using var tx = await connection.BeginTransactionAsync(ct);
            await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, tx))
            {
                lockCommand.Parameters.AddWithValue("key", ChainLock);
                await lockCommand.ExecuteNonQueryAsync(ct);
            }
            if (e.IdempotencyKey.Length > 0)
            {
                await using var find = new NpgsqlCommand($"SELECT {Columns} FROM audit_record WHERE actor = @actor AND action = @action AND idempotency_key = @key", connection, tx);
                find.Parameters.AddWithValue("actor", e.Actor);
                find.Parameters.AddWithValue("action", e.Action);
                find.Parameters.AddWithValue("key", e.IdempotencyKey);
                var existing = await ReadAllAsync(find, ct);
                if (existing.Count > 0)
                {
                    await tx.CommitAsync(ct);
                    return new AuditAppend(existing[0], true);
                }
            }
            long sequence = 1;
            var previous = AuditHash.Genesis;
            await using (var head = new NpgsqlCommand("SELECT seq, hash FROM audit_record ORDER BY seq DESC LIMIT 1", connection, tx))
            await using (var reader = await head.ExecuteReaderAsync(ct))
            {
                if (await reader.ReadAsync(ct))
                {
                    sequence = reader.GetInt64(0) + 1;
                    previous = reader.GetString(1);
                }
            }
            var record = AuditRecord.Chain(sequence, e, previous);
            await using (var insert = new NpgsqlCommand(
                $"INSERT INTO audit_record ({Columns}) VALUES (@seq, @at, @actor, @role, @source, @action, @unit, @path, @key, @summary, @outcome, @previous, @hash)", connection, tx))
            {
                insert.Parameters.AddWithValue("seq", record.Sequence);
                insert.Parameters.AddWithValue("at", e.At.UtcDateTime);
                insert.Parameters.AddWithValue("actor", e.Actor);
                insert.Parameters.AddWithValue("role", e.Role);
                insert.Parameters.AddWithValue("source", e.Source);
                insert.Parameters.AddWithValue("action", e.Action);
                insert.Parameters.AddWithValue("unit", e.Unit);
                insert.Parameters.AddWithValue("path", e.UnitPath);
                insert.Parameters.AddWithValue("key", e.IdempotencyKey);
                insert.Parameters.AddWithValue("summary", e.Summary);
                insert.Parameters.AddWithValue("outcome", e.Outcome);
                insert.Parameters.AddWithValue("previous", record.PreviousHash);
                insert.Parameters.AddWithValue("hash", record.Hash);
                await insert.ExecuteNonQueryAsync(ct);
            }
            await tx.CommitAsync(ct);
            return new AuditAppend(record, false);
        }
        catch (Exception x) when (x is DbException or TimeoutException or InvalidOperationException { InnerException: DbException })
        {
            throw new RecordsUnavailableException($"PostgreSQL did not store the audit record of {e.Action} ({x.Message})");
        }
    }

    public async Task<IReadOnlyList<AuditRecord>> QueryAsync(AuditQuery query, CancellationToken ct = default)
    {
        var where = new List<string> { "seq > @after" };
        await using var command = database.CreateCommand();
        command.Parameters.AddWithValue("after", query.AfterSequence);
        if (!string.IsNullOrEmpty(query.Scope))
        {
            // The path contains the code: the unit is the scope unit or lies below it.
            where.Add("position('/' || @scope || '/' in '/' || unit_path || '/') > 0");
            command.Parameters.AddWithValue("scope", query.Scope);
        }
        Equal("unit_code", "unit", query.Unit);
        Equal("actor", "actor", query.Actor);
        Equal("action", "action", query.Action);
        if (query.From is { } from)
        {
            where.Add("at >= @from");
            command.Parameters.AddWithValue("from", from.UtcDateTime);
        }
        if (query.To is { } to)
        {
            where.Add("at < @to");
            command.Parameters.AddWithValue("to", to.UtcDateTime);
        }
        if (query.Within is { } within)
        {
            where.Add("EXISTS (SELECT 1 FROM unnest(@within::text[]) v WHERE unit_path = v OR starts_with(unit_path, v || '/'))");
            command.Parameters.AddWithValue("within", within.ToArray());
        }
        command.CommandText = $"SELECT {Columns} FROM audit_record WHERE {string.Join(" AND ", where)} ORDER BY seq LIMIT @limit";
        command.Parameters.AddWithValue("limit", query.Limit);
        return await Guard(() => ReadAllAsync(command, ct));

        void Equal(string column, string name, string? value)
        {
            if (string.IsNullOrEmpty(value)) return;
            where.Add($"{column} = @{name}");
            command.Parameters.AddWithValue(name, value);
        }
    }

    public async Task<IReadOnlyList<AuditRecord>> ReadAsync(long fromSequence, int limit, CancellationToken ct = default)
    {
        await using var command = database.CreateCommand($"SELECT {Columns} FROM audit_record WHERE seq >= @from ORDER BY seq LIMIT @limit");
        command.Parameters.AddWithValue("from", fromSequence);
        command.Parameters.AddWithValue("limit", limit);
        return await Guard(() => ReadAllAsync(command, ct));
    }

    private static async Task<T> Guard<T>(Func<Task<T>> read)
    {
        try { return await read(); }
        catch (Exception x) when (x is DbException or TimeoutException)
        {
            throw new RecordsUnavailableException($"PostgreSQL did not answer the audit query ({x.Message})");
        }
    }

    private static async Task<List<AuditRecord>> ReadAllAsync(NpgsqlCommand command, CancellationToken ct)
    {
        var records = new List<AuditRecord>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var e = new AuditEvent
            {
                At = new DateTimeOffset(DateTime.SpecifyKind(reader.GetDateTime(1), DateTimeKind.Utc)),
                Actor = reader.GetString(2), Role = reader.GetString(3), Source = reader.GetString(4), Action = reader.GetString(5),
                Unit = reader.GetString(6), UnitPath = reader.GetString(7), IdempotencyKey = reader.GetString(8),
                Summary = reader.GetString(9), Outcome = reader.GetString(10),
            };
            records.Add(new AuditRecord(reader.GetInt64(0), e, reader.GetString(11), reader.GetString(12)));
        }
        return records;
    }
}
