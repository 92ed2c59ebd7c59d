namespace CityTwin.Domain.Drills.Weather;

/// <summary>Irwin (1979) power-law profile u(z) = u10·(z/10)^p (DOMAIN.md §7.1).</summary>
public static class WindProfile
{
    public static double Exponent(StabilityClass stability, Terrain terrain, WeatherSettings settings) =>
        (terrain == Terrain.Urban ? settings.IrwinUrban : settings.IrwinRural)[stability];

    /// <summary>
    /// Wind at height z from the 10 m wind. [DESIGN] releases below the reference height use the 10 m wind
    /// (ground releases are computed with u10, as ALOHA and the §7.2 worked example do).
    /// </summary>
    public static double At(double wind10Ms, double heightM, StabilityClass stability, Terrain terrain, WeatherSettings settings) =>
        heightM <= settings.ReferenceHeightM
            ? wind10Ms
            : wind10Ms * Math.Pow(heightM / settings.ReferenceHeightM, Exponent(stability, terrain, settings));
}
