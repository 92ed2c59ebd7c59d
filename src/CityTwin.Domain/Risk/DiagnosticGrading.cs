using CityTwin.Domain.Units;

namespace CityTwin.Domain.Risk;

/// <summary>What the diagnostic grading concluded: the score, its colour, the vetoes that forced Red, and
/// any item or veto code the sheet does not know (reported, never silently dropped).</summary>
public sealed record DiagnosticResult(
    double Score,
    bool ScoreGiven,
    RiskLevel Level,
    IReadOnlyList<string> Vetoes,
    IReadOnlyList<string> Problems);

/// <summary>
/// Enterprise diagnostic grading (DOMAIN.md §3.1 item 4): score = start + Σ items, each category's deductions
/// capped at its maximum and its additions at its bonus maximum; the total is clamped to [0, 100] [DESIGN];
/// bands give the colour; any veto gives Red.
/// </summary>
public static class DiagnosticGrading
{
    public static DiagnosticResult Evaluate(DiagnosticAssessment assessment, AssessmentRules rules)
    {
        var sheet = rules.DiagnosticSheet;
        var problems = new List<string>();
        double score;
        if (assessment.Score is { } given)
        {
            score = given;
        }
        else
        {
            var deductions = new Dictionary<string, double>(StringComparer.Ordinal);
            var bonuses = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var item in assessment.Items)
            {
                if (sheet.Item(item.Code) is not { } def)
                {
                    problems.Add($"unknown diagnostic item '{item.Code}'");
                    continue;
                }
                var points = def.Points * item.Count;
                var bucket = points < 0 ? deductions : bonuses;
                bucket[def.Category] = bucket.GetValueOrDefault(def.Category) + Math.Abs(points);
            }
            score = sheet.Start;
            foreach (var (category, amount) in deductions)
                score -= sheet.Category(category)?.MaxDeduction is { } cap ? Math.Min(cap, amount) : amount;
            foreach (var (category, amount) in bonuses)
                score += Math.Min(sheet.Category(category)?.MaxBonus ?? 0, amount);
            score = Math.Clamp(score, 0, 100);
        }

        var vetoes = new List<string>();
        foreach (var code in assessment.Vetoes)
        {
            // An unknown veto code still vetoes: failing safe to Red beats ignoring a direct-red finding.
            if (sheet.Veto(code) is null) problems.Add($"unknown diagnostic veto '{code}' (treated as a veto)");
            vetoes.Add(code);
        }

        var level = vetoes.Count > 0 ? RiskLevel.Red : rules.Diagnostic.Classify(score);
        return new DiagnosticResult(score, assessment.Score is not null, level, vetoes, problems);
    }
}
