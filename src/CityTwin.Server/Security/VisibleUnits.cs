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

    /// <summary>The query restricted to what is visible.</summary>
    public UnitQuery Narrow(UnitQuery query) => Paths switch
    {
        null => query,
        { Count: 0 } => query with { Scopes = [Nothing] },
        _ => query with { Scopes = Paths },
    };
}
