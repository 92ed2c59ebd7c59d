namespace CityTwin.Abstractions.Live;

/// <summary>
/// A node of the sector / supervising-department tree (三管三必须, DOMAIN.md §6 item 5), keyed
/// <c>world/sector.hazchem</c> (the city-wide node) or <c>world/sector.hazchem.150602</c> (the slice under the
/// city's child 150602, a district or a city-level park); departments likewise with <c>dept.</c>. '.' separates
/// because sector codes contain '-'. Slices roll up their district's enterprises of that sector, the root
/// its slices.
/// </summary>
[Alias("citytwin.IDimensionGrain")]
public interface IDimensionGrain : IRollupParent;

public static class DimensionCodes
{
    public const string SectorPrefix = "sector";
    public const string DepartmentPrefix = "dept";

    public static string Sector(string sector, string? slice = null) => Key(SectorPrefix, sector, slice);

    public static string Department(string department, string? slice = null) => Key(DepartmentPrefix, department, slice);

    private static string Key(string prefix, string value, string? slice) => slice is null ? $"{prefix}.{value}" : $"{prefix}.{value}.{slice}";

    /// <summary>Splits a dimension code into its tree (sector or dept), value, and slice (null for the root).</summary>
    public static (string Tree, string Value, string? Slice)? Parse(string code)
    {
        var parts = code.Split('.');
        if (parts.Length is < 2 or > 3 || parts[0] is not (SectorPrefix or DepartmentPrefix)) return null;
        return (parts[0], parts[1], parts.Length == 3 ? parts[2] : null);
    }

    public static bool IsDimension(string code) => Parse(code) is not null;
}
