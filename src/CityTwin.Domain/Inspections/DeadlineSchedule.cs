namespace CityTwin.Domain.Inspections;

/// <summary>What a deadline step means.</summary>
public enum DeadlineStepKind
{
    /// <summary>T−3 d: due soon (临期提醒).</summary>
    DueSoon,
    /// <summary>T: overdue (超期).</summary>
    Overdue,
    /// <summary>T + k·7 d: the next rung of the ladder (逐级督办).</summary>
    Escalation,
}

/// <summary>
/// One step of a record's deadline schedule: what, when, the level it reaches and how many local days overdue the
/// record is at that moment. <see cref="Index"/> is −1 for the early warning, 0 at T, k at T + k·7 d.
/// </summary>
public sealed record DeadlineStep(DeadlineStepKind Kind, int Index, DateTimeOffset At, EscalationLevel Reaches, int DaysOverdue);

/// <summary>A step that has come due for one record, ready to become a watch event to the scope it reaches.</summary>
public sealed record DeadlineNotification(string RecordId, string EnterpriseCode, HiddenDangerLevel Level, DateOnly Deadline, DeadlineStep Step);

/// <summary>
/// Deadline schedule of DOMAIN.md §4.4 [DESIGN]: T−3 d warning to the enterprise, T overdue, then one rung up the
/// ladder every 7 days. All steps fall at the start of a local day, so "days" are the city's days. T is the start
/// of the day after the deadline day.
/// </summary>
public static class DeadlineSchedule
{
    /// <summary>The steps for a deadline in time order; unbounded when <see cref="DeadlinePolicy.RepeatAtTop"/> is on.</summary>
    public static IEnumerable<DeadlineStep> Steps(DateOnly deadline, DeadlinePolicy policy, CityCalendar calendar)
    {
        var t = deadline.AddDays(1);
        yield return new DeadlineStep(DeadlineStepKind.DueSoon, -1, calendar.StartOf(t.AddDays(-policy.WarningDaysBefore)), EscalationLevel.Enterprise, -policy.WarningDaysBefore);
        for (var k = 0; ; k++)
        {
            if (k >= policy.Ladder.Count && !policy.RepeatAtTop) yield break;
            var days = k * policy.EscalationEveryDays;
            var reaches = policy.Ladder[Math.Min(k, policy.Ladder.Count - 1)];
            yield return new DeadlineStep(k == 0 ? DeadlineStepKind.Overdue : DeadlineStepKind.Escalation, k, calendar.StartOf(t.AddDays(days)), reaches, days);
        }
    }

    /// <summary>
    /// Every step that came due in (<paramref name="lastFired"/>, <paramref name="now"/>], oldest first. After a
    /// restart the grain calls this once and fires what it returns at once: reminders do not replay missed ticks, so
    /// catching up is this function's job. Nothing is due for a record that no longer awaits rectification (a
    /// submitted rectification stops the clock; a failed verification restarts it with the deadline unchanged, and the
    /// steps that passed meanwhile then come due together).
    /// </summary>
    public static IReadOnlyList<DeadlineNotification> DueNotifications(HiddenDanger record, DateTimeOffset? lastFired, DateTimeOffset now, InspectionRules rules)
    {
        if (!record.State.AwaitsRectification()) return [];
        return [.. Steps(record.Deadline, rules.Deadlines, rules.Calendar)
            .TakeWhile(s => s.At <= now)
            .Where(s => lastFired is not { } last || s.At > last)
            .Select(s => new DeadlineNotification(record.Id, record.EnterpriseCode, record.Level, record.Deadline, s))];
    }

    /// <summary>When the next step after <paramref name="now"/> falls (for the grain's reminder), or null when none will.</summary>
    public static DateTimeOffset? NextDue(HiddenDanger record, DateTimeOffset now, InspectionRules rules) =>
        record.State.AwaitsRectification()
            ? Steps(record.Deadline, rules.Deadlines, rules.Calendar).FirstOrDefault(s => s.At > now)?.At
            : null;
}
