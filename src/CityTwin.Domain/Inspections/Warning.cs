using CityTwin.Domain.Risk;

namespace CityTwin.Domain.Inspections;

/// <summary>What raised a warning.</summary>
public enum WarningTrigger
{
    /// <summary>A unit turned orange or red.</summary>
    RiskLevel,
    /// <summary>A sensor reached high-high.</summary>
    HighHighAlarm,
    /// <summary>A major-hazard enterprise's daily commitment did not arrive by the configured hour.</summary>
    MissingCommitment,
}

/// <summary>RAISED → ANSWERED → VERIFIED → CLOSED (消警); a failed verification sends it back to RAISED.</summary>
public enum WarningState
{
    Raised,
    Answered,
    Verified,
    Closed,
}

/// <summary>The responsible party's answer: the cause and the measures taken.</summary>
public sealed record WarningAnswer(string Cause, string Measures, string AnsweredBy, string Role, DateTimeOffset At);

/// <summary>One rung climbed: from, to, at the instant the answer deadline passed.</summary>
public sealed record WarningEscalation(string WarningId, EscalationLevel From, EscalationLevel To, DateTimeOffset At);

/// <summary>One accepted command in a warning's history.</summary>
public sealed record WarningHistoryEntry(int Sequence, DateTimeOffset At, string Command, string Subject, string Role, WarningState From, WarningState To, string IdempotencyKey, string? Note = null);

/// <summary>
/// A warning (预警) to the party responsible for a unit. <see cref="AtLevel"/> is who must answer now and
/// <see cref="AnswerDueAt"/> by when (null for levels that never escalate, and once answered).
/// </summary>
public sealed record Warning
{
    public required string Id { get; init; }
    /// <summary>The unit that turned (an enterprise or a hazard source) and the enterprise responsible for it.</summary>
    public required string UnitCode { get; init; }
    public required string EnterpriseCode { get; init; }
    public required WarningTrigger Trigger { get; init; }
    public required RiskLevel Level { get; init; }
    public required string Reason { get; init; }
    /// <summary>The alarm, rule or record behind it, when there is one.</summary>
    public string? EvidenceId { get; init; }
    public required DateTimeOffset RaisedAt { get; init; }
    public WarningState State { get; init; } = WarningState.Raised;
    public EscalationLevel AtLevel { get; init; } = EscalationLevel.Enterprise;
    public DateTimeOffset? AnswerDueAt { get; init; }
    public WarningAnswer? Answer { get; init; }
    /// <summary>Answered before any escalation (set when answered).</summary>
    public bool? AnsweredOnTime { get; init; }
    public Verification? Verification { get; init; }
    public DateTimeOffset? ClosedAt { get; init; }
    public IReadOnlyList<WarningEscalation> Escalations { get; init; } = [];
    public IReadOnlyList<WarningHistoryEntry> History { get; init; } = [];

    public bool IsOpen => State != WarningState.Closed;
}
