using CityTwin.Domain.Risk;
using CityTwin.Domain.Risk.Rollup;
using Xunit;
using static CityTwin.Domain.Tests.Risk.RiskTestData;

namespace CityTwin.Domain.Tests.Risk;

/// <summary>Each rule of DOMAIN.md §3.2 step 3 and each hidden-danger effect.</summary>
public sealed class EnterpriseRiskTests
{
    private static readonly RiskRules Rules = RiskRules.Default;

    private static HazardSourceAssessment Source(string code, RiskLevel inherent, RiskLevel dynamic, int? grade, AlarmCounts counts = default) =>
        new(code, "储罐" + code, dynamic, dynamic, inherent, grade, LevelHold.Initial(dynamic, T0), counts, 25 * (int)dynamic, []);

    private static EnterpriseInputs Inputs(RiskLevel own = RiskLevel.Blue, params HazardSourceAssessment[] sources) =>
        new() { Code = "E1", Name = "企业E1", OwnInherent = own, HazardSources = sources };

    [Fact]
    public void Inherent_is_the_worst_of_own_assessment_and_sources()
    {
        var r = EnterpriseRisk.Evaluate(Inputs(RiskLevel.Yellow, Source("T1", RiskLevel.Orange, RiskLevel.Orange, 2)), Rules);
        Assert.Equal(RiskLevel.Orange, r.Inherent);
        Assert.Equal(RiskLevel.Orange, r.Level);
        Assert.Equal(50, r.Score);
    }

    [Fact]
    public void A_source_dynamic_level_raises_the_enterprise()
    {
        var r = EnterpriseRisk.Evaluate(Inputs(RiskLevel.Yellow, Source("T1", RiskLevel.Blue, RiskLevel.Red, 4, new AlarmCounts(2, 0, 0))), Rules);
        Assert.Equal(RiskLevel.Yellow, r.Inherent);
        Assert.Equal(RiskLevel.Red, r.Level);
        Assert.Equal(75 + 10, r.Score);
        Assert.Equal(ColourCounts.Of(RiskLevel.Red), r.Counts.HazardSources);
    }

    // Each hidden-danger effect, from a Yellow enterprise: (open major, overdue major, open general, overdue general, max days) → level, rule.
    [Theory]
    [InlineData(0, 0, 0, 0, 0.0, RiskLevel.Yellow, null)]
    [InlineData(1, 0, 0, 0, 0.0, RiskLevel.Orange, RuleCodes.HiddenDangerMajorOpen)]
    [InlineData(1, 1, 0, 0, 0.0, RiskLevel.Red, RuleCodes.HiddenDangerMajorOverdue)]
    [InlineData(0, 0, 2, 2, 30.0, RiskLevel.Yellow, null)]
    [InlineData(0, 0, 3, 3, 5.0, RiskLevel.Orange, RuleCodes.HiddenDangerGeneralOverdue)]
    [InlineData(0, 0, 1, 1, 30.5, RiskLevel.Orange, RuleCodes.HiddenDangerGeneralOverdue)]
    [InlineData(1, 0, 3, 3, 0.0, RiskLevel.Red, RuleCodes.HiddenDangerGeneralOverdue)]
    [InlineData(0, 0, 5, 0, 0.0, RiskLevel.Yellow, null)]
    public void Hidden_danger_effects(int openMajor, int overdueMajor, int openGeneral, int overdueGeneral, double maxDays, RiskLevel expected, string? rule)
    {
        var inputs = Inputs(RiskLevel.Yellow) with { HiddenDangers = new HiddenDangerCounts(openMajor, overdueMajor, openGeneral, overdueGeneral, maxDays) };
        var r = EnterpriseRisk.Evaluate(inputs, Rules);
        Assert.Equal(expected, r.Level);
        if (rule is null) Assert.Empty(r.Reasons);
        else Assert.Equal(rule, r.Reasons[0].Rule);
        var expectedScore = 25 * (int)expected + Math.Min(24.9, 8 * openMajor + openGeneral + 4 * (overdueMajor + overdueGeneral));
        Assert.Equal(expectedScore, r.Score, 9);
    }

    [Fact]
    public void An_overdue_major_hidden_danger_is_red_even_from_blue()
    {
        var inputs = Inputs() with { HiddenDangers = new HiddenDangerCounts(1, 1, 0, 0, 0) };
        var r = EnterpriseRisk.Evaluate(inputs, Rules);
        Assert.Equal(RiskLevel.Red, r.Level);
        Assert.Equal([RuleCodes.HiddenDangerMajorOverdue, RuleCodes.HiddenDangerMajorOpen], r.Reasons.Select(x => x.Rule));
    }

