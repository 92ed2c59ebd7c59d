using CityTwin.Abstractions.Live;

namespace CityTwin.Server.Security;

/// <summary>
/// Which sector/department roll-up nodes (<c>sector.hazchem</c>, <c>dept.emergency.150622</c>) a scope sees: the
/// whole city sees all; a slice sees its own node (a district's slice only its district's node); a path scope
/// sees none, since those nodes summarise units outside any one banner, town or park.
/// </summary>
public static class DimensionScopes
{
    public static bool Sees(CallerScope scope, string code)
    {
        if (scope is CityScope) return true;
        if (scope is not SliceScope slice || DimensionCodes.Parse(code) is not { } node) return false;
        var tree = slice.Dimension == SliceScope.Sector ? DimensionCodes.SectorPrefix : DimensionCodes.DepartmentPrefix;
        if (node.Tree != tree || node.Value != slice.Value) return false;
        return slice.Within is null || (node.Slice is { } district && slice.Within.EndsWith("/" + district, StringComparison.Ordinal));
    }
}
