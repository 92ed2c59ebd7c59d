using CityTwin.Domain.Inspections;

namespace CityTwin.Abstractions.Live;

/// <summary>
/// A closed-loop notice for the watch streams: a hidden danger's deadline step (due soon, overdue, an escalation
/// rung), a warning's step (raised, escalated, answered, rejected, closed) or a daily commitment, addressed to the unit and level it reaches. It travels as a <see cref="LevelChange"/> of the reached unit
/// (so the streams' scope filters apply unchanged) with this attached; streams never fold notices away.
/// </summary>
[GenerateSerializer, Immutable, Alias("citytwin.LoopNotice")]
public sealed record LoopNotice(
    [property: Id(0)] string Kind,
    [property: Id(1)] string RecordId,
    [property: Id(2)] string EnterpriseCode,
    [property: Id(3)] HiddenDangerLevel Level,
    [property: Id(4)] DateOnly Deadline,
    [property: Id(5)] EscalationLevel Reaches,
    [property: Id(6)] int DaysOverdue,
    [property: Id(7)] DateTimeOffset At,
    [property: Id(8)] string Message)
{
    public const string DueSoon = "hidden-danger-due-soon";
    public const string Overdue = "hidden-danger-overdue";
    public const string Escalation = "hidden-danger-escalation";
    public const string WarningRaised = "warning-raised";
    public const string WarningEscalated = "warning-escalated";
    public const string WarningAnswered = "warning-answered";
    public const string WarningRejected = "warning-rejected";
    public const string WarningClosed = "warning-closed";
    public const string CommitmentSubmitted = "commitment-submitted";

    /// <summary>On warning notices: the warning's colour (its <see cref="Level"/> is a hidden danger's and is unused).</summary>
    [Id(9)] public Domain.Risk.RiskLevel? WarningLevel { get; init; }
    /// <summary>On warning notices: the unit that turned (an enterprise or a hazard source).</summary>
    [Id(10)] public string? UnitCode { get; init; }
    /// <summary>On warning notices: when the party it reaches must answer by (none once answered, or for blue).</summary>
    [Id(11)] public DateTimeOffset? DueAt { get; init; }
    /// <summary>On warning notices: risk-level, high-high-alarm or missing-commitment.</summary>
    [Id(12)] public string? Trigger { get; init; }

    /// <summary>What keeps notices apart in a stream's buffer (level changes fold per unit; notices never do).</summary>
    public string FoldKey => $"{RecordId}#{Kind}#{At.ToUnixTimeMilliseconds()}";
}
