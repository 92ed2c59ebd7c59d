using System.Globalization;
using CityTwin.Domain.Chemicals;
using CityTwin.Domain.Risk.Alarms;
using K = CityTwin.Domain.Risk.Explanations.ReasonKeys;

namespace CityTwin.Domain.Risk.Explanations;

/// <summary>
/// Renders a <see cref="RiskReason"/> as one sentence in Chinese or English, e.g.
/// "储罐T1 液位高高报警(92% ≥ 90%),动态等级升为橙色" /
/// "储罐T1 level high-high alarm (92% ≥ 90%): dynamic level raised to Orange".
/// One template per rule code; every code of <see cref="RuleCatalog"/> has both.
/// </summary>
public static class ReasonText
{
    public static string Zh(RiskReason r)
    {
        var u = r.UnitName;
        var c = r.Level.ColourZh();
        return r.Rule switch
        {
            RuleCodes.Gb18218Grade =>
                $"{u} 构成{GradeZh(r.Number(K.Grade))}重大危险源(S = {N(r, K.S)},α = {N(r, K.Alpha)},R = {N(r, K.R)}),固有等级为{c}",
            RuleCodes.Gb18218NotMajor => $"{u} 未构成重大危险源(S = {N(r, K.S)} < 1),固有等级为{c}",
            RuleCodes.LecBand => $"{u} 作业条件危险性 D = L×E×C = {N(r, K.L)}×{N(r, K.E)}×{N(r, K.C)} = {N(r, K.D)},固有等级为{c}",
            RuleCodes.LsBand => $"{u} 风险矩阵 R = L×S = {N(r, K.L)}×{N(r, K.S)} = {N(r, K.R)},固有等级为{c}",
            RuleCodes.DiagnosticBand => $"{u} 安全风险评估诊断得分 {N(r, K.Score)},固有等级为{c}",
            RuleCodes.DiagnosticVeto => $"{u} 存在直接判定为红色的情形:{r.Text(K.VetoZh)},固有等级为{c}",
            RuleCodes.CoalMineClass => $"{u} 为{GasClassZh(r.Text(K.GasClass))}矿井{MineHazardsZh(r)},固有等级为{c}",
            RuleCodes.ParkGrade => $"{u} 化工园区安全风险评分 {N(r, K.Score)},为{r.Text(K.ParkGrade)}类园区,固有等级为{c}",
            RuleCodes.AlarmHigh or RuleCodes.AlarmHighHigh => $"{u} {AlarmZh(r)},动态等级升为{c}",
            RuleCodes.AlarmHighHighConfirmed => r.Number(K.Sensors) is { } n
                ? $"{u} {F(n)}个监测点同时高高报警({r.Text(K.Members)}),报警确认,动态等级升为{c}"
                : $"{u} {SensorLabelZh(r)}高高报警持续 {N(r, K.Minutes)} 分钟(≥ {N(r, K.LimitMinutes)} 分钟),报警确认,动态等级升为{c}",
            RuleCodes.MonitoringBlind =>
                $"{u} 必测点{r.Text(K.Sensor)}{StateZh(r)} {N(r, K.Minutes)} 分钟(≥ {N(r, K.LimitMinutes)} 分钟),监测失效,动态等级升为{c}",
            RuleCodes.AlarmHighHighOnGradedSource => $"{u} {AlarmZh(r)},固有等级{LevelZh(r, K.Inherent)}的危险源动态等级升为{c}",
            RuleCodes.DowngradeHold =>
                $"{u} 计算等级已降为{LevelZh(r, K.Computed)},降级观察期 {N(r, K.LimitMinutes)} 分钟内保持{c}",
            RuleCodes.HiddenDangerMajorOpen => $"{u} 有 {N(r, K.Count)} 项重大事故隐患未整改销号{RecordsZh(r)},企业等级升为{c}",
            RuleCodes.HiddenDangerMajorOverdue => $"{u} 有 {N(r, K.Count)} 项重大事故隐患逾期未整改{RecordsZh(r)},企业等级升为{c}",
            RuleCodes.HiddenDangerGeneralOverdue =>
                $"{u} 一般事故隐患逾期 {N(r, K.Count)} 项{RecordsZh(r)}(最长逾期 {N(r, K.MaxDays)} 天;阈值 {N(r, K.Limit)} 项或 {N(r, K.LimitDays)} 天),企业等级升一级为{c}",
            RuleCodes.SpecialOperation =>
                $"{u} 在{r.Text(K.HazardSourceName)}({GradeZh(r.Number(K.Grade))}重大危险源)内进行{OperationZh(r)}{CommitmentZh(r)},企业等级升为{c}",
            RuleCodes.AbnormalState => $"{u} 申报处于{AbnormalZh(r)}状态{CommitmentZh(r)},企业等级升为{c}",
            RuleCodes.WorstChild => $"{u} 下属{r.Text(K.ChildName)}为{LevelZh(r, K.ChildLevel)},汇总等级为{c}",
            RuleCodes.ClusterYellow or RuleCodes.ClusterOrange =>
                $"{u} 下属 {N(r, K.Children)} 个单位中 {N(r, K.Matching)} 个为{ClusterLevelZh(r)}及以上(≥ {N(r, K.Needed)} 个),汇总等级升为{c}",
            _ => $"{u} {r.Rule},等级为{c}",
        };
    }

