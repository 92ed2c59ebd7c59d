using CityTwin.Domain.Drills.Geo;
using CityTwin.Domain.Drills.Impact;

namespace CityTwin.Domain.Drills.Explosion;

/// <summary>The Chinese 安全评价 result: TNT mass, 死亡半径 R_0.5, 重伤 and 轻伤 radii, and the flags.</summary>
public sealed record ChineseVceResult(double TntKg, double DeathRadiusM, double SeriousInjuryRadiusM, double LightInjuryRadiusM,
    double EnergyScaleM, ValidityFlags Flags);

/// <summary>
/// The Chinese safety-assessment vapour-cloud explosion method (DOMAIN.md §7.4, RC13):
/// W_TNT = 1.8·α·W_f·Q_f/Q_TNT; R_0.5 = 13.6·(W_TNT/1000)^0.37; injury radii from
/// ΔP/P0 = 0.137 Z⁻³ + 0.119 Z⁻² + 0.269 Z⁻¹ − 0.019 with Z = R/(E/P0)^⅓, E = W_TNT·Q_TNT.
/// </summary>
public static class ChineseVce
{
    public static double TntKg(double fuelKg, double heatOfCombustionKjKg, ExplosionSettings s, double? yield = null) =>
        s.ChineseGroundFactor * (yield ?? s.ChineseYield) * fuelKg * heatOfCombustionKjKg / s.ChineseTntEnergyKjKg;

    public static double DeathRadiusM(double tntKg, ExplosionSettings s) =>
        s.ChineseDeathCoefficient * Math.Pow(tntKg / 1000, s.ChineseDeathExponent);

    /// <summary>(E/P0)^⅓ in m, E in J.</summary>
    public static double EnergyScaleM(double tntKg, ExplosionSettings s) =>
        Math.Cbrt(tntKg * s.ChineseTntEnergyKjKg * 1000 / s.AmbientPressurePa);

    /// <summary>ΔP/P0 at scaled distance Z.</summary>
    public static double RelativeOverpressure(double z, ExplosionSettings s)
    {
        var c = s.ChineseOverpressure;
        return c[0] / (z * z * z) + c[1] / (z * z) + c[2] / z + c[3];
    }

    /// <summary>The Z where ΔP reaches <paramref name="kPa"/> (1.089 at 44 kPa, 1.957 at 17 kPa).</summary>
    public static double ScaledDistanceAt(double kPa, ExplosionSettings s, double relativeTolerance = 1e-6) =>
        LnBisection.SolveDecreasing(z => RelativeOverpressure(z, s), kPa * 1000 / s.AmbientPressurePa, 0.01, 1_000, relativeTolerance);

    public static ChineseVceResult Assess(double fuelKg, double heatOfCombustionKjKg, ExplosionSettings s, double? yield = null)
    {
        var w = TntKg(fuelKg, heatOfCombustionKjKg, s, yield);
        var scale = EnergyScaleM(w, s);
        var zSerious = ScaledDistanceAt(s.ChineseSeriousInjuryKPa, s);
        var zLight = ScaledDistanceAt(s.ChineseLightInjuryKPa, s);
        var flags = new[] { zSerious, zLight }.Any(z => z < s.ChineseZMin || z > s.ChineseZMax) ? ValidityFlags.OutOfFit : ValidityFlags.None;
        return new ChineseVceResult(w, DeathRadiusM(w, s), zSerious * scale, zLight * scale, scale, flags);
    }
}

/// <summary>The Chinese formula's overpressure (kPa, floored at 0 where the fit turns negative) as a radial load.</summary>
public sealed record ChineseBlastLoad(double EnergyScaleM, ExplosionSettings Settings) : IRadialLoad
{
    public LoadKind Kind => LoadKind.Overpressure;

    public double At(double distanceM) =>
        Math.Max(0, ChineseVce.RelativeOverpressure(Math.Max(distanceM, 1e-3) / EnergyScaleM, Settings) * Settings.AmbientPressurePa / 1000);
}
