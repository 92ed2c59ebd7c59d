using CityTwin.Domain.Inspections;
using Xunit;
using static CityTwin.Domain.Tests.Inspections.InspectionTestData;
using S = CityTwin.Domain.Inspections.HiddenDangerState;

namespace CityTwin.Domain.Tests.Inspections;

/// <summary>Every command from every state (DOMAIN.md §4.4), with actors whose roles fit, so only the state decides.</summary>
public sealed class LifecycleTransitionTests
{
    private static readonly string[] Commands = ["grade", "start", "submit", "verify-ok", "verify-failed", "sign-1", "reject", "reopen"];

    private static (HiddenDangerCommand Command, Actor Actor) Command(string name, HiddenDangerLevel level) => name switch
    {
        "grade" => (new GradeHiddenDanger("t-grade", level, "ent-zhao") { Plan = Plan() }, SafetyManager),
        "start" => (new StartRectification("t-start"), Staff),
        "submit" => (new SubmitRectification("t-submit", ["evidence.jpg"]), Staff),
        "verify-ok" => (new VerifyRectification("t-verify", true), InspectorLi),
        "verify-failed" => (new VerifyRectification("t-verify", false, "切断阀未联锁"), InspectorLi),
        "sign-1" => (new SignHiddenDanger("t-sign", SignOffLevel.Inspector), InspectorLi),
        "reject" => (new RejectHiddenDanger("t-reject", "不构成隐患"), DepartmentStaff),
        "reopen" => (new ReopenHiddenDanger("t-reopen", "复查发现同一问题"), DepartmentStaff),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    // Expected result per state for a major hidden danger found by the department: a target state or "FP:<missing>".
    private static readonly Dictionary<S, Dictionary<string, string>> Major = new()
    {
        [S.Found] = Row(grade: "Assigned", submit: "FP:grading", reject: "Rejected"),
        [S.Assigned] = Row(start: "Rectifying"),
        [S.Rectifying] = Row(submit: "Rectified"),
        [S.Rectified] = Row(verifyOk: "Verified", verifyFailed: "Rectifying"),
        [S.Verified] = Row(sign1: "Verified"),
        [S.Closed] = Row(reopen: "Assigned"),
        [S.Rejected] = Row(),
    };

    // A general one differs only in FOUND: it may be rectified on the spot the same day.
    private static readonly Dictionary<S, Dictionary<string, string>> General = new(Major)
    {
        [S.Found] = Row(grade: "Assigned", submit: "Rectified", reject: "Rejected"),
    };

    private static Dictionary<string, string> Row(string grade = "FP:state", string start = "FP:state", string submit = "FP:state", string verifyOk = "FP:state",
        string verifyFailed = "FP:state", string sign1 = "FP:state", string reject = "FP:state", string reopen = "FP:state") => new()
    {
        ["grade"] = grade, ["start"] = start, ["submit"] = submit, ["verify-ok"] = verifyOk, ["verify-failed"] = verifyFailed,
        ["sign-1"] = sign1, ["reject"] = reject, ["reopen"] = reopen,
    };

    public static TheoryData<HiddenDangerLevel, S, string> Cases()
    {
        var data = new TheoryData<HiddenDangerLevel, S, string>();
        foreach (var level in new[] { HiddenDangerLevel.Major, HiddenDangerLevel.General })
            foreach (var state in Enum.GetValues<S>())
                foreach (var command in Commands)
                    data.Add(level, state, command);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_command_from_every_state(HiddenDangerLevel level, S state, string command)
    {
        var record = WalkTo(state, level);
        Assert.Equal(state, record.State);
        var expected = (level == HiddenDangerLevel.Major ? Major : General)[state][command];
        var (c, actor) = Command(command, level);

        var outcome = HiddenDangerLifecycle.Apply(record, c, actor, After(record), Rules);

        if (expected.StartsWith("FP:", StringComparison.Ordinal))
        {
            Assert.Equal(OutcomeStatus.FailedPrecondition, outcome.Status);
            Assert.Equal(expected[3..], outcome.Problem!.Subject);
            Assert.Null(outcome.Value);
        }
        else
        {
            Assert.True(outcome.IsOk, outcome.Problem?.ToString());
            var next = outcome.Ok;
            Assert.Equal(Enum.Parse<S>(expected), next.State);
            Assert.Equal(record.History.Count + 1, next.History.Count);
            var entry = next.History[^1];
            Assert.Equal((state, next.State, actor.Subject, actor.Role, c.IdempotencyKey), (entry.From, entry.To, entry.Subject, entry.Role, entry.IdempotencyKey));
        }
    }

    [Fact]
    public void An_invalid_transition_names_the_states()
    {
        var r = WalkTo(S.Assigned);
        var outcome = HiddenDangerLifecycle.Apply(r, new VerifyRectification("v", true), InspectorLi, After(r), Rules);
        Assert.Equal("verify needs RECTIFIED; hd-0001 is ASSIGNED", outcome.Problem!.Message);
    }

    [Fact]
    public void The_full_major_walk_records_every_step_and_closes_with_four_signatures()
    {
        var r = WalkTo(S.Closed);
        Assert.Equal(S.Closed, r.State);
        Assert.Equal(["report", "grade", "start", "submit", "verify", "sign", "sign", "sign", "sign"], r.History.Select(h => h.Command));
        Assert.Equal([1, 2, 3, 4], r.SignOffs.Select(s => (int)s.Level));
        Assert.Equal(r.History[^1].At, r.ClosedAt);
        Assert.Equal(Enumerable.Range(1, 9), r.History.Select(h => h.Sequence));
    }

    [Fact]
    public void A_major_needs_its_plan_before_rectifying()
    {
        var r = Reported();
        r = Do(r, new GradeHiddenDanger("g", HiddenDangerLevel.Major, "ent-zhao"), SafetyManager);
        var refused = HiddenDangerLifecycle.Apply(r, new StartRectification("s"), Staff, After(r), Rules);
        Assert.Equal(OutcomeStatus.FailedPrecondition, refused.Status);
        Assert.Equal("plan", refused.Problem!.Subject);
        Assert.Contains("治理方案", refused.Problem.Message);

        var started = HiddenDangerLifecycle.Apply(r, new StartRectification("s", Plan()), Staff, After(r), Rules);
        Assert.Equal(S.Rectifying, started.Ok.State);
        Assert.Equal(Plan(), started.Ok.Plan);
        // The deadline fixed at grading (found 04-24 + 30 days) does not move with a plan given later.
        Assert.Equal(new DateOnly(2026, 5, 24), started.Ok.Deadline);
    }

    [Fact]
    public void A_general_one_needs_no_plan()
    {
        var r = WalkTo(S.Assigned, HiddenDangerLevel.General);
        Assert.Equal(S.Rectifying, Do(r, new StartRectification("s2"), Staff).State);
    }

    [Fact]
    public void Grading_sets_the_deadline_explicit_then_plan_then_default()
    {
        var r = Reported();
        Assert.Equal(new DateOnly(2026, 5, 24), r.Deadline); // major default: found day + 30
        Assert.Equal(new DateOnly(2026, 5, 20), Do(r, new GradeHiddenDanger("g", HiddenDangerLevel.Major, "p") { Plan = Plan() }, SafetyManager).Deadline);
        Assert.Equal(new DateOnly(2026, 5, 10), Do(r, new GradeHiddenDanger("g", HiddenDangerLevel.Major, "p") { Plan = Plan(), Deadline = new(2026, 5, 10) }, SafetyManager).Deadline);
        var regraded = Do(r, new GradeHiddenDanger("g", HiddenDangerLevel.General, "p"), SafetyManager);
        Assert.Equal((HiddenDangerLevel.General, new DateOnly(2026, 5, 1)), (regraded.Level, regraded.Deadline));
        Assert.Contains("regraded major → general", regraded.History[^1].Note);
    }

    [Fact]
    public void Rectification_on_the_spot_only_the_same_local_day()
    {
        var r = Reported(HiddenDangerLevel.General, FindingSource.SelfInspection);
        var sameDay = HiddenDangerLifecycle.Apply(r, new SubmitRectification("s", ["fixed.jpg"]), InspectorLi, Local(4, 24, 23, 59), Rules);
        Assert.Equal(S.Rectified, sameDay.Ok.State);
        Assert.Equal("rectified on the spot (立即整改)", sameDay.Ok.History[^1].Note);

        var nextDay = HiddenDangerLifecycle.Apply(r, new SubmitRectification("s", ["fixed.jpg"]), InspectorLi, Local(4, 25, 0, 0), Rules);
        Assert.Equal((OutcomeStatus.FailedPrecondition, "grading"), (nextDay.Status, nextDay.Problem!.Subject));
    }

    [Fact]
    public void A_failed_verification_returns_to_rectifying_with_the_deadline_unchanged()
    {
        var r = WalkTo(S.Rectified);
        var failed = Do(r, new VerifyRectification("v1", false, "未联锁"), InspectorWang);
        Assert.Equal((S.Rectifying, r.Deadline, false), (failed.State, failed.Deadline, failed.Verification!.Passed));
        var again = Do(Do(failed, new SubmitRectification("s2", ["after-2.jpg"]), Staff), new VerifyRectification("v2", true), InspectorWang);
        Assert.Equal(S.Verified, again.State);
        Assert.Equal(["after-1.jpg", "after-2.jpg"], again.RectificationEvidence);
        Assert.Equal("insp-wang", again.Verification!.VerifiedBy);
    }

    [Fact]
    public void Reopening_starts_a_new_round_and_keeps_the_history()
    {
        var closed = WalkTo(S.Closed);
        var at = Local(7, 1, 9);
        var reopened = Do(closed, new ReopenHiddenDanger("r", "复查发现切断阀被旁路"), InspectorWang, at);
        Assert.Equal(S.Assigned, reopened.State);
        Assert.Equal(1, reopened.ReopenCount);
        Assert.Empty(reopened.SignOffs);
        Assert.Null(reopened.Verification);
        Assert.Null(reopened.ClosedAt);
        Assert.Equal(new DateOnly(2026, 7, 31), reopened.Deadline); // reopened day + 30
        Assert.Equal(closed.History.Count + 1, reopened.History.Count);
        Assert.Equal(4, reopened.History.Count(h => h.Command == "sign"));
    }

    [Fact]
    public void A_rejected_record_keeps_its_reason()
    {
        var r = WalkTo(S.Rejected);
        Assert.Equal("不构成隐患", r.RejectionReason);
        Assert.False(r.IsOpen);
    }

    [Theory]
    [InlineData(HiddenDangerLevel.Major, null, "criterionCode")]
    [InlineData(HiddenDangerLevel.Major, "HC2017-21", "criterionCode")]
    [InlineData(HiddenDangerLevel.Major, "hc2017-05", "criterionCode")]
    [InlineData(HiddenDangerLevel.Major, "COAL2020-03", null)]
    [InlineData(HiddenDangerLevel.General, null, null)]
    public void A_major_report_needs_a_valid_criterion_code(HiddenDangerLevel level, string? criterion, string? badField)
    {
        var c = Report(level) with { CriterionCode = criterion };
        var outcome = HiddenDangerLifecycle.Report(c, InspectorLi, T0, Rules);
        Assert.Equal(badField, outcome.Problem?.Subject);
        if (badField is not null) Assert.Equal(OutcomeStatus.InvalidArgument, outcome.Status);
    }

    [Fact]
    public void A_report_records_the_ledger_fields()
    {
        var r = Reported();
        Assert.Equal(("insp-li", Roles.Inspector, FindingSource.DepartmentInspection, T0, T0, "emergency"), (r.FoundBy, r.FoundByRole, r.Source, r.FoundAt, r.ReportedAt, r.ReportedTo));
        Assert.Equal(("hs-150602-0042-t1", "HC2017-05", HazardCategory.Equipment, "限制液位不超过50%"), (r.HazardSourceCode, r.CriterionCode, r.Category, r.InterimMeasures));
        Assert.Equal(S.Found, r.State);
        Assert.Single(r.History);
    }

    [Theory]
    [InlineData(-1.0, null)]
    [InlineData(1.0, "foundAt")]
    [InlineData(-24.0 * 8, "foundAt")]
    public void FoundAt_must_be_recent_and_not_in_the_future(double hoursFromNow, string? badField)
    {
        var outcome = HiddenDangerLifecycle.Report(Report() with { FoundAt = T0.AddHours(hoursFromNow) }, InspectorLi, T0, Rules);
        Assert.Equal(badField, outcome.Problem?.Subject);
    }

    [Fact]
    public void Time_never_runs_backwards_on_a_record()
    {
        var r = WalkTo(S.Assigned);
        var outcome = HiddenDangerLifecycle.Apply(r, new StartRectification("s"), Staff, r.History[^1].At.AddSeconds(-1), Rules);
        Assert.Equal((OutcomeStatus.InvalidArgument, "now"), (outcome.Status, outcome.Problem!.Subject));
    }
}
