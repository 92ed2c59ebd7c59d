using CityTwin.Domain.Inspections;
using CityTwin.Domain.Risk;
using Xunit;
using static CityTwin.Domain.Tests.Inspections.InspectionTestData;

namespace CityTwin.Domain.Tests.Inspections;

/// <summary>The daily safety commitment: submission, what it feeds into the enterprise rule, and missing ones.</summary>
public sealed class CommitmentTests
{
    private static readonly DateOnly Day = new(2026, 4, 24);

    private static DailyCommitment Commitment(DateOnly? day = null, bool underControl = true, params UnitOperation[] units) =>
        new(Enterprise, day ?? Day, "", "", default,
            units.Length == 0 ? [new("hs-t1", UnitOperatingState.Running), new("hs-t2", UnitOperatingState.Overhaul), new("hs-r1", UnitOperatingState.StartUpShutdown)] : units,
            [new(SpecialOperationKind.HotWorkSpecial, "hs-t1", 1, "DH-0424-01"), new(SpecialOperationKind.ConfinedSpace, "hs-t2", 2)],
            underControl);

    private static DailyCommitment Submitted(DailyCommitment c, DateTimeOffset at) => CommitmentRules.Submit(c, Principal, at, Rules).Ok;

    [Fact]
    public void Submission_records_who_and_when()
    {
        var c = Submitted(Commitment(), Local(4, 24, 8));
        Assert.Equal(("ent-qian", Roles.EnterprisePrincipal, Local(4, 24, 8)), (c.CommittedBy, c.CommittedByRole, c.CommittedAt));
    }

    [Theory]
    [InlineData(Roles.Enterprise, 0, OutcomeStatus.PermissionDenied)]
    [InlineData(Roles.Inspector, 0, OutcomeStatus.PermissionDenied)]
    [InlineData(Roles.EnterpriseSafetyManager, 0, OutcomeStatus.Ok)]
    [InlineData(Roles.EnterprisePrincipal, 1, OutcomeStatus.Ok)]
    [InlineData(Roles.EnterprisePrincipal, 2, OutcomeStatus.InvalidArgument)]
    [InlineData(Roles.EnterprisePrincipal, -1, OutcomeStatus.InvalidArgument)]
    public void Who_may_commit_and_for_which_day(string role, int daysAhead, OutcomeStatus expected)
    {
        var outcome = CommitmentRules.Submit(Commitment(Day.AddDays(daysAhead)), new Actor("p", role), Local(4, 24, 8), Rules);
        Assert.Equal(expected, outcome.Status);
    }

    [Fact]
    public void Duplicate_units_are_refused()
    {
        var c = Commitment(units: [new("hs-t1", UnitOperatingState.Running), new("hs-t1", UnitOperatingState.Shutdown)]);
        Assert.Equal("units", CommitmentRules.Submit(c, Principal, Local(4, 24, 8), Rules).Problem!.Subject);
    }

    [Fact]
    public void On_its_day_it_feeds_operations_and_the_riskiest_abnormal_state()
    {
        var c = Submitted(Commitment(), Local(4, 24, 7, 30));
        var inputs = CommitmentRules.Derive(c, Local(4, 24, 12), Rules);
        Assert.Equal(
            [new SpecialOperation(SpecialOperationKind.HotWorkSpecial, "hs-t1", Local(4, 24, 7, 30), "DH-0424-01", $"{Enterprise}/2026-04-24"),
             new SpecialOperation(SpecialOperationKind.ConfinedSpace, "hs-t2", Local(4, 24, 7, 30), $"{Enterprise}/20260424/op2", $"{Enterprise}/2026-04-24")],
            inputs.SpecialOperations);
        Assert.Equal(new AbnormalState(AbnormalStateKind.StartUpShutDown, Local(4, 24, 7, 30), $"{Enterprise}/2026-04-24"), inputs.Abnormal); // start-up beats overhaul
        Assert.True(inputs.MajorHazardsUnderControl);
    }

    [Fact]
    public void A_commitment_made_the_evening_before_counts_from_the_start_of_its_day()
    {
        var c = Submitted(Commitment(Day.AddDays(1)), Local(4, 24, 20));
        Assert.Equal(CommitmentInputs.None, CommitmentRules.Derive(c, Local(4, 24, 22), Rules)); // not yet its day
        Assert.Equal(Local(4, 25), CommitmentRules.Derive(c, Local(4, 25, 1), Rules).SpecialOperations[0].Since);
    }

