namespace CityTwin.Server.Security;

/// <summary>What kind of scope a role's identities must carry.</summary>
public enum ScopeRule
{
    /// <summary>City-wide by default; a path scope, if given, narrows it.</summary>
    Optional,
    /// <summary>A path prefix (a banner, town, park, enterprise or hazard source) is required.</summary>
    Path,
    /// <summary>A sector or supervising-department slice (optionally within a district) is required.</summary>
    Slice,
}

/// <summary>A role: the permissions it grants and the scope its identities must carry.</summary>
public sealed record Role(string Name, IReadOnlySet<Permission> Permissions, ScopeRule Scope, string Description);

/// <summary>The roles of citytwin.v1 (docs/security.md has the same table).</summary>
public static class Roles
{
    public const string CityAdmin = "city-admin";
    public const string ScopeSupervisor = "scope-supervisor";
    public const string Department = "department";
    public const string Enterprise = "enterprise";
    public const string FeedWriter = "feed-writer";
    public const string DrillPlanner = "drill-planner";
    public const string Platform = "platform";
    // The closed loops' named positions (docs/inspections.md, 四级签字): the same names as CityTwin.Domain.Inspections.Roles.
    public const string Inspector = "inspector";
    public const string DepartmentHead = "department-head";
    public const string EnterpriseSafetyManager = "enterprise-safety-manager";
    public const string EnterprisePrincipal = "enterprise-principal";
    public const string Auditor = "auditor";

    // Declared before All: static fields initialise in textual order.
    private static readonly Permission[] Dangers = [Permission.ReadDangers, Permission.WriteDangers];
    /// <summary>Every closed-loop participant reads and works warnings and reads commitments; only enterprise heads commit.</summary>
    private static readonly Permission[] Loops = [.. Dangers, Permission.ReadWarnings, Permission.WriteWarnings, Permission.ReadCommitments];

    public static readonly IReadOnlyDictionary<string, Role> All = new[]
    {
        new Role(CityAdmin, Set(Enum.GetValues<Permission>()), ScopeRule.Optional, "everything"),
        new Role(ScopeSupervisor, Set([Permission.ReadUnits, Permission.WriteRegistry, Permission.AcknowledgeAlarms, .. Loops, Permission.PlanInspections]), ScopeRule.Path, "reads and edits units within a banner, town or park; acknowledges their alarms; plans inspections"),
        new Role(Department, Set([Permission.ReadUnits, .. Loops, Permission.PlanInspections]), ScopeRule.Slice, "reads the enterprises of a sector or supervising department and their hazard sources; plans their inspections"),
        new Role(Enterprise, Set([Permission.ReadUnits, Permission.AcknowledgeAlarms, .. Loops]), ScopeRule.Path, "reads itself and its hazard sources; acknowledges their alarms"),
        new Role(FeedWriter, Set(Permission.WriteReadings), ScopeRule.Path, "writes readings of the sensors within its scope; reads nothing"),
        new Role(DrillPlanner, Set(Permission.ReadUnits, Permission.RunDrills), ScopeRule.Optional, "reads units and runs drills; never writes the live registry"),
        new Role(Platform, Set(Permission.ReadUnits, Permission.ReadDangers, Permission.ReadWarnings, Permission.ReadCommitments), ScopeRule.Optional, "the monitoring platform: reads everything, writes nothing"),
        new Role(Inspector, Set([Permission.ReadUnits, .. Loops]), ScopeRule.Slice, "a supervising department's inspector: finds and verifies hidden dangers, signs level 1"),
        new Role(DepartmentHead, Set([Permission.ReadUnits, .. Loops, Permission.PlanInspections]), ScopeRule.Slice, "head of a supervising department: grades, rejects, reopens, signs level 4, plans inspections"),
        new Role(EnterpriseSafetyManager, Set([Permission.ReadUnits, .. Loops, Permission.WriteCommitments]), ScopeRule.Path, "an enterprise's safety manager: rectifies, signs level 2, answers warnings, submits the daily commitment"),
        new Role(EnterprisePrincipal, Set([Permission.ReadUnits, .. Loops, Permission.WriteCommitments]), ScopeRule.Path, "an enterprise's principal: rectifies, signs level 3, answers warnings, submits the daily commitment"),
        new Role(Auditor, Set(Permission.ReadUnits, Permission.ReadAudit), ScopeRule.Optional, "reads units and the audit trail (and verifies its chain when city-wide); writes nothing"),
    }.ToDictionary(r => r.Name, StringComparer.Ordinal);

    private static HashSet<Permission> Set(params IEnumerable<Permission> permissions) => [.. permissions];
}