    [Theory]
    [InlineData(SpecialOperationKind.HotWorkSpecial, 1, RiskLevel.Blue, RiskLevel.Yellow)]
    [InlineData(SpecialOperationKind.ConfinedSpace, 2, RiskLevel.Yellow, RiskLevel.Orange)]
    [InlineData(SpecialOperationKind.HotWorkSpecial, 2, RiskLevel.Orange, RiskLevel.Orange)] // lifts to Orange at most
    [InlineData(SpecialOperationKind.HotWorkSpecial, 3, RiskLevel.Blue, RiskLevel.Blue)]     // grade 3: not counted
    [InlineData(SpecialOperationKind.HotWorkGrade1, 1, RiskLevel.Blue, RiskLevel.Blue)]      // 一级动火: not counted
    public void SPECIAL_OPERATION_inside_a_grade_1_or_2_source(SpecialOperationKind kind, int grade, RiskLevel before, RiskLevel expected)
    {
        var source = Source("T1", before, before, grade);
        var inputs = Inputs(before, source) with { SpecialOperations = [new SpecialOperation(kind, "T1", At(0), "OP-1")] };
        var r = EnterpriseRisk.Evaluate(inputs, Rules);
        Assert.Equal(expected, r.Level);
        Assert.Equal(expected > before, r.Reasons.Any(x => x.Rule == RuleCodes.SpecialOperation));
    }

    [Fact]
    public void A_special_operation_outside_any_source_does_not_count()
    {
        var inputs = Inputs(RiskLevel.Blue, Source("T1", RiskLevel.Blue, RiskLevel.Blue, 1)) with
        {
            SpecialOperations = [new SpecialOperation(SpecialOperationKind.HotWorkSpecial, null, At(0)),
                                 new SpecialOperation(SpecialOperationKind.HotWorkSpecial, "T9", At(0))],
        };
        var r = EnterpriseRisk.Evaluate(inputs, Rules);
        Assert.Equal(RiskLevel.Blue, r.Level);
        Assert.DoesNotContain(r.Reasons, x => x.Rule == RuleCodes.SpecialOperation);
    }

    [Theory]
    [InlineData(RiskLevel.Blue, RiskLevel.Yellow)]
    [InlineData(RiskLevel.Yellow, RiskLevel.Orange)]
    [InlineData(RiskLevel.Orange, RiskLevel.Orange)]
    [InlineData(RiskLevel.Red, RiskLevel.Red)]
    public void ABNORMAL_STATE_lifts_one_step_up_to_orange(RiskLevel before, RiskLevel expected)
    {
        var inputs = Inputs(before) with { Abnormal = new AbnormalState(AbnormalStateKind.MajorOverhaul, At(0)) };
        Assert.Equal(expected, EnterpriseRisk.Evaluate(inputs, Rules).Level);
    }

    [Fact]
    public void Operational_rules_apply_after_hidden_dangers_in_order()
    {
        // Yellow → HD_MAJOR_OPEN Orange → special operation cannot lift beyond Orange → abnormal neither.
        var source = Source("T1", RiskLevel.Yellow, RiskLevel.Yellow, 1);
        var inputs = Inputs(RiskLevel.Yellow, source) with
        {
            HiddenDangers = new HiddenDangerCounts(1, 0, 0, 0, 0),
            SpecialOperations = [new SpecialOperation(SpecialOperationKind.ConfinedSpace, "T1", At(0))],
            Abnormal = new AbnormalState(AbnormalStateKind.StartUpShutDown, At(0)),
        };
        var r = EnterpriseRisk.Evaluate(inputs, Rules);
        Assert.Equal(RiskLevel.Orange, r.Level);
        Assert.Contains(r.Reasons, x => x.Rule == RuleCodes.HiddenDangerMajorOpen);
        Assert.DoesNotContain(r.Reasons, x => x.Rule is RuleCodes.SpecialOperation or RuleCodes.AbnormalState);
    }

    [Fact]
    public void Thresholds_come_from_configuration()
    {
        var strict = Rules with { Enterprise = Rules.Enterprise with { GeneralOverdueCount = 1 } };
        var inputs = Inputs() with { HiddenDangers = new HiddenDangerCounts(0, 0, 1, 1, 1) };
        Assert.Equal(RiskLevel.Blue, EnterpriseRisk.Evaluate(inputs, Rules).Level);
        Assert.Equal(RiskLevel.Yellow, EnterpriseRisk.Evaluate(inputs, strict).Level);
    }
}
