using CityTwin.Domain.Inspections;
using Xunit;
using static CityTwin.Domain.Tests.Inspections.InspectionTestData;
using K = CityTwin.Domain.Inspections.DeadlineStepKind;
using L = CityTwin.Domain.Inspections.EscalationLevel;
using S = CityTwin.Domain.Inspections.HiddenDangerState;

namespace CityTwin.Domain.Tests.Inspections;

/// <summary>Deadline schedule (T−3 d, T, T+7, …) in local days, and catching up after downtime.</summary>
public sealed class DeadlineTests
{
    /// <summary>A general one found 2026-04-24 10:00: deadline 05-01, T = 05-02 00:00 local.</summary>
    private static HiddenDanger General() => Do(Reported(HiddenDangerLevel.General), new GradeHiddenDanger("g", HiddenDangerLevel.General, "ent-zhao"), SafetyManager);

    [Fact]
    public void The_schedule_of_a_general_hidden_danger()
    {
        var r = General();
        Assert.Equal(new DateOnly(2026, 5, 1), r.Deadline);
        Assert.Equal(Local(5, 2), r.DueAt(Rules.Calendar));
        var steps = DeadlineSchedule.Steps(r.Deadline, Rules.Deadlines, Rules.Calendar).Take(7).ToList();
        Assert.Equal(
        [
            new DeadlineStep(K.DueSoon, -1, Local(4, 29), L.Enterprise, -3),
            new DeadlineStep(K.Overdue, 0, Local(5, 2), L.EnterprisePrincipal, 0),
            new DeadlineStep(K.Escalation, 1, Local(5, 9), L.SupervisingDepartment, 7),
            new DeadlineStep(K.Escalation, 2, Local(5, 16), L.DistrictCommittee, 14),
            new DeadlineStep(K.Escalation, 3, Local(5, 23), L.CityCommittee, 21),
            new DeadlineStep(K.Escalation, 4, Local(5, 30), L.CityCommittee, 28),
            new DeadlineStep(K.Escalation, 5, Local(6, 6), L.CityCommittee, 35),
        ], steps);
    }

    [Fact]
    public void Without_repeats_the_ladder_ends_at_the_city()
    {
        var policy = Rules.Deadlines with { RepeatAtTop = false };
        var steps = DeadlineSchedule.Steps(new DateOnly(2026, 5, 1), policy, Rules.Calendar).ToList();
        Assert.Equal(5, steps.Count);
        Assert.Equal(L.CityCommittee, steps[^1].Reaches);
    }

    [Fact]
    public void Steps_fall_on_local_midnights_in_the_configured_zone()
    {
        var utc = Rules with { Calendar = new CityCalendar(TimeZoneInfo.Utc) };
        // 2026-04-24 20:00 UTC is 04-25 04:00 in Shanghai: the found day, and so the deadline, differ by zone.
        var at = new DateTimeOffset(2026, 4, 24, 20, 0, 0, TimeSpan.Zero);
        var c = Report(HiddenDangerLevel.General);
        Assert.Equal(new DateOnly(2026, 5, 2), HiddenDangerLifecycle.Report(c, InspectorLi, at, Rules).Ok.Deadline);
        Assert.Equal(new DateOnly(2026, 5, 1), HiddenDangerLifecycle.Report(c, InspectorLi, at, utc).Ok.Deadline);
        Assert.Equal(new DateTimeOffset(2026, 5, 2, 0, 0, 0, TimeSpan.Zero),
            DeadlineSchedule.Steps(new DateOnly(2026, 5, 1), utc.Deadlines, utc.Calendar).ElementAt(1).At);
    }

    [Fact]
    public void Nothing_is_due_before_the_early_warning()
    {
        Assert.Empty(DeadlineSchedule.DueNotifications(General(), null, Local(4, 28, 23, 59), Rules));
    }

