using CityTwin.Domain.Inspections;
using Xunit;
using static CityTwin.Domain.Tests.Inspections.InspectionTestData;
using S = CityTwin.Domain.Inspections.HiddenDangerState;

namespace CityTwin.Domain.Tests.Inspections;

/// <summary>A retried command (same key, same person) returns the existing outcome and changes nothing.</summary>
public sealed class IdempotencyTests
{
    [Fact]
    public void A_retried_transition_is_a_replay()
    {
        var r = WalkTo(S.Assigned);
        var first = HiddenDangerLifecycle.Apply(r, new StartRectification("k-1"), Staff, After(r), Rules).Ok;
        var retry = HiddenDangerLifecycle.Apply(first, new StartRectification("k-1"), Staff, After(first, 5), Rules);
        Assert.True(retry.IsOk);
        Assert.True(retry.Replayed);
        Assert.Same(first, retry.Value);
        Assert.Equal(first.History.Count, retry.Ok.History.Count);
    }

    [Fact]
    public void A_retried_sign_off_does_not_sign_twice()
    {
        var r = WalkTo(S.Verified);
        var signed = Do(r, new SignHiddenDanger("sig-1", SignOffLevel.Inspector), InspectorLi);
        var retry = HiddenDangerLifecycle.Apply(signed, new SignHiddenDanger("sig-1", SignOffLevel.Inspector), InspectorLi, After(signed), Rules);
        Assert.True(retry.Replayed);
        Assert.Single(retry.Ok.SignOffs);
    }

    [Fact]
    public void A_key_reused_for_another_command_or_person_is_refused()
    {
        var r = WalkTo(S.Rectifying); // its history holds k-start from Staff
        var other = HiddenDangerLifecycle.Apply(r, new SubmitRectification("k-start", ["x.jpg"]), Staff, After(r), Rules);
        Assert.Equal((OutcomeStatus.InvalidArgument, "idempotencyKey"), (other.Status, other.Problem!.Subject));
        var person = HiddenDangerLifecycle.Apply(r, new StartRectification("k-start"), SafetyManager, After(r), Rules);
        Assert.Equal(OutcomeStatus.InvalidArgument, person.Status);
    }

    [Fact]
    public void A_refused_command_leaves_no_trace_so_its_retry_can_succeed()
    {
        var r = Do(Reported(), new GradeHiddenDanger("g", HiddenDangerLevel.Major, "p"), SafetyManager);
        var refused = HiddenDangerLifecycle.Apply(r, new StartRectification("k-s"), Staff, After(r), Rules);
        Assert.Equal(OutcomeStatus.FailedPrecondition, refused.Status);
        var fixedRetry = HiddenDangerLifecycle.Apply(r, new StartRectification("k-s", Plan()), Staff, After(r), Rules);
        Assert.Equal(S.Rectifying, fixedRetry.Ok.State);
    }

    [Fact]
    public void An_empty_key_is_refused()
    {
        var r = WalkTo(S.Assigned);
        Assert.Equal(OutcomeStatus.InvalidArgument, HiddenDangerLifecycle.Apply(r, new StartRectification(" "), Staff, After(r), Rules).Status);
    }

    [Fact]
    public void The_ledger_replays_a_retried_report_and_refuses_a_second_record_with_the_same_id()
    {
        var ledger = HiddenDangerLedger.Empty(Enterprise);
        var first = ledger.Report(Report(), InspectorLi, T0, Rules);
        Assert.True(first.Outcome.IsOk);
        Assert.Single(first.Ledger.Records);

        var retry = first.Ledger.Report(Report(), InspectorLi, T0.AddMinutes(1), Rules);
        Assert.True(retry.Outcome.Replayed);
        Assert.Same(first.Ledger, retry.Ledger);
        Assert.Equal(T0, retry.Outcome.Ok.ReportedAt);

        var sameId = first.Ledger.Report(Report(key: "k-other"), InspectorLi, T0.AddMinutes(1), Rules);
        Assert.Equal(OutcomeStatus.AlreadyExists, sameId.Outcome.Status);
        var wrongLedger = first.Ledger.Report(Report(id: "hd-2", key: "k-3") with { EnterpriseCode = "ent-other" }, InspectorLi, T0, Rules);
        Assert.Equal((OutcomeStatus.InvalidArgument, "enterpriseCode"), (wrongLedger.Outcome.Status, wrongLedger.Outcome.Problem!.Subject));
    }

    [Fact]
    public void The_ledger_applies_commands_and_keeps_refusals_out()
    {
        var ledger = HiddenDangerLedger.Empty(Enterprise).Report(Report(), InspectorLi, T0, Rules).Ledger;
        var graded = ledger.Apply("hd-0001", new GradeHiddenDanger("g", HiddenDangerLevel.Major, "p") { Plan = Plan() }, SafetyManager, T0.AddHours(1), Rules);
        Assert.Equal(S.Assigned, graded.Ledger.Get("hd-0001")!.State);

        var denied = graded.Ledger.Apply("hd-0001", new StartRectification("s"), InspectorLi, T0.AddHours(2), Rules);
        Assert.Same(graded.Ledger, denied.Ledger);
        Assert.Equal(OutcomeStatus.PermissionDenied, denied.Outcome.Status);

        var missing = graded.Ledger.Apply("hd-9999", new StartRectification("s"), Staff, T0.AddHours(2), Rules);
        Assert.Equal(OutcomeStatus.NotFound, missing.Outcome.Status);
    }
}
