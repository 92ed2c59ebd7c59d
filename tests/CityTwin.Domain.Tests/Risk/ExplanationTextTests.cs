using CityTwin.Domain.Risk;
using CityTwin.Domain.Risk.Explanations;
using Xunit;
using static CityTwin.Domain.Tests.Risk.RiskTestData;
using K = CityTwin.Domain.Risk.Explanations.ReasonKeys;

namespace CityTwin.Domain.Tests.Risk;

/// <summary>The sentence of every rule, in Chinese and in English.</summary>
public sealed class ExplanationTextTests
{
    private static RiskReason R(string rule, RiskLevel level, params ReasonInput[] inputs) => new(rule, "T1", "储罐T1", level, T0, inputs);

    private static ReasonInput N(string name, double value, string? unit = null) => ReasonInput.Of(name, value, unit);
    private static ReasonInput S(string name, string value) => ReasonInput.Of(name, value);

    public static TheoryData<string, RiskReason, string, string> Cases => new()
    {
        { RuleCodes.Gb18218Grade, R(RuleCodes.Gb18218Grade, RiskLevel.Yellow, N(K.S, 7), N(K.Alpha, 2), N(K.R, 44), N(K.Grade, 3)),
            "储罐T1 构成三级重大危险源(S = 7,α = 2,R = 44),固有等级为黄色",
            "储罐T1 is a grade-3 major hazard source (S = 7, α = 2, R = 44): inherent level Yellow" },
        { RuleCodes.Gb18218NotMajor, R(RuleCodes.Gb18218NotMajor, RiskLevel.Blue, N(K.S, 0.8)),
            "储罐T1 未构成重大危险源(S = 0.8 < 1),固有等级为蓝色",
            "储罐T1 is not a major hazard source (S = 0.8 < 1): inherent level Blue" },
        { RuleCodes.LecBand, R(RuleCodes.LecBand, RiskLevel.Orange, N(K.L, 3), N(K.E, 6), N(K.C, 15), N(K.D, 270)),
            "储罐T1 作业条件危险性 D = L×E×C = 3×6×15 = 270,固有等级为橙色",
            "储罐T1 LEC D = L×E×C = 3×6×15 = 270: inherent level Orange" },
        { RuleCodes.LsBand, R(RuleCodes.LsBand, RiskLevel.Red, N(K.L, 4), N(K.S, 5), N(K.R, 20)),
            "储罐T1 风险矩阵 R = L×S = 4×5 = 20,固有等级为红色",
            "储罐T1 risk matrix R = L×S = 4×5 = 20: inherent level Red" },
        { RuleCodes.DiagnosticBand, R(RuleCodes.DiagnosticBand, RiskLevel.Yellow, N(K.Score, 84)),
            "储罐T1 安全风险评估诊断得分 84,固有等级为黄色",
            "储罐T1 diagnostic score 84: inherent level Yellow" },
        { RuleCodes.DiagnosticVeto, R(RuleCodes.DiagnosticVeto, RiskLevel.Red, S(K.Veto, "VETO-X"), S(K.VetoZh, "某情形"), S(K.VetoEn, "some condition")),
            "储罐T1 存在直接判定为红色的情形:某情形,固有等级为红色",
            "储罐T1 has a direct-red condition (some condition): inherent level Red" },
        { RuleCodes.CoalMineClass, R(RuleCodes.CoalMineClass, RiskLevel.Red, S(K.GasClass, "Outburst"), N(K.RockBurst, 1), N(K.WaterHazard, 0)),
            "储罐T1 为煤与瓦斯突出矿井(冲击地压,升一级),固有等级为红色",
            "储罐T1 is a coal-and-gas outburst mine (rock burst: one step up): inherent level Red" },
        { RuleCodes.ParkGrade, R(RuleCodes.ParkGrade, RiskLevel.Orange, N(K.Score, 65), S(K.ParkGrade, "B")),
            "储罐T1 化工园区安全风险评分 65,为B类园区,固有等级为橙色",
            "储罐T1 chemical-park safety score 65, grade B: inherent level Orange" },
        { RuleCodes.AlarmHigh, R(RuleCodes.AlarmHigh, RiskLevel.Yellow, S(K.Kind, "level"), S(K.State, "High"), N(K.Value, 85, "%"), N(K.Threshold, 80, "%")),
            "储罐T1 液位高报警(85% ≥ 80%),动态等级升为黄色",
            "储罐T1 level high alarm (85% ≥ 80%): dynamic level raised to Yellow" },
        { RuleCodes.AlarmHighHigh, R(RuleCodes.AlarmHighHigh, RiskLevel.Orange, S(K.Kind, "level"), S(K.State, "HighHigh"), N(K.Value, 92, "%"), N(K.Threshold, 90, "%")),
            "储罐T1 液位高高报警(92% ≥ 90%),动态等级升为橙色",
            "储罐T1 level high-high alarm (92% ≥ 90%): dynamic level raised to Orange" },
        { RuleCodes.AlarmHighHighConfirmed, R(RuleCodes.AlarmHighHighConfirmed, RiskLevel.Red, N(K.Sensors, 2), S(K.Members, "LT-A, LT-B")),
            "储罐T1 2个监测点同时高高报警(LT-A, LT-B),报警确认,动态等级升为红色",
            "储罐T1 high-high alarm on 2 sensors at once (LT-A, LT-B), alarm confirmed: dynamic level raised to Red" },
        { RuleCodes.MonitoringBlind, R(RuleCodes.MonitoringBlind, RiskLevel.Yellow, S(K.Sensor, "LT-A"), S(K.State, "Offline"), N(K.Minutes, 42), N(K.LimitMinutes, 30)),
            "储罐T1 必测点LT-A离线 42 分钟(≥ 30 分钟),监测失效,动态等级升为黄色",
            "储罐T1 mandatory point LT-A offline for 42 min (≥ 30 min), monitoring blind: dynamic level raised to Yellow" },
        { RuleCodes.AlarmHighHighOnGradedSource, R(RuleCodes.AlarmHighHighOnGradedSource, RiskLevel.Red, S(K.Kind, "toxic-gas"), S(K.Chemical, "chlorine"),
                S(K.State, "HighHigh"), N(K.Value, 2.3, "mg/m3"), N(K.Threshold, 2, "mg/m3"), S(K.Inherent, "Orange"), N(K.Grade, 2)),
            "储罐T1 氯浓度高高报警(2.3 mg/m³ ≥ 2 mg/m³),固有等级橙色的危险源动态等级升为红色",
            "储罐T1 chlorine concentration high-high alarm (2.3 mg/m³ ≥ 2 mg/m³) on a source of inherent level Orange: dynamic level raised to Red" },
        { RuleCodes.DowngradeHold, R(RuleCodes.DowngradeHold, RiskLevel.Red, S(K.Computed, "Orange"), N(K.LimitMinutes, 5)),
            "储罐T1 计算等级已降为橙色,降级观察期 5 分钟内保持红色",
            "储罐T1 computed level fell to Orange; Red held for the 5-min downgrade hold" },
        { RuleCodes.HiddenDangerMajorOpen, R(RuleCodes.HiddenDangerMajorOpen, RiskLevel.Orange, N(K.Count, 1)),
            "储罐T1 有 1 项重大事故隐患未整改销号,企业等级升为橙色",
            "储罐T1 has 1 open major hidden danger(s): enterprise level raised to Orange" },
        { RuleCodes.HiddenDangerMajorOverdue, R(RuleCodes.HiddenDangerMajorOverdue, RiskLevel.Red, N(K.Count, 1)),
            "储罐T1 有 1 项重大事故隐患逾期未整改,企业等级升为红色",
            "储罐T1 has 1 overdue major hidden danger(s): enterprise level raised to Red" },
        { RuleCodes.HiddenDangerGeneralOverdue, R(RuleCodes.HiddenDangerGeneralOverdue, RiskLevel.Orange, N(K.Count, 3), N(K.MaxDays, 12), N(K.Limit, 3), N(K.LimitDays, 30)),
            "储罐T1 一般事故隐患逾期 3 项(最长逾期 12 天;阈值 3 项或 30 天),企业等级升一级为橙色",
            "储罐T1 has 3 overdue general hidden danger(s), longest 12 days (limits 3 items or 30 days): enterprise level raised one step to Orange" },
        { RuleCodes.SpecialOperation, R(RuleCodes.SpecialOperation, RiskLevel.Orange, S(K.Operation, "HotWorkSpecial"), S(K.HazardSourceName, "罐区A"), N(K.Grade, 1)),
            "储罐T1 在罐区A(一级重大危险源)内进行特级动火作业,企业等级升为橙色",
            "储罐T1 special-grade hot work inside 罐区A (grade-1 major hazard source): enterprise level raised to Orange" },
        { RuleCodes.AbnormalState, R(RuleCodes.AbnormalState, RiskLevel.Orange, S(K.Abnormal, "StartUpShutDown")),
            "储罐T1 申报处于开停车状态,企业等级升为橙色",
            "储罐T1 declared start-up/shut-down: enterprise level raised to Orange" },
        { RuleCodes.WorstChild, R(RuleCodes.WorstChild, RiskLevel.Orange, S(K.Child, "E1"), S(K.ChildName, "企业E1"), S(K.ChildLevel, "Orange")),
            "储罐T1 下属企业E1为橙色,汇总等级为橙色",
            "储罐T1: worst child 企业E1 is Orange: rolled-up level Orange" },
        { RuleCodes.ClusterYellow, R(RuleCodes.ClusterYellow, RiskLevel.Orange, N(K.Matching, 5), N(K.Children, 10), N(K.Needed, 3)),
            "储罐T1 下属 10 个单位中 5 个为黄色及以上(≥ 3 个),汇总等级升为橙色",
            "储罐T1: 5 of 10 children are Yellow or worse (≥ 3): rolled-up level raised to Orange" },
        { RuleCodes.ClusterOrange, R(RuleCodes.ClusterOrange, RiskLevel.Red, N(K.Matching, 3), N(K.Children, 10), N(K.Needed, 3)),
            "储罐T1 下属 10 个单位中 3 个为橙色及以上(≥ 3 个),汇总等级升为红色",
            "储罐T1: 3 of 10 children are Orange or worse (≥ 3): rolled-up level raised to Red" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_rule_reads_as_one_sentence_in_both_languages(string rule, RiskReason reason, string zh, string en)
    {
        Assert.Equal(rule, reason.Rule);
        Assert.Equal(zh, reason.Zh);
        Assert.Equal(en, reason.En);
    }

    [Fact]
    public void Every_rule_of_the_catalog_has_a_text_case()
    {
        var covered = Cases.Select(row => row.Data.Item1).ToHashSet();
        Assert.All(RuleCatalog.All, rule => Assert.Contains(rule.Code, covered));
    }

    [Fact]
    public void A_low_side_alarm_reads_with_less_or_equal()
    {
        var reason = R(RuleCodes.AlarmHighHigh, RiskLevel.Orange, S(K.Kind, "pressure"), S(K.State, "LowLow"), N(K.Value, 0.08, "MPa"), N(K.Threshold, 0.1, "MPa"));
        Assert.Equal("储罐T1 压力低低报警(0.08 MPa ≤ 0.1 MPa),动态等级升为橙色", reason.Zh);
        Assert.Equal("储罐T1 pressure low-low alarm (0.08 MPa ≤ 0.1 MPa): dynamic level raised to Orange", reason.En);
    }

    [Fact]
    public void Every_rule_is_traceable_to_a_domain_section_and_design_rules_are_marked()
    {
        Assert.All(RuleCatalog.All, r => Assert.StartsWith("DOMAIN.md §", r.Source));
        Assert.Equal(RuleCatalog.All.Count, RuleCatalog.All.Select(r => r.Code).Distinct().Count());
        Assert.Equal(RuleBasis.Design, RuleCatalog.Get(RuleCodes.ClusterOrange).Basis);
        Assert.Equal(RuleBasis.Design, RuleCatalog.Get(RuleCodes.AlarmHighHigh).Basis);
    }

    [Fact]
    public void Docs_list_every_rule_code()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "docs", "risk.md"))) dir = dir.Parent;
        Assert.NotNull(dir);
        var doc = File.ReadAllText(Path.Combine(dir.FullName, "docs", "risk.md"));
        Assert.All(RuleCatalog.All, r => Assert.Contains($"`{r.Code}`", doc));
        Assert.All(Domain.Risk.DiagnosticSheet.Default.Items, i => Assert.Contains($"`{i.Code}`", doc));
        Assert.All(Domain.Risk.DiagnosticSheet.Default.Vetoes, v => Assert.Contains($"`{v.Code}`", doc));
    }
}
