using CityTwin.Abstractions.Audit;
using CityTwin.Domain.Audit;

namespace CityTwin.Grains.Audit;

/// <summary>
/// The audit trail of an embedded host without PostgreSQL: this process's memory, lost when it stops (docs/audit.md).
/// Each silo of a cluster without PostgreSQL keeps a chain of its own.
/// </summary>
public sealed class MemoryAuditTrail : IAuditTrail
{
    private readonly Lock _gate = new();
    private readonly List<AuditRecord> _records = [];
    private readonly Dictionary<(string, string, string), AuditRecord> _byKey = [];

    public Task<AuditAppend> AppendAsync(AuditEvent e, CancellationToken ct = default)
    {
        lock (_gate)
        {
            if (e.IdempotencyKey.Length > 0 && _byKey.TryGetValue((e.Actor, e.Action, e.IdempotencyKey), out var existing))
                return Task.FromResult(new AuditAppend(existing, true));
            var record = AuditRecord.Chain(_records.Count + 1, e, _records.Count == 0 ? AuditHash.Genesis : _records[^1].Hash);
            _records.Add(record);
            if (e.IdempotencyKey.Length > 0) _byKey[(e.Actor, e.Action, e.IdempotencyKey)] = record;
            return Task.FromResult(new AuditAppend(record, false));
        }
    }

    public Task<IReadOnlyList<AuditRecord>> QueryAsync(AuditQuery query, CancellationToken ct = default)
    {
        lock (_gate) return Task.FromResult<IReadOnlyList<AuditRecord>>(_records.Where(query.Matches).Take(query.Limit).ToList());
    }

    public Task<IReadOnlyList<AuditRecord>> ReadAsync(long fromSequence, int limit, CancellationToken ct = default)
    {
        lock (_gate)
        {
            var skip = (int)Math.Clamp(fromSequence - 1, 0, _records.Count);
            return Task.FromResult<IReadOnlyList<AuditRecord>>(_records.Skip(skip).Take(limit).ToList());
        }
    }
}
