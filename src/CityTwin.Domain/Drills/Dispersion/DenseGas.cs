namespace CityTwin.Domain.Drills.Dispersion;

/// <summary>
/// Britter–McQuaid criterion as given by CCPS [LIT, recalled] (DOMAIN.md §7.2). When met the Gaussian result stands
/// but is flagged DENSE_GAS (ALOHA would switch to its heavy-gas model).
/// </summary>
public static class DenseGas
{
    /// <summary>g0' = g(ρ0 − ρa)/ρa.</summary>
    public static double ReducedGravity(double gasDensity, double airDensity, double gravity) =>
        gravity * (gasDensity - airDensity) / airDensity;

    /// <summary>Continuous: (g0'·q/D)^⅓/u, q volume rate m³/s, D = √(q/u).</summary>
    public static double ContinuousCriterion(double reducedGravity, double volumeRateM3S, double u)
    {
        if (reducedGravity <= 0) return 0;
        var d = Math.Sqrt(volumeRateM3S / u);
        return Math.Cbrt(reducedGravity * volumeRateM3S / d) / u;
    }

    /// <summary>Instantaneous: √(g0'·V0)/(u·V0^⅓), V0 m³.</summary>
    public static double InstantaneousCriterion(double reducedGravity, double volumeM3, double u) =>
        reducedGravity <= 0 ? 0 : Math.Sqrt(reducedGravity * volumeM3) / (u * Math.Cbrt(volumeM3));
}
