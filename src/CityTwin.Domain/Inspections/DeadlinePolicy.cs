namespace CityTwin.Domain.Inspections;

/// <summary>Deadlines and the escalation ladder of DOMAIN.md §4.4 — every value [DESIGN] and configurable.</summary>
public sealed record DeadlinePolicy
{
    /// <summary>A general hidden danger: 7 local days from the day it was found.</summary>
    public int GeneralDays { get; init; } = 7;

    /// <summary>A major one without a plan deadline: 30 local days.</summary>
    public int MajorDays { get; init; } = 30;

    /// <summary>The early warning fires this many local days before T (T−3 d).</summary>
    public int WarningDaysBefore { get; init; } = 3;

    /// <summary>Overdue records climb the ladder every this many local days (T+7, T+14, …).</summary>
    public int EscalationEveryDays { get; init; } = 7;

    /// <summary>
    /// The level each overdue step reaches: index 0 at T, index k at T + k·7 d. [DESIGN] T itself reaches the
    /// enterprise principal, so the city committee is reached at T+21.
    /// </summary>
    public IReadOnlyList<EscalationLevel> Ladder { get; init; } =
        [EscalationLevel.EnterprisePrincipal, EscalationLevel.SupervisingDepartment, EscalationLevel.DistrictCommittee, EscalationLevel.CityCommittee];

    /// <summary>
    /// [DESIGN] Once at the top, keep reminding the top level every <see cref="EscalationEveryDays"/> until the record
    /// is rectified (挂牌督办 does not go quiet). False: the ladder ends at its last rung.
    /// </summary>
    public bool RepeatAtTop { get; init; } = true;

    /// <summary>A report may back-date <c>foundAt</c> by at most this much (a finding written up after the visit).</summary>
    public TimeSpan MaxReportDelay { get; init; } = TimeSpan.FromDays(7);

    public int DefaultDays(HiddenDangerLevel level) => level == HiddenDangerLevel.Major ? MajorDays : GeneralDays;

    /// <summary>The default deadline: the found (or reopened) local day plus the level's days.</summary>
    public DateOnly DefaultDeadline(HiddenDangerLevel level, DateOnly from) => from.AddDays(DefaultDays(level));
}
