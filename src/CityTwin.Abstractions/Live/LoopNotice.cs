using CityTwin.Domain.Inspections;

namespace CityTwin.Abstractions.Live;

/// <summary>
/// A closed-loop notice for the watch streams: a hidden danger's deadline step (due soon, overdue, an escalation
/// rung), addressed to the unit and level it reaches. It travels as a <see cref="LevelChange"/> of the reached unit
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

    /// <summary>What keeps notices apart in a stream's buffer (level changes fold per unit; notices never do).</summary>
    public string FoldKey => $"{RecordId}#{Kind}#{At.ToUnixTimeMilliseconds()}";
}
