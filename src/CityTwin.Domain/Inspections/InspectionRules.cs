namespace CityTwin.Domain.Inspections;

/// <summary>
/// Every setting of the closed loops in one place, like <see cref="Risk.RiskRules"/>. <see cref="Default"/> holds
/// the values docs/inspections.md gives; all of them are [DESIGN] choices.
/// </summary>
public sealed record InspectionRules
{
    public static InspectionRules Default { get; } = new();

    /// <summary>The city's local days (Asia/Shanghai for the sample city).</summary>
    public CityCalendar Calendar { get; init; } = CityCalendar.Shanghai;
    public DeadlinePolicy Deadlines { get; init; } = new();
    public StatisticsOptions Statistics { get; init; } = new();
    public PlanningOptions Planning { get; init; } = new();
    public WarningPolicy Warnings { get; init; } = new();
    public CommitmentPolicy Commitments { get; init; } = new();
}
