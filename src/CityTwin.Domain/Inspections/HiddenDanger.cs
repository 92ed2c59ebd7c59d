namespace CityTwin.Domain.Inspections;

/// <summary>
/// One hidden danger (事故隐患) in the ledger, with the fields of DOMAIN.md §4.3. Immutable: the lifecycle returns a
/// new record for every accepted command and appends to <see cref="History"/>.
/// </summary>
public sealed record HiddenDanger
{
    public required string Id { get; init; }
    public required string EnterpriseCode { get; init; }
    public string? HazardSourceCode { get; init; }
    public required HiddenDangerLevel Level { get; init; }
    /// <summary>The 判定标准 item a major one meets (HC2017-05, ...); optional checklist item for a general one.</summary>
    public string? CriterionCode { get; init; }

    /// <summary>排查人员: the subject who found it, and the role they held.</summary>
    public required string FoundBy { get; init; }
    public required string FoundByRole { get; init; }
    public required FindingSource Source { get; init; }
    public required DateTimeOffset FoundAt { get; init; }
    public required FindingLocation Location { get; init; }
    public required string Description { get; init; }
    public IReadOnlyList<string> Photos { get; init; } = [];
    public required HazardCategory Category { get; init; }
    /// <summary>监控措施: interim control measures.</summary>
    public string? InterimMeasures { get; init; }
    public string? ResponsiblePerson { get; init; }

    /// <summary>The last local day to rectify it (inclusive); overdue from the start of the next local day.</summary>
    public required DateOnly Deadline { get; init; }
    public RectificationPlan? Plan { get; init; }
    public StopWorkOrder StopWork { get; init; }
    /// <summary>报送情况: to whom and when it was reported (recording it on the platform is the report).</summary>
    public string? ReportedTo { get; init; }
    public DateTimeOffset? ReportedAt { get; init; }

    public IReadOnlyList<string> RectificationEvidence { get; init; } = [];
    /// <summary>When the latest rectification was submitted (cleared on reopen).</summary>
    public DateTimeOffset? RectifiedAt { get; init; }
    public Verification? Verification { get; init; }
    public IReadOnlyList<SignOff> SignOffs { get; init; } = [];
    public DateTimeOffset? ClosedAt { get; init; }
    public string? RejectionReason { get; init; }
    /// <summary>How many times a closed record was found again and reopened.</summary>
    public int ReopenCount { get; init; }

    public HiddenDangerState State { get; init; } = HiddenDangerState.Found;
    public IReadOnlyList<HistoryEntry> History { get; init; } = [];

    public bool IsOpen => State.IsOpen();

    /// <summary>The instant the record becomes overdue: the start of the local day after <see cref="Deadline"/>.</summary>
    public DateTimeOffset DueAt(CityCalendar calendar) => calendar.StartOf(Deadline.AddDays(1));

    /// <summary>Rectification still owed and the deadline has passed.</summary>
    public bool IsOverdue(DateTimeOffset now, CityCalendar calendar) => State.AwaitsRectification() && now >= DueAt(calendar);

    /// <summary>Rectified (the accepted rectification verified) with its submission before the record became overdue.</summary>
    public bool RectifiedOnTime(CityCalendar calendar) =>
        State is HiddenDangerState.Verified or HiddenDangerState.Closed && RectifiedAt is { } at && at < DueAt(calendar);

    /// <summary>The sign-off levels this record needs before it closes (§4.4).</summary>
    public IReadOnlyList<SignOffLevel> RequiredSignOffs => SignOffPolicy.Required(Level, Source);

    /// <summary>
    /// The record as its history had it at <paramref name="at"/>: null before it was found; otherwise its state after
    /// the last step taken by then, with later rectification, sign-offs and closing undone. Its level and deadline
    /// are the latest (the history keeps states, not earlier gradings or deadlines).
    /// </summary>
    public HiddenDanger? AsItWasAt(DateTimeOffset at)
    {
        if (FoundAt > at) return null;
        var steps = History.Where(h => h.At <= at).ToList();
        if (steps.Count == History.Count) return this;
        return this with
        {
            State = steps.Count == 0 ? HiddenDangerState.Found : steps[^1].To,
            History = steps,
            RectifiedAt = RectifiedAt <= at ? RectifiedAt : null,
            SignOffs = [.. SignOffs.Where(s => s.At <= at)],
            ClosedAt = ClosedAt <= at ? ClosedAt : null,
        };
    }

    public HistoryEntry? EntryFor(string idempotencyKey) =>
        History.FirstOrDefault(h => string.Equals(h.IdempotencyKey, idempotencyKey, StringComparison.Ordinal));
}
