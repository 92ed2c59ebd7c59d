using CityTwin.Domain.Units;

namespace CityTwin.Server.Security;

/// <summary>
/// Which units a caller's permissions reach. Written in a token or key as text:
/// <c>""</c> (the whole city), a path prefix (<c>150600/150622</c>: a banner and everything below it), or a slice
/// <c>sector:hazchem</c> / <c>department:emergency</c>, optionally within a path (<c>sector:coal@150600/150622</c>).
/// </summary>
public abstract record CallerScope
{
    public static CallerScope City { get; } = new CityScope();

    /// <summary>Parses the scope text of a token or key; null with a reason when it is malformed.</summary>
    public static CallerScope? Parse(string? text, out string? problem)
    {
        problem = null;
        if (string.IsNullOrEmpty(text)) return City;
        foreach (var dimension in SliceScope.Dimensions)
        {
            if (!text.StartsWith(dimension + ":", StringComparison.Ordinal)) continue;
            var rest = text[(dimension.Length + 1)..];
            var at = rest.IndexOf('@', StringComparison.Ordinal);
            var value = at < 0 ? rest : rest[..at];
            var within = at < 0 ? null : rest[(at + 1)..];
            var known = dimension == SliceScope.Sector ? Sectors.All : Departments.All;
            if (!known.Contains(value)) { problem = $"'{value}' is not a {dimension} ({string.Join(", ", known)})"; return null; }
            if (within is not null && PathProblem(within) is { } why) { problem = why; return null; }
            return new SliceScope(dimension, value, within);
        }
        if (PathProblem(text) is { } pathProblem) { problem = pathProblem; return null; }
        return new PathScope(text);
    }

    private static string? PathProblem(string path)
    {
        foreach (var code in UnitPath.Codes(path))
        {
            if (UnitCode.Problem(code) is { } why) return $"path '{path}': segment '{code}' {why}";
        }
        return null;
    }
}

/// <summary>The whole city.</summary>
public sealed record CityScope : CallerScope
{
    public override string ToString() => "the whole city";
}

/// <summary>A unit's path and everything below it.</summary>
public sealed record PathScope(string Path) : CallerScope
{
    public override string ToString() => Path;
}

/// <summary>The enterprises of a sector or supervising department (and their hazard sources), optionally within a path.</summary>
public sealed record SliceScope(string Dimension, string Value, string? Within) : CallerScope
{
    public const string Sector = "sector";
    public const string Department = "department";
    public static readonly IReadOnlyList<string> Dimensions = [Sector, Department];

    public override string ToString() => Within is null ? $"{Dimension}:{Value}" : $"{Dimension}:{Value}@{Within}";
}
