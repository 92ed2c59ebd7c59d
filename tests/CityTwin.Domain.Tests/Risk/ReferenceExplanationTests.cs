using CityTwin.Domain.Risk;
using CityTwin.Domain.Risk.Alarms;
using CityTwin.Domain.Risk.Explanations;
using CityTwin.Domain.Risk.Rollup;
using CityTwin.Domain.Units;
using Xunit;
using static CityTwin.Domain.Tests.Risk.RiskTestData;

namespace CityTwin.Domain.Tests.Risk;

/// <summary>The explanations of the reference cases exactly as a user reads them, printed and asserted.</summary>
public sealed class ReferenceExplanationTests(ITestOutputHelper output)
{
    private void Show(string title, RiskLevel level, IReadOnlyList<RiskReason> reasons)
    {
        output.WriteLine($"== {title}: {level.ColourZh()} {level.NameZh()} / {level.ColourEn()} ({level.NameEn()})");
        foreach (var r in reasons)
        {
            output.WriteLine("  " + r.Zh);
            output.WriteLine("  " + r.En);
        }
    }

    [Fact]
    public void Reference_cases_explained()
    {
        // RC1
        var rc1 = InherentLevels.Of(HazardSource("HS-RC1", "液氯液氨储罐区", 120, ("chlorine", 20), ("ammonia", 30)));
        Show("RC1", rc1.Level, rc1.Reasons);
        Assert.Equal("液氯液氨储罐区 构成三级重大危险源(S = 7,α = 2,R = 44),固有等级为黄色", rc1.Reasons.Single().Zh);
        Assert.Equal("液氯液氨储罐区 is a grade-3 major hazard source (S = 7, α = 2, R = 44): inherent level Yellow", rc1.Reasons.Single().En);

        // RC3
        var rc3 = InherentLevels.Of(HazardSource("HS-RC3", "液化石油气球罐区", 60, ("lpg", 150)));
        Show("RC3", rc3.Level, rc3.Reasons);
        Assert.Equal("液化石油气球罐区 构成四级重大危险源(S = 3,α = 1.5,R = 6.75),固有等级为蓝色", rc3.Reasons.Single().Zh);

        // RC4
        var rc4 = InherentLevels.Of(Enterprise("E-RC4", "某建筑公司", Profile(lec: new LecAssessment(3, 6, 15))));
        Show("RC4", rc4.Level, rc4.Reasons);
        Assert.Equal("某建筑公司 作业条件危险性 D = L×E×C = 3×6×15 = 270,固有等级为橙色", rc4.Reasons.Single().Zh);
        Assert.Equal("某建筑公司 LEC D = L×E×C = 3×6×15 = 270: inherent level Orange", rc4.Reasons.Single().En);

        // RC5, with a veto
        var items = new DiagnosticItem[] { new("MHS-G1", 1), new("SUB-TOXIC-GAS", 2), new("PROC-KEY", 2), new("SURR-OUTSIDE-PARK", 1), new("ACC-NONE-5Y", 1) };
        var rc5 = InherentLevels.Of(Enterprise("E-RC5", "某化工公司", Profile(diagnostic: new DiagnosticAssessment(null, items, []))));
        Show("RC5", rc5.Level, rc5.Reasons);
        Assert.Equal("某化工公司 安全风险评估诊断得分 84,固有等级为黄色", rc5.Reasons.Single().Zh);
        var rc5Veto = InherentLevels.Of(Enterprise("E-RC5", "某化工公司",
            Profile(diagnostic: new DiagnosticAssessment(null, items, ["VETO-SPECIAL-OP-UNQUALIFIED"]))));
        Show("RC5 with a veto", rc5Veto.Level, rc5Veto.Reasons);
        Assert.Equal("某化工公司 存在直接判定为红色的情形:特种作业人员未持证上岗或学历不满足高中以上,固有等级为红色", rc5Veto.Reasons[0].Zh);
        Assert.Equal("某化工公司 has a direct-red condition (special-operation staff without a valid licence or below senior-high education): inherent level Red",
            rc5Veto.Reasons[0].En);

        // RC16
        var parent = new RollupParent("P-RC16", "某化工园区", RollupScope.Park);
        var orange = RiskRollup.Compute(parent, Children("OOYYYBBBBB"), RiskRules.Default);
        Show("RC16 (2 O)", orange.Level, orange.Reasons);
        Assert.Equal("某化工园区 下属E00为橙色,汇总等级为橙色", orange.Reasons.Single().Zh);
        var red = RiskRollup.Compute(parent, Children("OOOYYBBBBB"), RiskRules.Default);
        Show("RC16 (3 O)", red.Level, red.Reasons);
        Assert.Equal("某化工园区 下属 10 个单位中 3 个为橙色及以上(≥ 3 个),汇总等级升为红色", red.Reasons[0].Zh);
        Assert.Equal("某化工园区: 3 of 10 children are Orange or worse (≥ 3): rolled-up level raised to Red", red.Reasons[0].En);
    }

    [Fact]
    public void Worked_example_of_domain_3_2_explained()
    {
        var tank = HazardSource("T1", "液氯储罐T1", 100, ("chlorine", 62.5)) with
        {
            HazardSource = new HazardSourceProfile
            {
                Type = "tank-farm", PeopleWithin500m = 60, Inventory = [new InventoryItem("chlorine", 62.5)], Sensors = [ChlorineDetector()],
            },
        };
        var inherent = InherentLevels.Of(tank);
        Assert.Equal(2, inherent.Grade);
        var source = HazardSourceBase.From(tank, inherent);
        var cl2 = Config(tank.HazardSource!.Sensors[0]);
        var state = After(cl2, (0, 2.3));

        var red = HazardSourceRisk.Evaluate(source, [cl2], [state], null, At(180), RiskRules.Default);
        Show("Worked example, Cl2 2.3 mg/m³", red.Level, red.Reasons);
        Assert.Equal(RiskLevel.Red, red.Level);
        Assert.Equal(80, red.Score);
        Assert.Equal("液氯储罐T1 氯浓度高高报警(2.3 mg/m³ ≥ 2 mg/m³),固有等级橙色的危险源动态等级升为红色", red.Reasons[0].Zh);
        Assert.Equal("液氯储罐T1 chlorine concentration high-high alarm (2.3 mg/m³ ≥ 2 mg/m³) on a source of inherent level Orange: dynamic level raised to Red",
            red.Reasons[0].En);
        Assert.Equal("液氯储罐T1 构成二级重大危险源(S = 12.5,α = 1.5,R = 75),固有等级为橙色", red.Reasons[1].Zh);

        AlarmStateMachine.Apply(cl2, ref state, new SensorReading(2, At(180), 1.85));
        AlarmStateMachine.Tick(cl2, ref state, At(240));
        var held = HazardSourceRisk.Evaluate(source, [cl2], [state], red.Hold, At(240), RiskRules.Default);
        Show("Worked example, 1.85 mg/m³ after 60 s", held.Level, held.Reasons);
        Assert.Equal("液氯储罐T1 计算等级已降为橙色,降级观察期 5 分钟内保持红色", held.Reasons[0].Zh);

        var enterprise = EnterpriseRisk.Evaluate(new EnterpriseInputs { Code = "E1", Name = "某氯碱公司", HazardSources = [red] }, RiskRules.Default);
        Show("Its enterprise", enterprise.Level, enterprise.Reasons);
        Assert.Equal(RiskLevel.Red, enterprise.Level);
        Assert.Equal(red.Reasons[0], enterprise.Reasons[0]);
    }
}
