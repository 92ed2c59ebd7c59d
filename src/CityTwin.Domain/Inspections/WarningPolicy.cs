using CityTwin.Domain.Risk;

namespace CityTwin.Domain.Inspections;

/// <summary>
/// Warning handling settings (预警处置闭环) [DESIGN]; docs/inspections.md gives the reasons for each default.
/// </summary>
public sealed record WarningPolicy
{
    /// <summary>
    /// Time to answer (cause and measures) at each rung, by warning level: Red 30 min, Orange 2 h, Yellow 24 h,
    /// Blue none (informational, never escalates). The clock restarts at each rung.
    /// </summary>
    public IReadOnlyDictionary<RiskLevel, TimeSpan?> AnswerWithin { get; init; } = new Dictionary<RiskLevel, TimeSpan?>
    {
        [RiskLevel.Red] = TimeSpan.FromMinutes(30),
        [RiskLevel.Orange] = TimeSpan.FromHours(2),
        [RiskLevel.Yellow] = TimeSpan.FromHours(24),
        [RiskLevel.Blue] = null,
    };

    /// <summary>Who a warning goes to first, then where it escalates: enterprise → department → 旗区安委办 → 市安委办.</summary>
    public IReadOnlyList<EscalationLevel> Ladder { get; init; } =
        [EscalationLevel.Enterprise, EscalationLevel.SupervisingDepartment, EscalationLevel.DistrictCommittee, EscalationLevel.CityCommittee];

    /// <summary>A unit turning this level or worse raises a warning (issue 7 §6: orange or red).</summary>
    public RiskLevel RaiseAtOrAbove { get; init; } = RiskLevel.Orange;

    /// <summary>The level of a warning raised by a high-high alarm: the alarm alone lifts its source to at least orange (§3.2 step 2).</summary>
    public RiskLevel HighHighLevel { get; init; } = RiskLevel.Orange;

    /// <summary>The level of a warning for a missing daily commitment.</summary>
    public RiskLevel MissingCommitmentLevel { get; init; } = RiskLevel.Yellow;

    /// <summary>A missing commitment is the supervisor's to chase (the enterprise already failed to report), so it starts there.</summary>
    public EscalationLevel MissingCommitmentStartsAt { get; init; } = EscalationLevel.SupervisingDepartment;

    public IReadOnlyList<string> VerifyRoles { get; init; } = [Roles.Inspector, Roles.Department, Roles.DepartmentHead, Roles.ScopeSupervisor, Roles.CityAdmin];

    public IReadOnlyList<string> CloseRoles { get; init; } = [Roles.Department, Roles.DepartmentHead, Roles.ScopeSupervisor, Roles.CityAdmin];

    public TimeSpan? AnswerWindow(RiskLevel level) => AnswerWithin.GetValueOrDefault(level);

    /// <summary>True when a unit going from <paramref name="previous"/> to <paramref name="current"/> should raise a warning.</summary>
    public bool ShouldRaise(RiskLevel previous, RiskLevel current) => current >= RaiseAtOrAbove && current > previous;
}
