using CityTwin.Abstractions.Registry;
using CityTwin.Domain.Units;

namespace CityTwin.Server.Security;

/// <summary>
/// The units a caller may read, as path prefixes (null: every unit). Finds pass them to the index shards as
/// <see cref="UnitQuery.Scopes"/>, so filtering happens where the data is; single reads test a unit's path. The
/// watch streams filter their events with the same <see cref="Contains"/>.
/// </summary>
public sealed record VisibleUnits(IReadOnlyList<string>? Paths)
{
    /// <summary>A prefix no path lies within: an empty slice must see nothing, not everything.</summary>
    private const string Nothing = "\0";

    public static VisibleUnits Everything { get; } = new((IReadOnlyList<string>?)null);

    public bool Contains(string path) => Paths is null || Paths.Any(p => UnitPath.IsWithin(path, p));

    /// <summary>
    /// The path prefixes of what is visible within <paramref name="prefix"/> (null or empty: everything visible);
    /// null means every path. A prefix above the caller's scope narrows to the scope, one beside it to nothing.
    /// </summary>
    public IReadOnlyList<string>? Within(string? prefix)
    {
        if (string.IsNullOrEmpty(prefix)) return Paths;
        if (Paths is null || Contains(prefix)) return [prefix];
        var below = Paths.Where(p => UnitPath.IsWithin(p, prefix)).ToList();
        return below.Count > 0 ? below : [Nothing];
    }

    /// <summary>The query restricted to what is visible.</summary>
    public UnitQuery Narrow(UnitQuery query) => Paths switch
    {
        null => query,
        { Count: 0 } => query with { Scopes = [Nothing] },
        _ => query with { Scopes = Paths },
    };
}
