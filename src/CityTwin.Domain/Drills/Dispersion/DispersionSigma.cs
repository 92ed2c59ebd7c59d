using CityTwin.Domain.Drills.Weather;

namespace CityTwin.Domain.Drills.Dispersion;

/// <summary>Dispersion coefficients σ (m) at downwind distance x (m), DOMAIN.md §7.2.</summary>
public static class DispersionSigma
{
    /// <summary>Briggs (1973) plume σy, σz (~10-min averages; valid ≈ 100 m – 10 km).</summary>
    public static (double SigmaY, double SigmaZ) Briggs(double x, StabilityClass stability, Terrain terrain, DispersionSettings settings)
    {
        var entry = (terrain == Terrain.Urban ? settings.BriggsUrban : settings.BriggsRural)[stability];
        return (entry.SigmaY.At(x), entry.SigmaZ.At(x));
    }

    /// <summary>CCPS (1999) puff σx = σy and σz, x = distance travelled by the puff centre.</summary>
    public static (double SigmaXY, double SigmaZ) Puff(double x, StabilityClass stability, DispersionSettings settings)
    {
        var entry = settings.Puff[stability];
        return (entry.SigmaXY.At(x), entry.SigmaZ.At(x));
    }
}
