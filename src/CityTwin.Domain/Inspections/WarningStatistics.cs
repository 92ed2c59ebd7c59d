using CityTwin.Domain.Risk;
using CityTwin.Domain.Units;

namespace CityTwin.Domain.Inspections;

/// <summary>
/// Warnings per scope (issue 7 §6): raised by level, answered on time (before the first deadline), answered late,
/// escalated (climbed at least one rung), open (not closed). On-time rate = on time ÷ (answered + unanswered past
/// their first deadline); null when there is nothing to rate.
/// </summary>
public sealed record WarningStats(IReadOnlyDictionary<RiskLevel, int> ByLevel, int Raised, int AnsweredOnTime, int AnsweredLate, int Escalated, int Open, int Closed, double? OnTimeRate);

public static class WarningStatistics
{
    /// <summary>Statistics at <paramref name="now"/>; escalations that came due are counted even if no tick has applied them yet.</summary>
    public static WarningStats Summarise(IEnumerable<Warning> warnings, DateTimeOffset now, InspectionRules rules)
    {
        var current = warnings.Where(w => w.RaisedAt <= now).Select(w => WarningLifecycle.Escalate(w, now, rules).Warning).ToList();
        var byLevel = RiskLevels.All.ToDictionary(l => l, l => current.Count(w => w.Level == l));
        var onTime = current.Count(w => w.AnsweredOnTime == true);
        var late = current.Count(w => w.AnsweredOnTime == false);
        var unansweredPastDue = current.Count(w => w.AnsweredOnTime is null && rules.Warnings.AnswerWindow(w.Level) is { } span && w.RaisedAt + span <= now);
        var rated = onTime + late + unansweredPastDue;
        return new WarningStats(byLevel, current.Count, onTime, late, current.Count(w => w.Escalations.Count > 0),
            current.Count(w => w.IsOpen), current.Count(w => !w.IsOpen), rated == 0 ? null : (double)onTime / rated);
    }

    /// <summary>Statistics for the warnings of enterprises within a scope path.</summary>
    public static WarningStats ForScope(IEnumerable<Warning> warnings, IReadOnlyDictionary<string, EnterprisePlacement> placements, string scopePath,
        DateTimeOffset now, InspectionRules rules) =>
        Summarise(warnings.Where(w => placements.TryGetValue(w.EnterpriseCode, out var p) && UnitPath.IsWithin(p.Path, scopePath)), now, rules);
}