    [Fact]
    public void Next_day_operations_lapse_but_the_abnormal_state_carries_forward()
    {
        var c = Submitted(Commitment(units: [new("hs-t2", UnitOperatingState.Overhaul)]), Local(4, 24, 8));
        var inputs = CommitmentRules.Derive(c, Local(4, 25, 12), Rules);
        Assert.Empty(inputs.SpecialOperations);
        Assert.Equal(AbnormalStateKind.MajorOverhaul, inputs.Abnormal!.Kind);
        Assert.Equal(CommitmentInputs.None, CommitmentRules.Derive(null, Local(4, 25, 12), Rules));
    }

    [Fact]
    public void All_running_gives_no_abnormal_state_and_the_control_flag_passes_through()
    {
        var c = Submitted(Commitment(underControl: false, units: [new("hs-t1", UnitOperatingState.Running), new("hs-t2", UnitOperatingState.Shutdown)]), Local(4, 24, 8));
        var inputs = CommitmentRules.Derive(c, Local(4, 24, 9), Rules);
        Assert.Null(inputs.Abnormal);
        Assert.False(inputs.MajorHazardsUnderControl);
    }

    [Fact]
    public void The_enterprise_rule_takes_the_derived_inputs()
    {
        var c = Submitted(Commitment(), Local(4, 24, 8));
        var inputs = CommitmentRules.Derive(c, Local(4, 24, 12), Rules);
        var source = new HazardSourceAssessment("hs-t1", "储罐T1", RiskLevel.Yellow, RiskLevel.Yellow, RiskLevel.Yellow, 3,
            LevelHold.Initial(RiskLevel.Yellow, T0), default, 25, []);
        var risk = EnterpriseRisk.Evaluate(new EnterpriseInputs
        {
            Code = Enterprise, Name = "企业", HazardSources = [source], SpecialOperations = inputs.SpecialOperations, Abnormal = inputs.Abnormal,
        }, RiskRules.Default);
        // Grade 3 source: the special operation does not qualify (grade 1/2 only); start-up/shut-down lifts Yellow → Orange.
        Assert.Equal(RiskLevel.Orange, risk.Level);
        Assert.Equal(RuleCodes.AbnormalState, risk.Reasons[^1].Rule);
        // The explanation names the commitment that declared it.
        Assert.Equal($"{Enterprise}/2026-04-24", risk.Reasons[^1].EvidenceId);
        Assert.Contains($"(安全承诺 {Enterprise}/2026-04-24)", CityTwin.Domain.Risk.Explanations.ReasonText.Zh(risk.Reasons[^1]), StringComparison.Ordinal);
        Assert.Contains($"(daily commitment {Enterprise}/2026-04-24)", CityTwin.Domain.Risk.Explanations.ReasonText.En(risk.Reasons[^1]), StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_commitments_are_found_day_by_day_after_a_gap()
    {
        var committed = new HashSet<DateOnly> { Day };
        // Last check 04-23 08:00; now 04-26 10:00: due at 09:00 on 04-23, 04-25 and 04-26 without a commitment.
        var missing = CommitmentRules.Missing(Enterprise, committed, Local(4, 23, 8), Local(4, 26, 10), Rules);
        Assert.Equal(
            [new MissingCommitment(Enterprise, new(2026, 4, 23), Local(4, 23, 9)),
             new MissingCommitment(Enterprise, new(2026, 4, 25), Local(4, 25, 9)),
             new MissingCommitment(Enterprise, new(2026, 4, 26), Local(4, 26, 9))],
            missing);
    }

    [Theory]
    [InlineData(8, 59, 0)]
    [InlineData(9, 0, 1)]
    [InlineData(23, 0, 1)]
    public void Missing_at_the_configured_local_hour(int hour, int minute, int expected)
    {
        Assert.Equal(expected, CommitmentRules.Missing(Enterprise, new HashSet<DateOnly>(), Local(4, 26), Local(4, 26, hour, minute), Rules).Count);
        var later = Rules with { Commitments = Rules.Commitments with { DueBy = new TimeOnly(23, 30) } };
        Assert.Empty(CommitmentRules.Missing(Enterprise, new HashSet<DateOnly>(), Local(4, 26), Local(4, 26, hour, minute), later));
    }
}
