using CityTwin.Domain.Drills.Geo;
using CityTwin.Domain.Drills.Weather;

namespace CityTwin.Domain.Drills.Dispersion;

public enum DispersionModel { Plume, Puff }

/// <summary>
/// Ground-level concentration along the downwind axis for the chosen model: the plume's C(x,0,0) with Q kg/s, or
/// the puff's peak as its centre passes x with M kg — the "at some time" footprint of NOAA's "Ask Dr. ALOHA".
/// </summary>
public sealed class DispersionField(
    DispersionModel model, double sourceStrength, double windMs, StabilityClass stability, Terrain terrain,
    double releaseHeightM, DispersionSettings settings)
{
    public DispersionModel Model { get; } = model;
    /// <summary>Q in kg/s (plume) or M in kg (puff).</summary>
    public double SourceStrength { get; } = sourceStrength;
    public double WindMs { get; } = windMs;
    public StabilityClass Stability { get; } = stability;
    public Terrain Terrain { get; } = terrain;
    public double ReleaseHeightM { get; } = releaseHeightM;

    public double SigmaY(double x) => Model == DispersionModel.Plume
        ? DispersionSigma.Briggs(x, Stability, Terrain, settings).SigmaY
        : DispersionSigma.Puff(x, Stability, settings).SigmaXY;

    /// <summary>Ground-level centreline concentration (plume) or passing peak (puff) at x, kg/m³.</summary>
    public double GroundCentreline(double x)
    {
        if (Model == DispersionModel.Plume)
        {
            var (sy, sz) = DispersionSigma.Briggs(x, Stability, Terrain, settings);
            return GaussianPlume.GroundCentreline(SourceStrength, WindMs, sy, sz, ReleaseHeightM);
        }
        var (sxy, szp) = DispersionSigma.Puff(x, Stability, settings);
        return GaussianPuff.GroundPeak(SourceStrength, sxy, szp, ReleaseHeightM);
    }

    /// <summary>Crosswind half-width (m) of the area above <paramref name="levelKgM3"/> at x.</summary>
    public double HalfWidth(double x, double levelKgM3) =>
        x <= 0 ? 0 : GaussianPlume.HalfWidth(SigmaY(x), GroundCentreline(x), levelKgM3);

    /// <summary>
    /// Far edge (m) of the ground area above the level, 0 when never reached, the search maximum when reached beyond
    /// it. Ground release: C decreases with x, so bisection on ln x. Elevated: bracket the last crossing on a log grid
    /// first (C rises, then falls).
    /// </summary>
    public double DistanceTo(double levelKgM3)
    {
        double lo = settings.SearchMinM, hi = settings.SearchMaxM;
        if (ReleaseHeightM > 0)
        {
            const int steps = 400;
            var ratio = Math.Pow(hi / lo, 1.0 / steps);
            double? last = null;
            for (var (i, x) = (0, lo); i <= steps; i++, x *= ratio)
                if (GroundCentreline(x) > levelKgM3) last = x;
            if (last is null) return 0;
            if (last.Value * ratio > hi) return hi;
            (lo, hi) = (last.Value, last.Value * ratio);
        }
        else if (GroundCentreline(lo) <= levelKgM3)
        {
            return 0;
        }
        return LnBisection.SolveDecreasing(GroundCentreline, levelKgM3, lo, hi, settings.RelativeTolerance);
    }
}
