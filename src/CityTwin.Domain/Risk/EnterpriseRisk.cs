using CityTwin.Domain.Risk.Explanations;
using CityTwin.Domain.Risk.Rollup;
using K = CityTwin.Domain.Risk.Explanations.ReasonKeys;

namespace CityTwin.Domain.Risk;

/// <summary>
/// An enterprise's hidden dangers as counts (the hidden-danger ledger computes them). "Open" includes overdue;
/// the <c>…Since</c> times, where known, date the reasons.
/// </summary>
public sealed record HiddenDangerCounts(int OpenMajor, int OverdueMajor, int OpenGeneral, int OverdueGeneral, double MaxGeneralOverdueDays)
{
    public static HiddenDangerCounts None { get; } = new(0, 0, 0, 0, 0);
    public DateTimeOffset? MajorOpenSince { get; init; }
    public DateTimeOffset? MajorOverdueSince { get; init; }
    public DateTimeOffset? GeneralOverdueSince { get; init; }
    /// <summary>The records behind each count, oldest first, where the ledger gave them: the explanation names them.</summary>
    public IReadOnlyList<string> MajorOpenIds { get; init; } = [];
    public IReadOnlyList<string> MajorOverdueIds { get; init; } = [];
    public IReadOnlyList<string> GeneralOverdueIds { get; init; } = [];
}

/// <summary>Everything step 3 needs about one enterprise at one instant.</summary>
public sealed record EnterpriseInputs
{
    public required string Code { get; init; }
    public required string Name { get; init; }
    /// <summary>The enterprise's own inherent level (diagnostic, LEC, L×S, coal mine), without its hazard sources.</summary>
    public RiskLevel OwnInherent { get; init; } = RiskLevel.Blue;
    public IReadOnlyList<RiskReason> OwnInherentReasons { get; init; } = [];
    public IReadOnlyList<HazardSourceAssessment> HazardSources { get; init; } = [];
    public HiddenDangerCounts HiddenDangers { get; init; } = HiddenDangerCounts.None;
    public IReadOnlyList<SpecialOperation> SpecialOperations { get; init; } = [];
    public AbnormalState? Abnormal { get; init; }

    public static EnterpriseInputs From(Units.Unit unit, InherentAssessment own) =>
        new() { Code = unit.Code, Name = unit.Name, OwnInherent = own.Level, OwnInherentReasons = own.Reasons };
}

/// <summary>Counts behind an enterprise's score and summary.</summary>
public sealed record EnterpriseCounts(AlarmCounts Alarms, int MajorOpen, int GeneralOpen, int Overdue, ColourCounts HazardSources);

public sealed record EnterpriseAssessment(
    string Code,
    string Name,
    RiskLevel Level,
    RiskLevel Inherent,
    double Score,
    EnterpriseCounts Counts,
    IReadOnlyList<RiskReason> Reasons);

