using CityTwin.Domain.Inspections;
using CityTwin.Domain.Risk;
using Xunit;
using static CityTwin.Domain.Tests.Inspections.InspectionTestData;
using L = CityTwin.Domain.Inspections.EscalationLevel;
using W = CityTwin.Domain.Inspections.WarningState;

namespace CityTwin.Domain.Tests.Inspections;

/// <summary>Warning handling: raise, answer, verify, close; escalation when not answered in time, with catch-up.</summary>
public sealed class WarningTests
{
    private static Warning Raised(RiskLevel level = RiskLevel.Red, string id = "w-1", DateTimeOffset? at = null) =>
        WarningLifecycle.Raise(new RaiseWarning("k-" + id, id, "hs-150602-0042-t1", Enterprise, WarningTrigger.RiskLevel, level, "储罐T1 转为红色")
            { EvidenceId = "ALARM_HH_CONFIRMED" }, Actor.System, at ?? T0, Rules).Ok;

    private static Outcome<Warning> Apply(Warning w, WarningCommand c, Actor actor, DateTimeOffset at) => WarningLifecycle.Apply(w, c, actor, at, Rules);

    [Theory]
    [InlineData(RiskLevel.Red, 30.0)]
    [InlineData(RiskLevel.Orange, 120.0)]
    [InlineData(RiskLevel.Yellow, 1440.0)]
    [InlineData(RiskLevel.Blue, null)]
    public void The_answer_deadline_depends_on_the_level(RiskLevel level, double? minutes)
    {
        var w = Raised(level);
        Assert.Equal((W.Raised, L.Enterprise), (w.State, w.AtLevel));
        Assert.Equal(minutes is { } m ? T0.AddMinutes(m) : null, w.AnswerDueAt);
    }

    [Fact]
    public void A_missing_commitment_starts_at_the_supervising_department_and_climbs_from_there()
    {
        var w = WarningLifecycle.Raise(new RaiseWarning("k-m", "w-m", Enterprise, Enterprise, WarningTrigger.MissingCommitment, RiskLevel.Yellow, "未提交安全承诺")
            { StartAt = Rules.Warnings.MissingCommitmentStartsAt }, Actor.System, T0, Rules).Ok;
        Assert.Equal((L.SupervisingDepartment, T0.AddHours(24)), (w.AtLevel, w.AnswerDueAt));
        Assert.Equal(L.DistrictCommittee, WarningLifecycle.Escalate(w, T0.AddHours(24), Rules).Warning.AtLevel);
    }

    [Fact]
    public void Answered_in_time_verified_and_closed()
    {
        var w = Raised();
        w = Apply(w, new AnswerWarning("a", "液位计故障导致误报警", "已更换液位计并现场确认"), SafetyManager, T0.AddMinutes(20)).Ok;
        Assert.Equal((W.Answered, true, (DateTimeOffset?)null), (w.State, w.AnsweredOnTime, w.AnswerDueAt));
        w = Apply(w, new VerifyWarning("v", true), DepartmentStaff, T0.AddMinutes(50)).Ok;
        Assert.Equal(W.Verified, w.State);
        w = Apply(w, new CloseWarning("c", "消警"), DepartmentStaff, T0.AddMinutes(55)).Ok;
        Assert.Equal((W.Closed, T0.AddMinutes(55)), (w.State, w.ClosedAt));
        Assert.Empty(w.Escalations);
        Assert.Equal(["raise", "answer", "verify", "close"], w.History.Select(h => h.Command));
    }

    [Fact]
    public void Not_answered_in_time_it_escalates_one_level()
    {
        var w = Raised();
        Assert.Empty(WarningLifecycle.Escalate(w, T0.AddMinutes(29), Rules).Escalations);
        var (escalated, steps) = WarningLifecycle.Escalate(w, T0.AddMinutes(30), Rules);
        Assert.Equal([new WarningEscalation("w-1", L.Enterprise, L.SupervisingDepartment, T0.AddMinutes(30))], steps);
        Assert.Equal((L.SupervisingDepartment, T0.AddMinutes(60)), (escalated.AtLevel, escalated.AnswerDueAt));
        Assert.Equal("escalate", escalated.History[^1].Command);
    }

