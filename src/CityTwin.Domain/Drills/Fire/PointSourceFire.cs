using CityTwin.Domain.Drills.Geo;

namespace CityTwin.Domain.Drills.Fire;

/// <summary>
/// Point-source radiation for pool and jet fires (DOMAIN.md §7.3, RC14): q(r) = τ·η·Q_c/(4π r²) kW/m².
/// Valid only beyond ≈ 2–3 pool diameters (a solid-flame model would be needed nearer).
/// </summary>
public static class PointSourceFire
{
    /// <summary>Pool: Q_c = m''·A·ΔHc (kW), A = π D²/4.</summary>
    public static double PoolHeatReleaseKw(double burningRateKgM2S, double diameterM, double heatOfCombustionKjKg) =>
        burningRateKgM2S * Math.PI * diameterM * diameterM / 4 * heatOfCombustionKjKg;

    /// <summary>Jet: Q_c = ṁ·ΔHc (kW).</summary>
    public static double JetHeatReleaseKw(double massRateKgS, double heatOfCombustionKjKg) => massRateKgS * heatOfCombustionKjKg;

    public static double FluxKwM2(double heatReleaseKw, double radiativeFraction, double transmissivity, double distanceM) =>
        transmissivity * radiativeFraction * heatReleaseKw / (4 * Math.PI * distanceM * distanceM);

    /// <summary>r = √(τ η Q_c / (4π q)).</summary>
    public static double RadiusAtM(double heatReleaseKw, double radiativeFraction, double transmissivity, double fluxKwM2) =>
        Math.Sqrt(transmissivity * radiativeFraction * heatReleaseKw / (4 * Math.PI * fluxKwM2));
}
