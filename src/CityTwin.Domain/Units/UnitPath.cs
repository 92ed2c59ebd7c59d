namespace CityTwin.Domain.Units;

/// <summary>Materialised paths: the codes from the city down to a unit, joined by '/'.</summary>
public static class UnitPath
{
    public const char Separator = '/';

    public static string Child(string? parentPath, string code) =>
        string.IsNullOrEmpty(parentPath) ? code : parentPath + Separator + code;

    /// <summary>True when <paramref name="path"/> is <paramref name="prefix"/> itself or lies below it.</summary>
    public static bool IsWithin(string path, string prefix) =>
        path.Length == prefix.Length
            ? string.Equals(path, prefix, StringComparison.Ordinal)
            : path.Length > prefix.Length && path[prefix.Length] == Separator && path.StartsWith(prefix, StringComparison.Ordinal);

    public static string[] Codes(string path) => path.Split(Separator);
}
