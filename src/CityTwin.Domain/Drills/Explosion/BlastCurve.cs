using CityTwin.Domain.Drills.Geo;
using CityTwin.Domain.Drills.Impact;

namespace CityTwin.Domain.Drills.Explosion;

public enum BlastFit
{
    /// <summary>Kingery–Bulmash surface burst, Swisdak (1994) fit — primary.</summary>
    Swisdak,
    /// <summary>Mills (1987) free-air fit — alternative, ~14 % shorter distances at 1 psi.</summary>
    Mills,
}

/// <summary>Side-on overpressure (kPa) against scaled distance Z (m/kg^⅓), and its inverse (RC11, RC12).</summary>
public static class BlastCurve
{
    /// <summary>Swisdak: exp(A + B L + C L² + D L³ + E L⁴), L = ln Z; outside 0.2–198.5 the nearest segment is extrapolated.</summary>
    public static double SwisdakKPa(double z, ExplosionSettings s)
    {
        var segments = s.Swisdak;
        var seg = segments.FirstOrDefault(g => z <= g.ZMax) ?? segments[^1];
        var l = Math.Log(z);
        return Math.Exp(seg.A + l * (seg.B + l * (seg.C + l * (seg.D + l * seg.E))));
    }

    /// <summary>Mills: a/Z³ + b/Z² + c/Z.</summary>
    public static double MillsKPa(double z, ExplosionSettings s) =>
        s.Mills[0] / (z * z * z) + s.Mills[1] / (z * z) + s.Mills[2] / z;

    public static double OverpressureKPa(double z, BlastFit fit, ExplosionSettings s) =>
        fit == BlastFit.Mills ? MillsKPa(z, s) : SwisdakKPa(z, s);

    public static bool InFit(double z, BlastFit fit, ExplosionSettings s) =>
        fit == BlastFit.Mills || (z >= s.Swisdak[0].ZMin && z <= s.Swisdak[^1].ZMax);

    /// <summary>Z at which the curve falls to <paramref name="kPa"/>: bisection on ln Z (both fits are monotone).</summary>
    public static double ScaledDistanceAt(double kPa, BlastFit fit, ExplosionSettings s, double relativeTolerance = 1e-6) =>
        LnBisection.SolveDecreasing(z => OverpressureKPa(z, fit, s), kPa, 0.01, 10_000, relativeTolerance);
}

/// <summary>Overpressure of a TNT-equivalent charge as a radial load.</summary>
public sealed record BlastLoad(double TntKg, BlastFit Fit, ExplosionSettings Settings) : IRadialLoad
{
    public LoadKind Kind => LoadKind.Overpressure;

    public double At(double distanceM) =>
        BlastCurve.OverpressureKPa(TntEquivalence.ScaledDistance(Math.Max(distanceM, 1e-3), TntKg), Fit, Settings);
}
