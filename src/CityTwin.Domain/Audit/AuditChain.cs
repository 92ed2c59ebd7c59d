namespace CityTwin.Domain.Audit;

/// <summary>
/// Checks an audit chain read in sequence order: every record's hash must be what its fields give, its previous
/// hash the hash of the record before it, and sequence numbers must follow each other without gaps. Names the
/// first record that breaks this. Records can be fed in pieces (a chain read page by page or from a stream).
/// </summary>
public sealed class AuditChain
{
    private long _expected;
    private string _previous;

    /// <summary>A verifier starting at <paramref name="first"/> whose predecessor hashed to <paramref name="previousHash"/>.</summary>
    public AuditChain(long first = 1, string? previousHash = null)
    {
        _expected = first;
        _previous = previousHash ?? AuditHash.Genesis;
    }

    /// <summary>Records checked and found good.</summary>
    public long Verified { get; private set; }

    /// <summary>The first problem found; null while the chain is good.</summary>
    public AuditBreak? Break { get; private set; }

    /// <summary>The hash of the last good record (the chain's head once everything was fed).</summary>
    public string Head => _previous;

    /// <summary>Checks the next record; false (and <see cref="Break"/> set) once the chain is broken.</summary>
    public bool Add(AuditRecord r)
    {
        if (Break is not null) return false;
        Break = Check(r);
        if (Break is not null) return false;
        _previous = r.Hash;
        _expected++;
        Verified++;
        return true;
    }

    private AuditBreak? Check(AuditRecord r)
    {
        if (r.Sequence > _expected)
            return new(_expected, _expected == r.Sequence - 1
                ? $"record {_expected} is missing (the chain goes from {_expected - 1} to {r.Sequence})"
                : $"records {_expected}..{r.Sequence - 1} are missing (the chain goes from {_expected - 1} to {r.Sequence})");
        if (r.Sequence < _expected)
            return new(r.Sequence, $"record {r.Sequence} is out of order or repeated (expected {_expected})");
        if (!AuditHash.IsWellFormed(r.Hash) || !AuditHash.IsWellFormed(r.PreviousHash))
            return new(r.Sequence, $"record {r.Sequence} has a malformed hash");
        if (!string.Equals(r.PreviousHash, _previous, StringComparison.Ordinal))
            return new(r.Sequence, $"record {r.Sequence} does not link to record {r.Sequence - 1} (its previous hash {r.PreviousHash[..12]}… is not {_previous[..12]}…)");
        if (!string.Equals(r.ComputedHash, r.Hash, StringComparison.Ordinal))
            return new(r.Sequence, $"record {r.Sequence} was altered (its fields hash to {r.ComputedHash[..12]}…, it says {r.Hash[..12]}…)");
        return null;
    }

    /// <summary>Verifies a whole chain from record 1.</summary>
    public static AuditChain Verify(IEnumerable<AuditRecord> records)
    {
        var chain = new AuditChain();
        foreach (var r in records)
            if (!chain.Add(r)) break;
        return chain;
    }
}

/// <summary>Where an audit chain breaks: the sequence number of the first bad (or missing) record and why.</summary>
public sealed record AuditBreak(long Sequence, string Problem);
