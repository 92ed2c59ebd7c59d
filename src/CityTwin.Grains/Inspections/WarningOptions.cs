using CityTwin.Domain.Inspections;
using CityTwin.Domain.Risk;

namespace CityTwin.Grains.Inspections;

/// <summary>
/// Warning handling and daily commitments as configured (section <c>CityTwin:Warnings</c>); unset values keep the
/// defaults of <see cref="WarningPolicy"/> and <see cref="CommitmentPolicy"/>, whose reasons docs/warnings.md gives.
/// A zero or negative answer time means "never escalates" (like blue).
/// </summary>
public sealed class WarningOptions
{
    public const string Section = "CityTwin:Warnings";

    /// <summary>Time to answer a red warning at each rung (default 30 min).</summary>
    public TimeSpan? RedAnswerWithin { get; set; }
    /// <summary>Time to answer an orange warning at each rung (default 2 h).</summary>
    public TimeSpan? OrangeAnswerWithin { get; set; }
    /// <summary>Time to answer a yellow warning at each rung (default 24 h).</summary>
    public TimeSpan? YellowAnswerWithin { get; set; }
    /// <summary>Local time by which each day's commitment must be in (default 09:00).</summary>
    public TimeOnly? CommitmentDueBy { get; set; }

    /// <summary>The rules with these settings applied.</summary>
    public InspectionRules Apply(InspectionRules rules)
    {
        var within = new Dictionary<RiskLevel, TimeSpan?>(rules.Warnings.AnswerWithin);
        Set(within, RiskLevel.Red, RedAnswerWithin);
        Set(within, RiskLevel.Orange, OrangeAnswerWithin);
        Set(within, RiskLevel.Yellow, YellowAnswerWithin);
        return rules with
        {
            Warnings = rules.Warnings with { AnswerWithin = within },
            Commitments = CommitmentDueBy is { } due ? rules.Commitments with { DueBy = due } : rules.Commitments,
        };
    }

    private static void Set(Dictionary<RiskLevel, TimeSpan?> within, RiskLevel level, TimeSpan? value)
    {
        if (value is { } v) within[level] = v > TimeSpan.Zero ? v : null;
    }
}
