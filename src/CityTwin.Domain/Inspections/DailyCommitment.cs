using CityTwin.Domain.Risk;

namespace CityTwin.Domain.Inspections;

/// <summary>A unit's operating state in the daily commitment (安全风险研判与承诺公告, DOMAIN.md §3.1 item 5).</summary>
public enum UnitOperatingState
{
    /// <summary>运行</summary>
    Running,
    /// <summary>停车</summary>
    Shutdown,
    /// <summary>开停车</summary>
    StartUpShutdown,
    /// <summary>试生产 / 试运行</summary>
    TrialRun,
    /// <summary>检修 / 大检修</summary>
    Overhaul,
}

/// <summary>A unit (hazard source or production unit, by registry code) and its state for the day.</summary>
public sealed record UnitOperation(string UnitCode, UnitOperatingState State);

/// <summary>Special operations planned for the day: kind (GB 30871 grades), where, how many, the permit if any.</summary>
public sealed record PlannedOperation(SpecialOperationKind Kind, string? HazardSourceCode, int Count = 1, string? PermitId = null);

/// <summary>
/// One enterprise's commitment for one local day: units' operating states, special operations planned, and whether
/// its major hazard sources are under control; who committed and when.
/// </summary>
public sealed record DailyCommitment(
    string EnterpriseCode,
    DateOnly Day,
    string CommittedBy,
    string CommittedByRole,
    DateTimeOffset CommittedAt,
    IReadOnlyList<UnitOperation> Units,
    IReadOnlyList<PlannedOperation> Operations,
    bool MajorHazardsUnderControl,
    string? Note = null)
{
    /// <summary>How reasons and warnings name it: <c>enterprise/yyyy-MM-dd</c>.</summary>
    public string Id => IdOf(EnterpriseCode, Day);

    public static string IdOf(string enterpriseCode, DateOnly day) => $"{enterpriseCode}/{day:yyyy-MM-dd}";
}

/// <summary>When a commitment is due [DESIGN].</summary>
public sealed record CommitmentPolicy
{
    /// <summary>
    /// Local time by which today's commitment must be in: 09:00, the start of a day shift, so the supervisor sees
    /// the day's hot work and start-ups before they begin. Configurable.
    /// </summary>
    public TimeOnly DueBy { get; init; } = new(9, 0);

    /// <summary>How far ahead a commitment may be made (today, or tomorrow after the evening shift review).</summary>
    public int MaxDaysAhead { get; init; } = 1;

    /// <summary>Who may commit: the principal, or the safety manager standing in.</summary>
    public IReadOnlyList<string> AllowedRoles { get; init; } = [Roles.EnterprisePrincipal, Roles.EnterpriseSafetyManager];
}