    [Fact]
    public void After_downtime_every_rung_is_caught_up_with_its_own_time_and_it_stops_at_the_city()
    {
        var (w, steps) = WarningLifecycle.Escalate(Raised(), T0.AddHours(5), Rules);
        Assert.Equal(
            [(L.Enterprise, L.SupervisingDepartment, T0.AddMinutes(30)), (L.SupervisingDepartment, L.DistrictCommittee, T0.AddMinutes(60)),
             (L.DistrictCommittee, L.CityCommittee, T0.AddMinutes(90))],
            steps.Select(s => (s.From, s.To, s.At)));
        Assert.Equal(L.CityCommittee, w.AtLevel);
        Assert.Empty(WarningLifecycle.Escalate(w, T0.AddHours(10), Rules).Escalations);
        // Escalating twice is the same as once: history is not duplicated.
        Assert.Equal(w.History.Count, WarningLifecycle.Escalate(w, T0.AddHours(5), Rules).Warning.History.Count);
    }

    [Fact]
    public void A_blue_warning_never_escalates()
    {
        Assert.Empty(WarningLifecycle.Escalate(Raised(RiskLevel.Blue), T0.AddDays(30), Rules).Escalations);
    }

    [Fact]
    public void Who_may_answer_follows_the_level_it_has_reached()
    {
        var w = Raised(RiskLevel.Orange);
        // Before escalation only the enterprise answers.
        Assert.Equal(OutcomeStatus.PermissionDenied, Apply(w, new AnswerWarning("a", "c", "m"), DepartmentStaff, T0.AddMinutes(10)).Status);
        // At 2 h 30 min it has reached the department (Apply catches up first): the department may answer; the banner not yet.
        var byDepartment = Apply(w, new AnswerWarning("a", "企业未响应，已电话督促", "派员现场核查"), DepartmentStaff, T0.AddMinutes(150));
        Assert.Equal((W.Answered, L.SupervisingDepartment, false), (byDepartment.Ok.State, byDepartment.Ok.AtLevel, byDepartment.Ok.AnsweredOnTime));
        var byBanner = Apply(w, new AnswerWarning("a", "c", "m"), Supervisor, T0.AddMinutes(150));
        Assert.Equal(OutcomeStatus.PermissionDenied, byBanner.Status);
        Assert.Equal("enterprise,enterprise-safety-manager,enterprise-principal,department,department-head", byBanner.Problem!.Subject);
        // The enterprise may still answer late.
        Assert.False(Apply(w, new AnswerWarning("a", "c", "m"), Staff, T0.AddMinutes(150)).Ok.AnsweredOnTime);
    }

    [Fact]
    public void A_failed_verification_needs_a_new_answer_with_a_fresh_deadline()
    {
        var w = Apply(Raised(), new AnswerWarning("a", "c", "m"), Staff, T0.AddMinutes(10)).Ok;
        w = Apply(w, new VerifyWarning("v", false, "现场仍有泄漏"), InspectorLi, T0.AddMinutes(20)).Ok;
        Assert.Equal((W.Raised, T0.AddMinutes(50), (WarningAnswer?)null), (w.State, w.AnswerDueAt, w.Answer));
        // The first answer was on time; that stays the record of it.
        w = Apply(w, new AnswerWarning("a2", "c2", "m2"), Staff, T0.AddMinutes(70)).Ok;
        Assert.Equal((W.Answered, true, L.SupervisingDepartment), (w.State, w.AnsweredOnTime, w.AtLevel));
    }

