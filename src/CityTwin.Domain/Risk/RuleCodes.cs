namespace CityTwin.Domain.Risk;

/// <summary>The rule codes a <see cref="Explanations.RiskReason"/> carries. <see cref="RuleCatalog"/> says where each comes from.</summary>
public static class RuleCodes
{
    // Inherent levels
    public const string Gb18218Grade = "GB18218_GRADE";
    public const string Gb18218NotMajor = "GB18218_NOT_MAJOR";
    public const string LecBand = "LEC_BAND";
    public const string LsBand = "LS_BAND";
    public const string DiagnosticBand = "DIAGNOSTIC_BAND";
    public const string DiagnosticVeto = "DIAGNOSTIC_VETO";
    public const string CoalMineClass = "COAL_MINE_CLASS";
    public const string ParkGrade = "PARK_GRADE";

    // Hazard source, dynamic
    public const string AlarmHigh = "ALARM_HIGH";
    public const string AlarmHighHigh = "ALARM_HH";
    public const string AlarmHighHighConfirmed = "ALARM_HH_CONFIRMED";
    public const string MonitoringBlind = "MONITORING_BLIND";
    public const string AlarmHighHighOnGradedSource = "ALARM_HH_ON_GRADED_SOURCE";
    public const string DowngradeHold = "DOWNGRADE_HOLD";

    // Enterprise, dynamic
    public const string HiddenDangerMajorOpen = "HD_MAJOR_OPEN";
    public const string HiddenDangerMajorOverdue = "HD_MAJOR_OVERDUE";
    public const string HiddenDangerGeneralOverdue = "HD_GENERAL_OVERDUE";
    public const string SpecialOperation = "SPECIAL_OPERATION";
    public const string AbnormalState = "ABNORMAL_STATE";

    // Roll-up
    public const string WorstChild = "WORST_CHILD";
    public const string ClusterYellow = "CLUSTER_YELLOW";
    public const string ClusterOrange = "CLUSTER_ORANGE";
}

/// <summary>Where a rule comes from: a standard, a standard seen only in secondary copies, or our design.</summary>
public enum RuleBasis
{
    /// <summary>[STD] a standard or official document.</summary>
    Standard,
    /// <summary>[STD?] a standard as seen in a secondary copy, or common provincial practice.</summary>
    StandardUnverified,
    /// <summary>[DESIGN] a CityTwin choice: configurable, and said so in explanations.</summary>
    Design,
}

/// <summary>One row of the rules table.</summary>
public sealed record RuleInfo(string Code, int Order, string Source, RuleBasis Basis, string Effect, string Configuration);

