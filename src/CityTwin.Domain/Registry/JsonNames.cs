using CityTwin.Domain.Units;

namespace CityTwin.Domain.Registry;

/// <summary>The bundle's spellings of enum values (kebab-case), in both directions.</summary>
public static class JsonNames
{
    public static readonly IReadOnlyDictionary<string, TownType> TownTypes = new Dictionary<string, TownType>
    {
        ["town"] = TownType.Town, ["street"] = TownType.Street, ["sumu"] = TownType.Sumu,
    };

    public static readonly IReadOnlyDictionary<string, ParkType> ParkTypes = new Dictionary<string, ParkType>
    {
        ["industrial"] = ParkType.Industrial, ["chemical"] = ParkType.Chemical,
    };

    public static readonly IReadOnlyDictionary<string, GasClass> GasClasses = new Dictionary<string, GasClass>
    {
        ["low-gas"] = GasClass.LowGas, ["high-gas"] = GasClass.HighGas, ["outburst"] = GasClass.Outburst,
    };

    public static readonly IReadOnlyDictionary<string, TeamStatus> TeamStatuses = new Dictionary<string, TeamStatus>
    {
        ["available"] = TeamStatus.Available, ["assigned"] = TeamStatus.Assigned, ["unavailable"] = TeamStatus.Unavailable,
    };

    public static string Of<T>(IReadOnlyDictionary<string, T> names, T value) where T : struct, Enum =>
        names.First(p => EqualityComparer<T>.Default.Equals(p.Value, value)).Key;
}
