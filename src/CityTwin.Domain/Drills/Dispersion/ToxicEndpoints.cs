using CityTwin.Domain.Chemicals;
using CityTwin.Domain.Risk;

namespace CityTwin.Domain.Drills.Dispersion;

/// <summary>Which published levels of concern set the toxic zones.</summary>
public enum EndpointSet
{
    /// <summary>ALOHA default: AEGL-3/2/1, 60 min; ERPG when AEGLs are missing.</summary>
    Aegl60,
    /// <summary>[DESIGN] for short releases a drill may choose 10-min AEGLs; then 60-min AEGL, then ERPG.</summary>
    Aegl10,
    Erpg,
}

/// <summary>A toxic level of concern: the zone colour it draws, its name ("AEGL-3 60 min") and value in ppm.</summary>
public sealed record ToxicEndpoint(RiskLevel Level, string Name, double Ppm);

/// <summary>Red = level 3, orange = level 2, yellow = level 1 (ALOHA defaults, DOMAIN.md §7.2).</summary>
public static class ToxicEndpoints
{
    public static IReadOnlyList<ToxicEndpoint> For(Chemical chemical, EndpointSet set = EndpointSet.Aegl60)
    {
        var sources = set switch
        {
            EndpointSet.Aegl10 => new[] { ("AEGL-{0} 10 min", chemical.Aegl10Ppm), ("AEGL-{0} 60 min", chemical.Aegl60Ppm), ("ERPG-{0}", chemical.ErpgPpm) },
            EndpointSet.Erpg => [("ERPG-{0}", chemical.ErpgPpm)],
            _ => [("AEGL-{0} 60 min", chemical.Aegl60Ppm), ("ERPG-{0}", chemical.ErpgPpm)],
        };
        foreach (var (name, values) in sources)
        {
            if (values is not { Count: 3 }) continue;
            return
            [
                new(RiskLevel.Red, string.Format(System.Globalization.CultureInfo.InvariantCulture, name, 3), values[2]),
                new(RiskLevel.Orange, string.Format(System.Globalization.CultureInfo.InvariantCulture, name, 2), values[1]),
                new(RiskLevel.Yellow, string.Format(System.Globalization.CultureInfo.InvariantCulture, name, 1), values[0]),
            ];
        }
        throw new InvalidOperationException($"chemical '{chemical.Id}' has no AEGL or ERPG values: a toxic drill needs its levels of concern");
    }
}
