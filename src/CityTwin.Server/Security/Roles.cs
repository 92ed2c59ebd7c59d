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

    public static readonly IReadOnlyDictionary<string, Role> All = new[]
    {
        new Role(CityAdmin, Set(Enum.GetValues<Permission>()), ScopeRule.Optional, "everything"),
        new Role(ScopeSupervisor, Set(Permission.ReadUnits, Permission.WriteRegistry, Permission.AcknowledgeAlarms), ScopeRule.Path, "reads and edits units within a banner, town or park; acknowledges their alarms"),
        new Role(Department, Set(Permission.ReadUnits), ScopeRule.Slice, "reads the enterprises of a sector or supervising department and their hazard sources"),
        new Role(Enterprise, Set(Permission.ReadUnits, Permission.AcknowledgeAlarms), ScopeRule.Path, "reads itself and its hazard sources; acknowledges their alarms"),
        new Role(FeedWriter, Set(Permission.WriteReadings), ScopeRule.Path, "writes readings of the sensors within its scope; reads nothing"),
        new Role(DrillPlanner, Set(Permission.ReadUnits, Permission.RunDrills), ScopeRule.Optional, "reads units and runs drills; never writes the live registry"),
        new Role(Platform, Set(Permission.ReadUnits), ScopeRule.Optional, "the monitoring platform: reads everything, writes nothing"),
    }.ToDictionary(r => r.Name, StringComparer.Ordinal);

    private static HashSet<Permission> Set(params IEnumerable<Permission> permissions) => [.. permissions];
}