/// <summary>
/// Enterprise dynamic level (DOMAIN.md §3.2 step 3) [DESIGN], applied top to bottom; a rule contributes a reason
/// when it raised the level at the moment it was applied:
/// <code>
/// inherent = max(own assessments, its sources' inherent levels)
/// level    = max(inherent, its sources' dynamic levels)
/// open major hidden danger                          → ≥ Orange                        HD_MAJOR_OPEN
/// any overdue major hidden danger                   → Red                             HD_MAJOR_OVERDUE
/// ≥ 3 overdue general, or one overdue > 30 days     → level + 1 (≤ Red)               HD_GENERAL_OVERDUE
/// 特级动火 / 受限空间 inside a grade-1/2 source       → max(level, min(Orange, level+1)) SPECIAL_OPERATION
/// 开停车 / 试生产 / 大检修 declared                   → max(level, min(Orange, level+1)) ABNORMAL_STATE
/// </code>
/// Only alarms, hidden dangers, the inherent grade and the diagnostic grading can make Red.
/// </summary>
public static class EnterpriseRisk
{
    public static EnterpriseAssessment Evaluate(EnterpriseInputs e, RiskRules rules)
    {
        var er = rules.Enterprise;
        var reasons = new List<RiskReason>();

        var inherent = e.OwnInherent;
        foreach (var hs in e.HazardSources) inherent = RiskLevels.Max(inherent, hs.Inherent);
        reasons.AddRange(e.OwnInherentReasons.Where(r => r.Level == inherent));
        foreach (var hs in e.HazardSources.Where(h => h.Inherent == inherent))
            reasons.AddRange(hs.Reasons.Where(r => r.Level == inherent && IsInherentRule(r.Rule)));

        var level = inherent;
        var worstSource = e.HazardSources.Count == 0 ? RiskLevel.Blue : e.HazardSources.Max(h => h.Level);
        if (worstSource > level)
        {
            level = worstSource;
            foreach (var hs in e.HazardSources.Where(h => h.Level == worstSource))
                reasons.AddRange(hs.Reasons.Where(r => r.Level > inherent && !IsInherentRule(r.Rule)));
        }

        void Apply(RiskLevel effect, Func<RiskLevel, RiskReason> reason)
        {
            if (effect <= level) return;
            level = effect;
            reasons.Add(reason(effect));
        }

        var hd = e.HiddenDangers;
        if (hd.OpenMajor > 0)
            Apply(RiskLevel.Orange, l => new(RuleCodes.HiddenDangerMajorOpen, e.Code, e.Name, l, hd.MajorOpenSince,
                [ReasonInput.Of(K.Count, hd.OpenMajor), .. Records(hd.MajorOpenIds)], hd.MajorOpenIds.FirstOrDefault()));
        if (hd.OverdueMajor > 0)
            Apply(RiskLevel.Red, l => new(RuleCodes.HiddenDangerMajorOverdue, e.Code, e.Name, l, hd.MajorOverdueSince,
                [ReasonInput.Of(K.Count, hd.OverdueMajor), .. Records(hd.MajorOverdueIds)], hd.MajorOverdueIds.FirstOrDefault()));
        if (hd.OverdueGeneral >= er.GeneralOverdueCount || (hd.OverdueGeneral > 0 && hd.MaxGeneralOverdueDays > er.GeneralOverdueDays))
            Apply(level.Raise(), l => new(RuleCodes.HiddenDangerGeneralOverdue, e.Code, e.Name, l, hd.GeneralOverdueSince,
                [ReasonInput.Of(K.Count, hd.OverdueGeneral), ReasonInput.Of(K.MaxDays, hd.MaxGeneralOverdueDays),
                 ReasonInput.Of(K.Limit, er.GeneralOverdueCount), ReasonInput.Of(K.LimitDays, er.GeneralOverdueDays), .. Records(hd.GeneralOverdueIds)],
                hd.GeneralOverdueIds.FirstOrDefault()));

        foreach (var op in e.SpecialOperations)
        {
            if (!er.SpecialOperationKinds.Contains(op.Kind)) continue;
            var hs = e.HazardSources.FirstOrDefault(h => h.Code == op.HazardSourceCode);
            if (hs?.Grade is not { } grade || grade > er.SpecialOperationMaxGrade) continue;
            Apply(RiskLevels.Max(level, RiskLevels.Min(er.OperationalLiftCap, level.Raise())), l => new(RuleCodes.SpecialOperation, e.Code, e.Name, l, op.Since,
                [ReasonInput.Of(K.Operation, op.Kind.ToString()), ReasonInput.Of(K.HazardSource, hs.Code), ReasonInput.Of(K.HazardSourceName, hs.Name),
                 ReasonInput.Of(K.Grade, grade), .. Commitment(op.Commitment)], op.Id));
            break; // one lift per rule, however many operations qualify
        }
        if (e.Abnormal is { } abnormal)
            Apply(RiskLevels.Max(level, RiskLevels.Min(er.OperationalLiftCap, level.Raise())), l => new(RuleCodes.AbnormalState, e.Code, e.Name, l, abnormal.Since,
                [ReasonInput.Of(K.Abnormal, abnormal.Kind.ToString()), .. Commitment(abnormal.Commitment)], abnormal.Commitment));

        var alarms = default(AlarmCounts);
        var hsColours = default(ColourCounts);
        foreach (var hs in e.HazardSources)
        {
            alarms += hs.Counts;
            hsColours = hsColours.Add(hs.Level);
        }
        var overdue = hd.OverdueMajor + hd.OverdueGeneral;
        var score = HazardSourceRisk.Score(level, rules.Score, alarms.HighHigh, alarms.High, alarms.Blind, hd.OpenMajor, hd.OpenGeneral, overdue);
        var counts = new EnterpriseCounts(alarms, hd.OpenMajor, hd.OpenGeneral, overdue, hsColours);
        return new EnterpriseAssessment(e.Code, e.Name, level, inherent, score, counts, reasons.Ordered());
    }

    private static ReasonInput[] Commitment(string? id) => id is null ? [] : [ReasonInput.Of(K.Commitment, id)];

    private static ReasonInput[] Records(IReadOnlyList<string> ids) => ids.Count == 0 ? [] : [ReasonInput.Of(K.Records, string.Join(",", ids))];

    private static bool IsInherentRule(string rule) => RuleCatalog.OrderOf(rule) < 30;
}
