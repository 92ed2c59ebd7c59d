using CityTwin.Domain.Units;

namespace CityTwin.Domain.Risk;

/// <summary>The kinds of parent a roll-up serves (DOMAIN.md §6); each has its own cluster parameters.</summary>
public enum RollupScope
{
    Park,
    Town,
    District,
    City,
    /// <summary>A node of the sector / department tree (三管三必须, §6 item 5).</summary>
    Sector,
}

public static class RollupScopes
{
    /// <summary>The roll-up scope of a region unit; null for leaves (enterprises, hazard sources) and rescue teams.</summary>
    public static RollupScope? Of(UnitKind kind) => kind switch
    {
        UnitKind.Park => RollupScope.Park,
        UnitKind.Town => RollupScope.Town,
        UnitKind.District => RollupScope.District,
        UnitKind.City => RollupScope.City,
        _ => null,
    };
}
