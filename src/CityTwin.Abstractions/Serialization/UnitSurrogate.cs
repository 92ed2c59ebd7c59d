using CityTwin.Domain.Registry;
using CityTwin.Domain.Units;

namespace CityTwin.Abstractions.Serialization;

/// <summary>
/// Domain units cross grain boundaries as their canonical bundle JSON: the domain stays free of Orleans, and
/// stored state reads back across renames of the C# types because only the documented format is persisted.
/// </summary>
[GenerateSerializer, Alias("citytwin.UnitJson")]
public struct UnitSurrogate
{
    [Id(0)] public byte[] Json;
}

[RegisterConverter]
public sealed class UnitSurrogateConverter : IConverter<Unit, UnitSurrogate>
{
    public Unit ConvertFromSurrogate(in UnitSurrogate surrogate) => BundleReader.ReadUnit(surrogate.Json);

    public UnitSurrogate ConvertToSurrogate(in Unit value) => new() { Json = UnitJson.ToCanonical(value) };
}
