namespace CityTwin.Domain.Inspections;

/// <summary>
/// Which signatures close a record (DOMAIN.md §4.4 [DESIGN]): a major hidden danger all four levels; a general one
/// levels 1–3, unless the department found it (<see cref="FindingSources.IsDepartmentFinding"/>), when the head
/// of the department signs too. Levels are signed in order, each by a different person.
/// </summary>
public static class SignOffPolicy
{
    private static readonly IReadOnlyList<SignOffLevel> AllFour =
        [SignOffLevel.Inspector, SignOffLevel.SafetyManager, SignOffLevel.Principal, SignOffLevel.DepartmentHead];

    private static readonly IReadOnlyList<SignOffLevel> EnterpriseThree =
        [SignOffLevel.Inspector, SignOffLevel.SafetyManager, SignOffLevel.Principal];

    public static IReadOnlyList<SignOffLevel> Required(HiddenDangerLevel level, FindingSource source) =>
        level == HiddenDangerLevel.Major || source.IsDepartmentFinding() ? AllFour : EnterpriseThree;

    /// <summary>The role that signs each level.</summary>
    public static string RoleFor(SignOffLevel level) => level switch
    {
        SignOffLevel.Inspector => Roles.Inspector,
        SignOffLevel.SafetyManager => Roles.EnterpriseSafetyManager,
        SignOffLevel.Principal => Roles.EnterprisePrincipal,
        SignOffLevel.DepartmentHead => Roles.DepartmentHead,
        _ => throw new ArgumentOutOfRangeException(nameof(level)),
    };
}