    [Fact]
    public void The_early_warning_fires_on_time_and_only_once()
    {
        var r = General();
        var first = DeadlineSchedule.DueNotifications(r, null, Local(4, 29, 0, 0), Rules);
        Assert.Equal([K.DueSoon], first.Select(n => n.Step.Kind));
        Assert.Equal(("hd-0001", Enterprise, HiddenDangerLevel.General), (first[0].RecordId, first[0].EnterpriseCode, first[0].Level));
        Assert.Empty(DeadlineSchedule.DueNotifications(r, first[0].Step.At, Local(5, 1, 23, 59), Rules));
    }

    [Fact]
    public void After_a_gap_every_step_that_passed_fires_at_once_in_order()
    {
        var r = General();
        // Down from 04-29 (after the early warning fired) until 05-17 12:00.
        var due = DeadlineSchedule.DueNotifications(r, Local(4, 29), Local(5, 17, 12), Rules);
        Assert.Equal(
            [(K.Overdue, Local(5, 2), L.EnterprisePrincipal), (K.Escalation, Local(5, 9), L.SupervisingDepartment), (K.Escalation, Local(5, 16), L.DistrictCommittee)],
            due.Select(n => (n.Step.Kind, n.Step.At, n.Step.Reaches)));
        // With nothing fired yet, the catch-up starts at the early warning.
        Assert.Equal(4, DeadlineSchedule.DueNotifications(r, null, Local(5, 17, 12), Rules).Count);
        Assert.Equal(Local(5, 23), DeadlineSchedule.NextDue(r, Local(5, 17, 12), Rules));
    }

    [Fact]
    public void A_submitted_rectification_stops_the_clock_and_a_failed_verification_restarts_it()
    {
        var r = Do(General(), new StartRectification("s"), Staff, Local(4, 25));
        r = Do(r, new SubmitRectification("u", ["x.jpg"]), Staff, Local(4, 30));
        Assert.Empty(DeadlineSchedule.DueNotifications(r, Local(4, 29), Local(5, 12), Rules));
        Assert.Null(DeadlineSchedule.NextDue(r, Local(5, 12), Rules));
        Assert.False(r.IsOverdue(Local(5, 12), Rules.Calendar));

        r = Do(r, new VerifyRectification("v", false), InspectorLi, Local(5, 12));
        Assert.True(r.IsOverdue(Local(5, 12), Rules.Calendar));
        Assert.Equal([Local(5, 2), Local(5, 9)], DeadlineSchedule.DueNotifications(r, Local(4, 29), Local(5, 12), Rules).Select(n => n.Step.At));
    }

    [Fact]
    public void The_ledger_merges_its_records_in_time_order()
    {
        var ledger = HiddenDangerLedger.Empty(Enterprise)
            .Report(Report(HiddenDangerLevel.General, id: "hd-b", key: "k-b"), InspectorLi, T0, Rules).Ledger
            .Report(Report(HiddenDangerLevel.General, id: "hd-a", key: "k-a") with { FoundAt = Local(4, 22, 9) }, InspectorLi, T0, Rules).Ledger;
        // hd-a: deadline 04-29 → 04-27 warning, 04-30 overdue; hd-b: deadline 05-01 → 04-29, 05-02.
        var due = ledger.DueNotifications(null, Local(5, 3), Rules);
        Assert.Equal(
            [("hd-a", K.DueSoon), ("hd-b", K.DueSoon), ("hd-a", K.Overdue), ("hd-b", K.Overdue)],
            due.Select(n => (n.RecordId, n.Step.Kind)));
        Assert.Equal(Local(5, 7), ledger.NextDue(Local(5, 3), Rules)); // hd-a's first escalation
    }

    [Fact]
    public void A_reopened_record_gets_a_fresh_schedule()
    {
        var closed = WalkTo(S.Closed, HiddenDangerLevel.General);
        Assert.Empty(DeadlineSchedule.DueNotifications(closed, null, Local(6, 1), Rules));
        var reopened = Do(closed, new ReopenHiddenDanger("r", "再次发现", new DateOnly(2026, 6, 10)), DepartmentStaff, Local(6, 1, 9));
        Assert.Equal(Local(6, 8), DeadlineSchedule.NextDue(reopened, Local(6, 1, 9), Rules));
    }
}
