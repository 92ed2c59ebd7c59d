namespace CityTwin.Domain.Inspections;

/// <summary>
/// Which roles may take each step of the hidden-danger lifecycle (docs/inspections.md, "Roles per step"). The
/// enterprise rectifies; inspectors find and verify; departments grade, reject and reopen; each sign-off level has
/// its own role (<see cref="SignOffPolicy.RoleFor"/>).
/// </summary>
public static class StepRoles
{
    private static readonly string[] EnterpriseSide = [.. Roles.EnterpriseSide];

    /// <summary>Self-inspection: the enterprise's people or an inspector; department findings: inspectors and departments; public reports: whoever received them.</summary>
    public static IReadOnlyList<string> Report(FindingSource source) => source switch
    {
        FindingSource.SelfInspection => [.. EnterpriseSide, Roles.Inspector],
        FindingSource.DepartmentInspection or FindingSource.Unannounced => [Roles.Inspector, Roles.Department, Roles.DepartmentHead],
        FindingSource.PublicReport => [Roles.Department, Roles.DepartmentHead, Roles.ScopeSupervisor, Roles.CityAdmin],
        _ => [],
    };

    /// <summary>Grading and assigning is a manager's decision, on either side.</summary>
    public static IReadOnlyList<string> Grade { get; } =
        [Roles.EnterpriseSafetyManager, Roles.EnterprisePrincipal, Roles.Department, Roles.DepartmentHead, Roles.ScopeSupervisor];

    public static IReadOnlyList<string> Start { get; } = EnterpriseSide;

    public static IReadOnlyList<string> Submit { get; } = EnterpriseSide;

    /// <summary>立即整改: the enterprise fixes it while the inspector who found it watches.</summary>
    public static IReadOnlyList<string> SubmitOnTheSpot { get; } = [.. EnterpriseSide, Roles.Inspector];

    public static IReadOnlyList<string> Verify { get; } = [Roles.Inspector];

    public static IReadOnlyList<string> Sign(SignOffLevel level) => [SignOffPolicy.RoleFor(level)];

    public static IReadOnlyList<string> Reject { get; } = [Roles.Department, Roles.DepartmentHead, Roles.ScopeSupervisor, Roles.CityAdmin];

    public static IReadOnlyList<string> Reopen { get; } = [Roles.Inspector, Roles.Department, Roles.DepartmentHead, Roles.ScopeSupervisor, Roles.CityAdmin];
}
