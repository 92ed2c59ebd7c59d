namespace CityTwin.Domain.Inspections;

/// <summary>
/// The authenticated person (or the system) making a command: the token's subject and its role. Scope (which
/// enterprise, banner or department slice the person may touch) is enforced by the server before a command reaches
/// the domain; the domain checks only that the role fits the step.
/// </summary>
public sealed record Actor(string Subject, string Role)
{
    /// <summary>The platform itself: raises warnings, escalates, fires deadlines.</summary>
    public static Actor System { get; } = new("system", Roles.System);

    public override string ToString() => $"{Subject} ({Role})";
}

/// <summary>
/// Role names. The first five are the security model's (docs/security.md); the rest refine them where a step of the
/// closed loops needs a named position rather than a kind of caller. Matching is exact: wherever a base role may act,
/// the step tables (<see cref="StepRoles"/>) list its refined roles too, so an enterprise principal can do what
/// enterprise staff can.
/// </summary>
public static class Roles
{
    public const string CityAdmin = "city-admin";
    public const string ScopeSupervisor = "scope-supervisor";
    public const string Department = "department";
    public const string Enterprise = "enterprise";
    public const string Inspector = "inspector";

    /// <summary>[added] Head of the supervising department (监管部门负责人): sign-off level 4.</summary>
    public const string DepartmentHead = "department-head";
    /// <summary>[added] The enterprise's safety manager (整改责任人 / 安全管理负责人): sign-off level 2.</summary>
    public const string EnterpriseSafetyManager = "enterprise-safety-manager";
    /// <summary>[added] The enterprise's principal (主要负责人): sign-off level 3, the daily commitment.</summary>
    public const string EnterprisePrincipal = "enterprise-principal";
    /// <summary>[added] The platform's own actions (raising and escalating warnings, deadlines).</summary>
    public const string System = "system";

    public static readonly IReadOnlyList<string> All =
        [CityAdmin, ScopeSupervisor, Department, DepartmentHead, Enterprise, EnterpriseSafetyManager, EnterprisePrincipal, Inspector, System];

    /// <summary>Every enterprise-side role.</summary>
    public static readonly IReadOnlyList<string> EnterpriseSide = [Enterprise, EnterpriseSafetyManager, EnterprisePrincipal];

    /// <summary>Every supervising-department role.</summary>
    public static readonly IReadOnlyList<string> DepartmentSide = [Department, DepartmentHead];

    /// <summary>True when <paramref name="role"/> is one of <paramref name="allowed"/> (exact, ordinal match).</summary>
    public static bool Satisfies(string role, IReadOnlyCollection<string> allowed) => allowed.Contains(role, StringComparer.Ordinal);
}
