using CityTwin.Domain.Inspections;
using CityTwin.Domain.Risk;
using Xunit;
using static CityTwin.Domain.Tests.Inspections.FixedLedger;
using static CityTwin.Domain.Tests.Inspections.InspectionTestData;

namespace CityTwin.Domain.Tests.Inspections;

/// <summary>The ledger's counts for the enterprise rule of DOMAIN.md §3.2 step 3, and what the risk engine makes of them.</summary>
public sealed class RiskEffectTests
{
    private static DateOnly D(int month, int day) => new(2026, month, day);

    private static EnterpriseAssessment Assess(HiddenDangerEffect effect) =>
        EnterpriseRisk.Evaluate(new EnterpriseInputs { Code = "E9", Name = "企业E9", OwnInherent = RiskLevel.Blue, HiddenDangers = effect.Counts }, RiskRules.Default);

    [Fact]
    public void Counts_and_ids_at_an_instant()
    {
        IReadOnlyList<HiddenDanger> records =
        [
            Record("m-open", "E9", HiddenDangerLevel.Major, FindingSource.SelfInspection, HiddenDangerState.Verified, D(6, 1), D(6, 20), D(6, 18), "HC2017-05"),
            Record("m-late", "E9", HiddenDangerLevel.Major, FindingSource.DepartmentInspection, HiddenDangerState.Rectifying, D(5, 1), D(6, 10), null, "HC2017-04"),
            Record("g-late-1", "E9", HiddenDangerLevel.General, FindingSource.SelfInspection, HiddenDangerState.Assigned, D(5, 20), D(5, 27)),
            Record("g-late-2", "E9", HiddenDangerLevel.General, FindingSource.SelfInspection, HiddenDangerState.Found, D(6, 20), D(6, 27)),
            Record("g-open", "E9", HiddenDangerLevel.General, FindingSource.SelfInspection, HiddenDangerState.Rectified, D(6, 20), D(6, 27), D(6, 26)),
            Record("g-closed", "E9", HiddenDangerLevel.General, FindingSource.SelfInspection, HiddenDangerState.Closed, D(6, 1), D(6, 8), D(6, 2)),
            Record("g-rejected", "E9", HiddenDangerLevel.General, FindingSource.SelfInspection, HiddenDangerState.Rejected, D(6, 1), D(6, 8)),
            Record("other", "E8", HiddenDangerLevel.Major, FindingSource.SelfInspection, HiddenDangerState.Found, D(6, 1), D(6, 8), null, "HC2017-01"),
        ];
        var effect = HiddenDangerEffects.For("E9", records, Now, Rules); // 06-30 12:00

        // Open counts include the overdue ones; a VERIFIED major awaiting sign-offs is still open.
        Assert.Equal((2, 1, 3, 2), (effect.Counts.OpenMajor, effect.Counts.OverdueMajor, effect.Counts.OpenGeneral, effect.Counts.OverdueGeneral));
        // g-late-1 overdue since 05-28 00:00 → 33.5 days at 06-30 12:00.
        Assert.Equal(33.5, effect.Counts.MaxGeneralOverdueDays, 9);
        Assert.Equal(["m-late", "m-open"], effect.OpenMajorIds); // oldest finding first
        Assert.Equal(["m-late"], effect.OverdueMajorIds);
        Assert.Equal(["g-late-1", "g-late-2", "g-open"], effect.OpenGeneralIds);
        Assert.Equal(["g-late-1", "g-late-2"], effect.OverdueGeneralIds);
        Assert.Equal(Local(5, 1, 10), effect.Counts.MajorOpenSince);
        Assert.Equal(Local(6, 11), effect.Counts.MajorOverdueSince);
        Assert.Equal(Local(5, 28), effect.Counts.GeneralOverdueSince);

        var risk = Assess(effect);
        Assert.Equal(RiskLevel.Red, risk.Level);
        Assert.Equal([RuleCodes.HiddenDangerMajorOpen, RuleCodes.HiddenDangerMajorOverdue], risk.Reasons.Select(r => r.Rule).Order());
    }