    public static string En(RiskReason r)
    {
        var u = r.UnitName;
        var c = r.Level.ColourEn();
        return r.Rule switch
        {
            RuleCodes.Gb18218Grade =>
                $"{u} is a grade-{N(r, K.Grade)} major hazard source (S = {N(r, K.S)}, α = {N(r, K.Alpha)}, R = {N(r, K.R)}): inherent level {c}",
            RuleCodes.Gb18218NotMajor => $"{u} is not a major hazard source (S = {N(r, K.S)} < 1): inherent level {c}",
            RuleCodes.LecBand => $"{u} LEC D = L×E×C = {N(r, K.L)}×{N(r, K.E)}×{N(r, K.C)} = {N(r, K.D)}: inherent level {c}",
            RuleCodes.LsBand => $"{u} risk matrix R = L×S = {N(r, K.L)}×{N(r, K.S)} = {N(r, K.R)}: inherent level {c}",
            RuleCodes.DiagnosticBand => $"{u} diagnostic score {N(r, K.Score)}: inherent level {c}",
            RuleCodes.DiagnosticVeto => $"{u} has a direct-red condition ({r.Text(K.VetoEn)}): inherent level {c}",
            RuleCodes.CoalMineClass => $"{u} is a {GasClassEn(r.Text(K.GasClass))} mine{MineHazardsEn(r)}: inherent level {c}",
            RuleCodes.ParkGrade => $"{u} chemical-park safety score {N(r, K.Score)}, grade {r.Text(K.ParkGrade)}: inherent level {c}",
            RuleCodes.AlarmHigh or RuleCodes.AlarmHighHigh => $"{u} {AlarmEn(r)}: dynamic level raised to {c}",
            RuleCodes.AlarmHighHighConfirmed => r.Number(K.Sensors) is { } n
                ? $"{u} high-high alarm on {F(n)} sensors at once ({r.Text(K.Members)}), alarm confirmed: dynamic level raised to {c}"
                : $"{u} {SensorLabelEn(r)} high-high alarm held {N(r, K.Minutes)} min (≥ {N(r, K.LimitMinutes)} min), alarm confirmed: dynamic level raised to {c}",
            RuleCodes.MonitoringBlind =>
                $"{u} mandatory point {r.Text(K.Sensor)} {StateEn(r)} for {N(r, K.Minutes)} min (≥ {N(r, K.LimitMinutes)} min), monitoring blind: dynamic level raised to {c}",
            RuleCodes.AlarmHighHighOnGradedSource => $"{u} {AlarmEn(r)} on a source of inherent level {LevelEn(r, K.Inherent)}: dynamic level raised to {c}",
            RuleCodes.DowngradeHold =>
                $"{u} computed level fell to {LevelEn(r, K.Computed)}; {c} held for the {N(r, K.LimitMinutes)}-min downgrade hold",
            RuleCodes.HiddenDangerMajorOpen => $"{u} has {N(r, K.Count)} open major hidden danger(s){RecordsEn(r)}: enterprise level raised to {c}",
            RuleCodes.HiddenDangerMajorOverdue => $"{u} has {N(r, K.Count)} overdue major hidden danger(s){RecordsEn(r)}: enterprise level raised to {c}",
            RuleCodes.HiddenDangerGeneralOverdue =>
                $"{u} has {N(r, K.Count)} overdue general hidden danger(s){RecordsEn(r)}, longest {N(r, K.MaxDays)} days (limits {N(r, K.Limit)} items or {N(r, K.LimitDays)} days): enterprise level raised one step to {c}",
            RuleCodes.SpecialOperation =>
                $"{u} {OperationEn(r)} inside {r.Text(K.HazardSourceName)} (grade-{N(r, K.Grade)} major hazard source){CommitmentEn(r)}: enterprise level raised to {c}",
            RuleCodes.AbnormalState => $"{u} declared {AbnormalEn(r)}{CommitmentEn(r)}: enterprise level raised to {c}",
            RuleCodes.WorstChild => $"{u}: worst child {r.Text(K.ChildName)} is {LevelEn(r, K.ChildLevel)}: rolled-up level {c}",
            RuleCodes.ClusterYellow or RuleCodes.ClusterOrange =>
                $"{u}: {N(r, K.Matching)} of {N(r, K.Children)} children are {ClusterLevelEn(r)} or worse (≥ {N(r, K.Needed)}): rolled-up level raised to {c}",
            _ => $"{u} {r.Rule}: level {c}",
        };
    }