    [Fact]
    public void Preconditions_roles_and_retries()
    {
        var w = Raised();
        var early = Apply(w, new CloseWarning("c"), DepartmentStaff, T0.AddMinutes(5));
        Assert.Equal((OutcomeStatus.FailedPrecondition, "verification"), (early.Status, early.Problem!.Subject));
        Assert.Equal(OutcomeStatus.InvalidArgument, Apply(w, new AnswerWarning("a", " ", "m"), Staff, T0.AddMinutes(5)).Status);

        var answered = Apply(w, new AnswerWarning("a", "c", "m"), Staff, T0.AddMinutes(5)).Ok;
        var retry = Apply(answered, new AnswerWarning("a", "c", "m"), Staff, T0.AddMinutes(6));
        Assert.True(retry.Replayed);
        Assert.Same(answered, retry.Value);
        Assert.Equal(OutcomeStatus.PermissionDenied, Apply(answered, new VerifyWarning("v", true), Staff, T0.AddMinutes(7)).Status);
        Assert.Equal(OutcomeStatus.PermissionDenied, Apply(answered, new CloseWarning("c"), InspectorLi, T0.AddMinutes(7)).Status);
        Assert.Equal(OutcomeStatus.PermissionDenied,
            WarningLifecycle.Raise(new RaiseWarning("k", "w-9", "u", Enterprise, WarningTrigger.HighHighAlarm, RiskLevel.Orange, "HH"), Staff, T0, Rules).Status);
    }

    [Theory]
    [InlineData(RiskLevel.Yellow, RiskLevel.Orange, true)]
    [InlineData(RiskLevel.Orange, RiskLevel.Red, true)]
    [InlineData(RiskLevel.Blue, RiskLevel.Yellow, false)]
    [InlineData(RiskLevel.Red, RiskLevel.Orange, false)]
    [InlineData(RiskLevel.Orange, RiskLevel.Orange, false)]
    public void A_unit_turning_orange_or_red_raises_a_warning(RiskLevel previous, RiskLevel current, bool raise)
    {
        Assert.Equal(raise, Rules.Warnings.ShouldRaise(previous, current));
    }

    [Fact]
    public void Statistics_per_scope()
    {
        var onTime = Apply(Raised(RiskLevel.Red, "w-a"), new AnswerWarning("a", "c", "m"), Staff, T0.AddMinutes(10)).Ok;
        var late = Apply(Raised(RiskLevel.Orange, "w-b"), new AnswerWarning("a", "c", "m"), Staff, T0.AddHours(3)).Ok;
        var silent = Raised(RiskLevel.Red, "w-c");
        var closed = Apply(Apply(Apply(Raised(RiskLevel.Yellow, "w-d"), new AnswerWarning("a", "c", "m"), Staff, T0.AddHours(1)).Ok,
            new VerifyWarning("v", true), InspectorLi, T0.AddHours(2)).Ok, new CloseWarning("c"), DepartmentStaff, T0.AddHours(3)).Ok;
        var elsewhere = Raised(RiskLevel.Red, "w-e") with { EnterpriseCode = "E3" };
        var placements = new Dictionary<string, EnterprisePlacement>
        {
            [Enterprise] = new(Enterprise, "150600/150602/park-150602-01/" + Enterprise, "hazchem", "emergency"),
            ["E3"] = new("E3", "150600/150603/E3", "coal", "energy"),
        };

        var s = WarningStatistics.ForScope([onTime, late, silent, closed, elsewhere], placements, "150600/150602", T0.AddHours(4), Rules);
        Assert.Equal(4, s.Raised);
        Assert.Equal(2, s.ByLevel[RiskLevel.Red]);
        Assert.Equal((1, 1, 1), (s.ByLevel[RiskLevel.Orange], s.ByLevel[RiskLevel.Yellow], s.ByLevel[RiskLevel.Red] - 1));
        Assert.Equal((2, 1), (s.AnsweredOnTime, s.AnsweredLate)); // w-a, w-d on time; w-b late
        Assert.Equal(2, s.Escalated); // w-b (before its late answer) and w-c (unanswered)
        Assert.Equal((3, 1), (s.Open, s.Closed));
        Assert.Equal(0.5, s.OnTimeRate); // 2 / (3 answered + w-c past due)
    }
}
