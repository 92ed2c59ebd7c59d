namespace CityTwin.Domain.Drills.Weather;

/// <summary>
/// The drill's weather: wind at 10 m (m/s) and the direction it blows FROM (° clockwise from north, meteorological),
/// stability class, terrain, and optionally ambient temperature (°C) and pressure (kPa). Without an ambient
/// temperature, ppm ↔ mg/m³ uses 25 °C (the AEGL/ERPG convention, §7.1).
/// </summary>
public sealed record WeatherConditions(
    double Wind10Ms,
    double WindFromDeg,
    StabilityClass Stability,
    Terrain Terrain = Terrain.Rural,
    double? AmbientTemperatureC = null,
    double? PressureKPa = null)
{
    /// <summary>Weather with the class derived from the Pasquill table (and LOW_WIND when the wind was clamped).</summary>
    public static (WeatherConditions Weather, StabilityResult Stability) FromSky(
        double wind10Ms, double windFromDeg, SkyCondition sky, WeatherSettings settings, Terrain terrain = Terrain.Rural,
        double? ambientTemperatureC = null, double? pressureKPa = null)
    {
        var result = PasquillStability.Classify(wind10Ms, sky, settings);
        return (new WeatherConditions(wind10Ms, windFromDeg, result.Class, terrain, ambientTemperatureC, pressureKPa), result);
    }
}
