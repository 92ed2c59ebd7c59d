namespace CityTwin.Domain.Units;

/// <summary>The kinds of unit a city is made of.</summary>
public enum UnitKind
{
    City,
    District,
    Town,
    Park,
    Enterprise,
    HazardSource,
    RescueTeam,
}

public static class UnitKinds
{
    private static readonly Dictionary<string, UnitKind> ByName = new(StringComparer.OrdinalIgnoreCase)
    {
        ["city"] = UnitKind.City,
        ["district"] = UnitKind.District,
        ["town"] = UnitKind.Town,
        ["park"] = UnitKind.Park,
        ["enterprise"] = UnitKind.Enterprise,
        ["hazard-source"] = UnitKind.HazardSource,
        ["rescue-team"] = UnitKind.RescueTeam,
    };

    /// <summary>The bundle and CLI spelling of a kind: <c>hazard-source</c>, <c>rescue-team</c>, ...</summary>
    public static string Name(this UnitKind kind) => kind switch
    {
        UnitKind.HazardSource => "hazard-source",
        UnitKind.RescueTeam => "rescue-team",
        _ => kind.ToString().ToLowerInvariant(),
    };

    public static bool TryParse(string? name, out UnitKind kind) => ByName.TryGetValue(name ?? "", out kind);

    public static IReadOnlyCollection<string> Names => ByName.Keys;

    /// <summary>
    /// Which kinds may be this kind's parent: a park under a district or the city, an enterprise under a
    /// park or a town, a hazard source under an enterprise, a rescue team under the city or a district.
    /// </summary>
    public static IReadOnlyList<UnitKind> AllowedParents(this UnitKind kind) => kind switch
    {
        UnitKind.City => [],
        UnitKind.District => [UnitKind.City],
        UnitKind.Town => [UnitKind.District],
        UnitKind.Park => [UnitKind.District, UnitKind.City],
        UnitKind.Enterprise => [UnitKind.Park, UnitKind.Town],
        UnitKind.HazardSource => [UnitKind.Enterprise],
        UnitKind.RescueTeam => [UnitKind.City, UnitKind.District],
        _ => [],
    };

    /// <summary>Regions roll their children's risk up; enterprises and hazard sources are the leaves.</summary>
    public static bool IsRegion(this UnitKind kind) =>
        kind is UnitKind.City or UnitKind.District or UnitKind.Town or UnitKind.Park;
}
