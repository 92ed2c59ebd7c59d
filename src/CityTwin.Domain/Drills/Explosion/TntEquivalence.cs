namespace CityTwin.Domain.Drills.Explosion;

/// <summary>TNT equivalence and Hopkinson–Cranz scaling (DOMAIN.md §7.4).</summary>
public static class TntEquivalence
{
    /// <summary>W_TNT = η·M·ΔHc/E_TNT (kg TNT).</summary>
    public static double MassKg(double yield, double fuelKg, double heatOfCombustionKjKg, double tntEnergyKjKg) =>
        yield * fuelKg * heatOfCombustionKjKg / tntEnergyKjKg;

    /// <summary>Z = R/W^⅓ (m/kg^⅓).</summary>
    public static double ScaledDistance(double distanceM, double tntKg) => distanceM / Math.Cbrt(tntKg);

    public static double Distance(double scaledDistance, double tntKg) => scaledDistance * Math.Cbrt(tntKg);

    /// <summary>EPA RMP rule: 1 psi at X = 17·W^⅓ m.</summary>
    public static double RmpOnePsiDistanceM(double tntKg, ExplosionSettings s) => s.RmpOnePsiScaledDistance * Math.Cbrt(tntKg);
}
