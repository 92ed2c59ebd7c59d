namespace CityTwin.Domain.Audit;

/// <summary>
/// One link of the audit chain: an <see cref="AuditEvent"/> with its sequence number (1, 2, 3, ... without gaps), the
/// hash of the record before it (<see cref="AuditHash.Genesis"/> for the first) and its own hash over both
/// (<see cref="AuditHash"/>). Immutable: a changed field no longer matches <see cref="Hash"/>.
/// </summary>
public sealed record AuditRecord(long Sequence, AuditEvent Event, string PreviousHash, string Hash)
{
    /// <summary>The record that follows <paramref name="previousHash"/> at <paramref name="sequence"/>, hashed.</summary>
    public static AuditRecord Chain(long sequence, AuditEvent e, string previousHash) =>
        new(sequence, e, previousHash, AuditHash.Of(sequence, e, previousHash));

    /// <summary>The hash this record's fields give; differs from <see cref="Hash"/> when anything was changed.</summary>
    public string ComputedHash => AuditHash.Of(Sequence, Event, PreviousHash);
}
