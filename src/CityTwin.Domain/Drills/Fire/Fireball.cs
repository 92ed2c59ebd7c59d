using CityTwin.Domain.Drills.Impact;

namespace CityTwin.Domain.Drills.Fire;

/// <summary>BLEVE fireball correlations (CCPS, DOMAIN.md §7.3, RC10). M = fuel mass (kg).</summary>
public static class Fireball
{
    /// <summary>D_max = 5.8·M^⅓ (m).</summary>
    public static double DiameterM(double massKg, FireSettings s) => s.FireballDiameterCoefficient * Math.Cbrt(massKg);

    /// <summary>t_d = 0.45·M^⅓ below 30 000 kg, 2.6·M^⅙ above (s).</summary>
    public static double DurationS(double massKg, FireSettings s) =>
        massKg < s.FireballLargeMassKg
            ? s.FireballDurationSmallCoefficient * Math.Cbrt(massKg)
            : s.FireballDurationLargeCoefficient * Math.Pow(massKg, 1.0 / 6);

    /// <summary>H_centre = 0.75·D_max (m).</summary>
    public static double CentreHeightM(double massKg, FireSettings s) => s.FireballHeightFactor * DiameterM(massKg, s);

    /// <summary>Vertical target at ground distance X, fireball radius R, centre at height R: F = R²X/(X²+R²)^{3/2}.</summary>
    public static double ViewFactorVertical(double radiusM, double groundDistanceM) =>
        radiusM * radiusM * groundDistanceM / Math.Pow(groundDistanceM * groundDistanceM + radiusM * radiusM, 1.5);

    /// <summary>Target facing the centre at distance L from it: F = (R/L)².</summary>
    public static double ViewFactorFacing(double radiusM, double distanceFromCentreM) =>
        Math.Pow(radiusM / distanceFromCentreM, 2);

    /// <summary>q = τ·E·F (kW/m²).</summary>
    public static double FluxKwM2(double emissivePowerKwM2, double viewFactor, double transmissivity = 1) =>
        transmissivity * emissivePowerKwM2 * viewFactor;

    /// <summary>Liquid inventory: volume (m³) × fill fraction × density (kg/m³).</summary>
    public static double MassFromTank(double volumeM3, double fillFraction, double liquidDensityKgM3) =>
        volumeM3 * fillFraction * liquidDensityKgM3;
}

/// <summary>Fireball flux on a vertical ground-level target as a radial load.</summary>
public sealed record FireballLoad(double RadiusM, double EmissivePowerKwM2, double Transmissivity) : IRadialLoad
{
    public LoadKind Kind => LoadKind.Heat;

    public double At(double distanceM) =>
        Fireball.FluxKwM2(EmissivePowerKwM2, Fireball.ViewFactorVertical(RadiusM, distanceM), Transmissivity);
}
