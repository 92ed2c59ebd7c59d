using CityTwin.Domain.Audit;

namespace CityTwin.Abstractions.Audit;

/// <summary>
/// The audit trail (docs/audit.md): one append-only chain of <see cref="AuditRecord"/>s per deployment, whatever the
/// number of silos appending. A store that cannot take an append throws (the caller turns that into UNAVAILABLE).
/// </summary>
public interface IAuditTrail
{
    /// <summary>
    /// Appends the event as the chain's next record and returns it. An event whose (actor, action, idempotency key)
    /// is already recorded, with a non-empty key, is not appended again: the existing record comes back with
    /// <see cref="AuditAppend.Existed"/> set.
    /// </summary>
    Task<AuditAppend> AppendAsync(AuditEvent e, CancellationToken ct = default);

    /// <summary>Records matching the query, in sequence order, after <see cref="AuditQuery.AfterSequence"/>.</summary>
    Task<IReadOnlyList<AuditRecord>> QueryAsync(AuditQuery query, CancellationToken ct = default);

    /// <summary>Up to <paramref name="limit"/> records from <paramref name="fromSequence"/> on, in sequence order, unfiltered (for verification).</summary>
    Task<IReadOnlyList<AuditRecord>> ReadAsync(long fromSequence, int limit, CancellationToken ct = default);
}

public sealed record AuditAppend(AuditRecord Record, bool Existed);

/// <summary>
/// Filters of an audit query; every one given must match. <see cref="Scope"/> is a unit code the record's unit lies
/// at or below (its path contains the code); <see cref="Within"/> the path prefixes the caller may see (null: all).
/// </summary>
public sealed record AuditQuery
{
    public string? Scope { get; init; }
    public string? Unit { get; init; }
    public string? Actor { get; init; }
    public string? Action { get; init; }
    public DateTimeOffset? From { get; init; }
    /// <summary>Exclusive.</summary>
    public DateTimeOffset? To { get; init; }
    public IReadOnlyList<string>? Within { get; init; }
    public long AfterSequence { get; init; }
    public int Limit { get; init; } = 100;

    /// <summary>The same filters, in memory (the memory store, and tests of the PostgreSQL one).</summary>
    public bool Matches(AuditRecord r)
    {
        var e = r.Event;
        return r.Sequence > AfterSequence
            && (string.IsNullOrEmpty(Scope) || Domain.Units.UnitPath.Codes(e.UnitPath).Contains(Scope, StringComparer.Ordinal))
            && (string.IsNullOrEmpty(Unit) || e.Unit == Unit)
            && (string.IsNullOrEmpty(Actor) || e.Actor == Actor)
            && (string.IsNullOrEmpty(Action) || e.Action == Action)
            && (From is not { } from || e.At >= from)
            && (To is not { } to || e.At < to)
            && (Within is null || Within.Any(p => Domain.Units.UnitPath.IsWithin(e.UnitPath, p)));
    }
}