/// <summary>
/// The rules table as built, in the order the rules are applied. docs/risk.md reproduces it; a test keeps the two
/// in step and checks that every code here has an explanation text in both languages.
/// </summary>
public static class RuleCatalog
{
    public static IReadOnlyList<RuleInfo> All { get; } =
    [
        new(RuleCodes.Gb18218Grade, 10, "DOMAIN.md §1.2–1.4 (S, α, R, grade); colour §3.2 step 0", RuleBasis.Design,
            "S ≥ 1: grade 1/2/3/4 by R ≥ 100/50/10 → Red/Orange/Yellow/Blue (the grade is [STD], the colour [DESIGN])",
            "Gb18218.Alpha, Gb18218.Grade, Gb18218.MajorThresholdS, Gb18218.GradeColour"),
        new(RuleCodes.Gb18218NotMajor, 11, "DOMAIN.md §1.2; colour §3.2 step 0", RuleBasis.Design,
            "S < 1: not a major hazard source → Blue", "Gb18218.MajorThresholdS, Gb18218.NotMajorColour"),
        new(RuleCodes.LecBand, 20, "DOMAIN.md §2.2", RuleBasis.StandardUnverified,
            "D = L·E·C: ≥ 320 Red, ≥ 160 Orange, ≥ 70 Yellow, else Blue (lower bound inclusive [DESIGN])", "Assessment.Lec"),
        new(RuleCodes.LsBand, 21, "DOMAIN.md §2.3", RuleBasis.StandardUnverified,
            "R = L·S: ≥ 20 Red, ≥ 15 Orange, ≥ 9 Yellow, else Blue ([DESIGN] band reading)", "Assessment.Ls"),
        new(RuleCodes.DiagnosticBand, 22, "DOMAIN.md §3.1 item 4", RuleBasis.StandardUnverified,
            "score ≥ 90 Blue, ≥ 75 Yellow, ≥ 60 Orange, else Red; score = 100 + capped items, clamped to [0, 100] ([DESIGN] clamp)",
            "Assessment.Diagnostic, Assessment.DiagnosticSheet"),
        new(RuleCodes.DiagnosticVeto, 23, "DOMAIN.md §3.1 item 4", RuleBasis.StandardUnverified,
            "any direct-red condition → Red", "Assessment.DiagnosticSheet.Vetoes"),
        new(RuleCodes.CoalMineClass, 24, "DOMAIN.md §3.3", RuleBasis.Design,
            "outburst Orange, high-gas Yellow, low-gas Blue; +1 (≤ Red) for rock burst or major water hazard",
            "Assessment.CoalMineGasClass, Assessment.CoalMineHazardRaise"),
        new(RuleCodes.ParkGrade, 25, "DOMAIN.md §5", RuleBasis.Design,
            "score < 60 A, < 70 B, < 85 C, else D ([STD]); A Red, B Orange, C Yellow, D Blue ([DESIGN])",
            "Assessment.ParkGrade, Assessment.ParkGradeColour"),
        new(RuleCodes.AlarmHigh, 30, "DOMAIN.md §3.2 step 2", RuleBasis.Design,
            "any sensor HIGH (or LOW) → at least Yellow", "Alarms.*"),
        new(RuleCodes.AlarmHighHigh, 31, "DOMAIN.md §3.2 step 2", RuleBasis.Design,
            "any sensor HIGH-HIGH (or LOW-LOW) → at least Orange", "Alarms.*"),
        new(RuleCodes.AlarmHighHighConfirmed, 32, "DOMAIN.md §3.2 step 2", RuleBasis.Design,
            "HIGH-HIGH on ≥ 2 distinct sensors, or one HIGH-HIGH held ≥ 10 min → Red",
            "HazardSource.ConfirmedHighHighSensors, HazardSource.ConfirmedHighHighAfter"),
        new(RuleCodes.MonitoringBlind, 33, "DOMAIN.md §3.2 step 2", RuleBasis.Design,
            "a mandatory point FAULT/OFFLINE ≥ 30 min → at least Yellow", "HazardSource.BlindAfter"),
        new(RuleCodes.AlarmHighHighOnGradedSource, 34, "DOMAIN.md §3.2 step 2", RuleBasis.Design,
            "any HIGH-HIGH → at least inherent + 1 (≤ Red)", "—"),
        new(RuleCodes.DowngradeHold, 35, "DOMAIN.md §3.2 step 2", RuleBasis.Design,
            "a computed decrease applies only after it has been stable for t_hold = 5 min; increases at once", "HazardSource.DowngradeHold"),
        new(RuleCodes.HiddenDangerMajorOpen, 40, "DOMAIN.md §3.1 item 6, §3.2 step 3", RuleBasis.Design,
            "an open major hidden danger → at least Orange", "—"),
        new(RuleCodes.HiddenDangerMajorOverdue, 41, "DOMAIN.md §3.2 step 3", RuleBasis.Design,
            "an overdue major hidden danger → Red", "—"),
        new(RuleCodes.HiddenDangerGeneralOverdue, 42, "DOMAIN.md §3.2 step 3", RuleBasis.Design,
            "≥ 3 overdue general hidden dangers, or one overdue > 30 days → level + 1 (≤ Red)",
            "Enterprise.GeneralOverdueCount, Enterprise.GeneralOverdueDays"),
        new(RuleCodes.SpecialOperation, 43, "DOMAIN.md §3.1 item 5, §3.2 step 3", RuleBasis.Design,
            "特级动火 or 受限空间 inside a grade-1/2 source → max(level, min(Orange, level + 1))",
            "Enterprise.SpecialOperationKinds, Enterprise.SpecialOperationMaxGrade, Enterprise.OperationalLiftCap"),
        new(RuleCodes.AbnormalState, 44, "DOMAIN.md §3.1 item 5, §3.2 step 3", RuleBasis.Design,
            "declared 开停车 / 试生产 / 大检修 → max(level, min(Orange, level + 1))", "Enterprise.OperationalLiftCap"),
        new(RuleCodes.WorstChild, 50, "DOMAIN.md §6 item 2", RuleBasis.Design,
            "level = worst direct child (短板原则)", "—"),
        new(RuleCodes.ClusterYellow, 51, "DOMAIN.md §6 item 2", RuleBasis.Design,
            "m(≥ Yellow) ≥ max(k_min, ⌈p·n⌉) → at least Orange", "Rollup.Cluster[scope] (k_min 3, p 0.30)"),
        new(RuleCodes.ClusterOrange, 52, "DOMAIN.md §6 item 2", RuleBasis.Design,
            "m(≥ Orange) ≥ max(k_min, ⌈p·n⌉) → Red", "Rollup.Cluster[scope] (k_min 3, p 0.30)"),
    ];

    private static readonly Dictionary<string, RuleInfo> ByCode = All.ToDictionary(r => r.Code, StringComparer.Ordinal);

    public static RuleInfo Get(string code) => ByCode[code];

    public static int OrderOf(string code) => ByCode.TryGetValue(code, out var info) ? info.Order : int.MaxValue;
}
