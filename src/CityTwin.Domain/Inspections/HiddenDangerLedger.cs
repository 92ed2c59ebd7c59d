using System.Collections.Immutable;

namespace CityTwin.Domain.Inspections;

/// <summary>The ledger after a command, and the command's outcome. On a refusal or a replay the ledger is unchanged.</summary>
public sealed record LedgerOutcome(HiddenDangerLedger Ledger, Outcome<HiddenDanger> Outcome);

/// <summary>
/// One enterprise's hidden-danger ledger (台账): the unit a ledger grain keeps consistent. Every method is pure;
/// the grain persists <see cref="Records"/> after an accepted command and before it answers.
/// </summary>
public sealed record HiddenDangerLedger(string EnterpriseCode, ImmutableSortedDictionary<string, HiddenDanger> Records)
{
    public static HiddenDangerLedger Empty(string enterpriseCode) =>
        new(enterpriseCode, ImmutableSortedDictionary.Create<string, HiddenDanger>(StringComparer.Ordinal));

    public static HiddenDangerLedger Of(string enterpriseCode, IEnumerable<HiddenDanger> records) =>
        new(enterpriseCode, records.ToImmutableSortedDictionary(r => r.Id, r => r, StringComparer.Ordinal));

    public HiddenDanger? Get(string id) => Records.GetValueOrDefault(id);

    /// <summary>Record a new hidden danger. A retried report (same key, same person) returns the record it created.</summary>
    public LedgerOutcome Report(ReportHiddenDanger c, Actor actor, DateTimeOffset now, InspectionRules rules)
    {
        var earlier = Records.Values.SelectMany(r => r.History.Select(h => (Record: r, Entry: h)))
            .FirstOrDefault(x => string.Equals(x.Entry.IdempotencyKey, c.IdempotencyKey, StringComparison.Ordinal));
        if (earlier.Entry is { } entry)
        {
            return entry.Command == c.Name && entry.Subject == actor.Subject
                ? Unchanged(Outcome<HiddenDanger>.Replay(Records[earlier.Record.Id]))
                : Unchanged(Problem.Invalid("idempotencyKey", $"idempotency key '{c.IdempotencyKey}' was already used for '{entry.Command}' by {entry.Subject}"));
        }
        // Role and arguments first (as for every command), then what only the ledger knows.
        var outcome = HiddenDangerLifecycle.Report(c, actor, now, rules);
        if (!outcome.IsOk) return Unchanged(outcome);
        if (c.EnterpriseCode != EnterpriseCode)
            return Unchanged(Problem.Invalid("enterpriseCode", $"this is the ledger of {EnterpriseCode}, not {c.EnterpriseCode}"));
        if (Records.ContainsKey(c.Id))
            return Unchanged(new Problem(OutcomeStatus.AlreadyExists, "id", $"hidden danger {c.Id} already exists"));
        return Store(outcome);
    }

    /// <summary>Apply a command to one of the ledger's records.</summary>
    public LedgerOutcome Apply(string id, HiddenDangerCommand command, Actor actor, DateTimeOffset now, InspectionRules rules)
    {
        if (command is ReportHiddenDanger report) return Report(report, actor, now, rules);
        if (Get(id) is not { } record) return Unchanged(new Problem(OutcomeStatus.NotFound, "id", $"no hidden danger {id} in the ledger of {EnterpriseCode}"));
        return Store(HiddenDangerLifecycle.Apply(record, command, actor, now, rules));
    }

    /// <summary>The enterprise's hidden-danger effect on its risk level at <paramref name="now"/>.</summary>
    public HiddenDangerEffect Effect(DateTimeOffset now, InspectionRules rules) => HiddenDangerEffects.For(EnterpriseCode, Records.Values, now, rules);

    /// <summary>
    /// Every deadline step of every record in (<paramref name="lastFired"/>, <paramref name="now"/>], oldest first
    /// (ties by record id): one watermark for the whole ledger, so one reminder per ledger suffices.
    /// </summary>
    public IReadOnlyList<DeadlineNotification> DueNotifications(DateTimeOffset? lastFired, DateTimeOffset now, InspectionRules rules) =>
        [.. Records.Values.SelectMany(r => DeadlineSchedule.DueNotifications(r, lastFired, now, rules))
            .OrderBy(n => n.Step.At).ThenBy(n => n.RecordId, StringComparer.Ordinal).ThenBy(n => n.Step.Index)];

    /// <summary>The earliest next deadline step across the ledger, for the grain's reminder.</summary>
    public DateTimeOffset? NextDue(DateTimeOffset now, InspectionRules rules) =>
        Records.Values.Select(r => DeadlineSchedule.NextDue(r, now, rules)).Where(t => t is not null).Min();

    private LedgerOutcome Unchanged(Outcome<HiddenDanger> outcome) => new(this, outcome);

    private LedgerOutcome Store(Outcome<HiddenDanger> outcome) =>
        outcome is { IsOk: true, Replayed: false, Value: { } record } ? new(this with { Records = Records.SetItem(record.Id, record) }, outcome) : new(this, outcome);
}