    /// <summary>Numbers as people read them: up to three decimals, no trailing zeros, invariant culture.</summary>
    public static string F(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>"(隐患 hd-1、hd-2)" naming the records, when the ledger gave them.</summary>
    private static string RecordsZh(RiskReason r) => r.Text(K.Records) is { Length: > 0 } ids ? $"(隐患 {ids.Replace(",", "、", StringComparison.Ordinal)})" : "";

    private static string CommitmentZh(RiskReason r) => r.Text(K.Commitment) is { Length: > 0 } id ? $"(安全承诺 {id})" : "";

    private static string CommitmentEn(RiskReason r) => r.Text(K.Commitment) is { Length: > 0 } id ? $" (daily commitment {id})" : "";

    private static string RecordsEn(RiskReason r) => r.Text(K.Records) is { Length: > 0 } ids ? $" ({ids.Replace(",", ", ", StringComparison.Ordinal)})" : "";

    private static string N(RiskReason r, string key) => r.Number(key) is { } n ? F(n) : "?";

    /// <summary>A value with its unit: "92%" and "30%LEL" stick to the number, others get a space ("2.3 mg/m³").</summary>
    public static string WithUnit(double value, string? unit)
    {
        if (string.IsNullOrEmpty(unit)) return F(value);
        var shown = unit.Replace("m3", "m³", StringComparison.Ordinal);
        return shown.StartsWith('%') || shown.StartsWith('°') ? F(value) + shown : $"{F(value)} {shown}";
    }

    /// <summary>"(92% ≥ 90%)", or with ≤ for a low-side alarm.</summary>
    private static string Measured(RiskReason r)
    {
        var unit = r.Input(K.Value)?.Unit;
        var op = AlarmStateOf(r).Side() < 0 ? "≤" : "≥";
        return $"({WithUnit(r.Number(K.Value) ?? double.NaN, unit)} {op} {WithUnit(r.Number(K.Threshold) ?? double.NaN, unit)})";
    }

    private static AlarmState AlarmStateOf(RiskReason r) =>
        Enum.TryParse<AlarmState>(r.Text(K.State), out var s) ? s : AlarmState.HighHigh;

    private static string AlarmZh(RiskReason r) => $"{SensorLabelZh(r)}{AlarmStateOf(r).Zh()}{Measured(r)}";

    private static string AlarmEn(RiskReason r) => $"{SensorLabelEn(r)} {AlarmStateOf(r).En()} {Measured(r)}";

    private static string StateZh(RiskReason r) => AlarmStateOf(r) == AlarmState.Offline ? "离线" : "故障";

    private static string StateEn(RiskReason r) => AlarmStateOf(r) == AlarmState.Offline ? "offline" : "faulty";

    /// <summary>"液位", "压力", or for a gas detector naming a chemical "氯浓度".</summary>
    private static string SensorLabelZh(RiskReason r)
    {
        if (r.Text(K.Chemical) is { } id)
            return (ChemicalCatalog.Default.TryGet(id, out var chem) ? chem.NameZh : id) + "浓度";
        return (r.Text(K.Kind) ?? "").ToLowerInvariant() switch
        {
            "level" => "液位",
            "pressure" => "压力",
            "temperature" => "温度",
            "flow" => "流量",
            "toxic-gas" => "有毒气体浓度",
            "combustible-gas" => "可燃气体浓度",
            "methane" => "甲烷浓度",
            "co" => "一氧化碳浓度",
            "h2s" => "硫化氢浓度",
            "oxygen" => "氧气浓度",
            "gas" => "气体浓度",
            var other => other,
        };
    }

    private static string SensorLabelEn(RiskReason r)
    {
        if (r.Text(K.Chemical) is { } id)
            return (ChemicalCatalog.Default.TryGet(id, out var chem) ? chem.NameEn.ToLowerInvariant() : id) + " concentration";
        return (r.Text(K.Kind) ?? "").ToLowerInvariant() switch
        {
            "toxic-gas" => "toxic gas",
            "combustible-gas" => "combustible gas",
            "co" => "CO",
            "h2s" => "H2S",
            var other => other,
        };
    }

    private static string GradeZh(double? grade) => grade switch
    {
        1 => "一级",
        2 => "二级",
        3 => "三级",
        4 => "四级",
        _ => "",
    };

    private static string LevelZh(RiskReason r, string key) =>
        Enum.TryParse<RiskLevel>(r.Text(key), out var l) ? l.ColourZh() : r.Text(key) ?? "?";

    private static string LevelEn(RiskReason r, string key) =>
        Enum.TryParse<RiskLevel>(r.Text(key), out var l) ? l.ColourEn() : r.Text(key) ?? "?";

    private static string ClusterLevelZh(RiskReason r) => r.Rule == RuleCodes.ClusterYellow ? "黄色" : "橙色";

    private static string ClusterLevelEn(RiskReason r) => r.Rule == RuleCodes.ClusterYellow ? "Yellow" : "Orange";

    private static string GasClassZh(string? gasClass) => gasClass switch
    {
        "Outburst" => "煤与瓦斯突出",
        "HighGas" => "高瓦斯",
        _ => "低瓦斯",
    };

    private static string GasClassEn(string? gasClass) => gasClass switch
    {
        "Outburst" => "coal-and-gas outburst",
        "HighGas" => "high-gas",
        _ => "low-gas",
    };

    private static string MineHazardsZh(RiskReason r)
    {
        var parts = new List<string>();
        if (r.Number(K.RockBurst) is > 0) parts.Add("冲击地压");
        if (r.Number(K.WaterHazard) is > 0) parts.Add("水害严重");
        return parts.Count == 0 ? "" : $"({string.Join("、", parts)},升一级)";
    }

    private static string MineHazardsEn(RiskReason r)
    {
        var parts = new List<string>();
        if (r.Number(K.RockBurst) is > 0) parts.Add("rock burst");
        if (r.Number(K.WaterHazard) is > 0) parts.Add("major water hazard");
        return parts.Count == 0 ? "" : $" ({string.Join(", ", parts)}: one step up)";
    }

    private static string OperationZh(RiskReason r) =>
        Enum.TryParse<SpecialOperationKind>(r.Text(K.Operation), out var k) ? k.Zh() : r.Text(K.Operation) ?? "";

    private static string OperationEn(RiskReason r) =>
        Enum.TryParse<SpecialOperationKind>(r.Text(K.Operation), out var k) ? k.En() : r.Text(K.Operation) ?? "";

    private static string AbnormalZh(RiskReason r) =>
        Enum.TryParse<AbnormalStateKind>(r.Text(K.Abnormal), out var k) ? k.Zh() : r.Text(K.Abnormal) ?? "";

    private static string AbnormalEn(RiskReason r) =>
        Enum.TryParse<AbnormalStateKind>(r.Text(K.Abnormal), out var k) ? k.En() : r.Text(K.Abnormal) ?? "";
}