    [Fact]
    public void The_explanation_names_the_records()
    {
        IReadOnlyList<HiddenDanger> records =
        [
            Record("m-open", "E9", HiddenDangerLevel.Major, FindingSource.SelfInspection, HiddenDangerState.Verified, D(6, 1), D(6, 20), D(6, 18), "HC2017-05"),
            Record("m-late", "E9", HiddenDangerLevel.Major, FindingSource.DepartmentInspection, HiddenDangerState.Rectifying, D(5, 1), D(6, 10), null, "HC2017-04"),
        ];
        var effect = HiddenDangerEffects.For("E9", records, Now, Rules);
        Assert.Equal(["m-late", "m-open"], effect.Counts.MajorOpenIds);
        Assert.Equal(["m-late"], effect.Counts.MajorOverdueIds);

        var reasons = Assess(effect).Reasons;
        var open = reasons.Single(r => r.Rule == RuleCodes.HiddenDangerMajorOpen);
        Assert.Equal("m-late", open.EvidenceId);
        Assert.Equal("企业E9 有 2 项重大事故隐患未整改销号(隐患 m-late、m-open),企业等级升为橙色", open.Zh);
        Assert.Equal("企业E9 has 1 overdue major hidden danger(s) (m-late): enterprise level raised to Red",
            reasons.Single(r => r.Rule == RuleCodes.HiddenDangerMajorOverdue).En);
    }

    [Fact]
    public void No_records_is_no_effect_at_all() =>
        Assert.Equal(HiddenDangerCounts.None, HiddenDangerEffects.For("E9", [], Now, Rules).Counts);

    [Fact]
    public void A_major_keeps_its_enterprise_orange_until_the_last_sign_off()
    {
        var ledger = HiddenDangerLedger.Empty(Enterprise).Report(Report(), InspectorLi, T0, Rules).Ledger;
        Assert.Equal(RiskLevel.Orange, Assess(ledger.Effect(T0, Rules)).Level);
        Assert.Equal(["hd-0001"], ledger.Effect(T0, Rules).OpenMajorIds);

        var verified = WalkTo(HiddenDangerState.Verified);
        var signedThree = Do(Do(Do(verified, new SignHiddenDanger("1", SignOffLevel.Inspector), InspectorLi),
            new SignHiddenDanger("2", SignOffLevel.SafetyManager), SafetyManager), new SignHiddenDanger("3", SignOffLevel.Principal), Principal);
        var at = After(signedThree);
        Assert.Equal(RiskLevel.Orange, Assess(HiddenDangerEffects.For(Enterprise, [signedThree], at, Rules)).Level);

        var closed = Do(signedThree, new SignHiddenDanger("4", SignOffLevel.DepartmentHead), DepartmentHead, at);
        var effect = HiddenDangerEffects.For(Enterprise, [closed], at, Rules);
        Assert.Equal(HiddenDangerCounts.None, effect.Counts);
        Assert.Equal(RiskLevel.Blue, Assess(effect).Level);
    }

    [Fact]
    public void A_major_past_its_deadline_turns_the_enterprise_red_at_local_midnight()
    {
        var graded = Do(Reported(), new GradeHiddenDanger("g", HiddenDangerLevel.Major, "p") { Plan = Plan() }, SafetyManager); // deadline 05-20
        Assert.Equal(RiskLevel.Orange, Assess(HiddenDangerEffects.For(Enterprise, [graded], Local(5, 20, 23, 59), Rules)).Level);
        var late = HiddenDangerEffects.For(Enterprise, [graded], Local(5, 21), Rules);
        Assert.Equal((1, 1), (late.Counts.OpenMajor, late.Counts.OverdueMajor));
        Assert.Equal(RiskLevel.Red, Assess(late).Level);
    }

    [Theory]
    [InlineData(2, 0, RiskLevel.Blue)]   // two overdue, neither > 30 days
    [InlineData(3, 0, RiskLevel.Yellow)] // three overdue → +1
    [InlineData(1, 31, RiskLevel.Yellow)] // one overdue > 30 days → +1
    public void Overdue_general_ones_raise_one_step(int overdue, int extraDaysLate, RiskLevel expected)
    {
        var records = Enumerable.Range(1, overdue).Select(i => Record($"g{i}", "E9", HiddenDangerLevel.General, FindingSource.SelfInspection,
            HiddenDangerState.Assigned, D(6, 1), D(6, 8))).ToList();
        var now = Local(6, 10).AddDays(extraDaysLate); // overdue since 06-09 00:00
        var effect = HiddenDangerEffects.For("E9", records, now, Rules);
        Assert.Equal(overdue, effect.Counts.OverdueGeneral);
        Assert.Equal(expected, Assess(effect).Level);
    }
}
