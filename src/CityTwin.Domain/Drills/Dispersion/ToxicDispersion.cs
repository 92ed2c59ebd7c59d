using CityTwin.Domain.Chemicals;
using CityTwin.Domain.Drills.Weather;

namespace CityTwin.Domain.Drills.Dispersion;

/// <summary>The extent of one toxic zone along the downwind axis, with its level in kg/m³ and mg/m³.</summary>
public sealed record ToxicZoneExtent(ToxicEndpoint Endpoint, double LevelKgM3, double LevelMgM3, double DistanceM, ValidityFlags Flags);

/// <summary>A toxic release assessed: the model used, the zone extents, the checks that decided the flags.</summary>
public sealed record ToxicAssessment(
    Chemical Chemical,
    DispersionField Field,
    double WindUsedMs,
    double DenseGasCriterion,
    double DenseGasThreshold,
    IReadOnlyList<ToxicZoneExtent> Zones,
    ValidityFlags Flags);

/// <summary>Gaussian plume/puff toxic zones per DOMAIN.md §7.2 (RC6–RC8).</summary>
public static class ToxicDispersion
{
    public static ToxicAssessment Assess(ToxicRelease release, WeatherConditions weather, Chemical chemical, DrillSettings settings)
    {
        var d = settings.Dispersion;
        if (chemical.MolarMass <= 0) throw new InvalidOperationException($"chemical '{chemical.Id}' has no molar mass");
        var flags = ValidityFlags.None;
        if (weather.Wind10Ms < settings.Weather.MinWindMs) flags |= ValidityFlags.LowWind;
        var wind10 = Math.Max(weather.Wind10Ms, settings.Weather.MinWindMs);
        var u = WindProfile.At(wind10, release.HeightM, weather.Stability, weather.Terrain, settings.Weather);

        var continuous = release.Mode == ReleaseMode.Continuous && release.DurationS > 0;
        if (continuous && release.DurationS / 60 > d.LongReleaseAboveMin) flags |= ValidityFlags.LongRelease;

        // Levels of concern at 25 °C unless the drill sets ambient T (§7.1).
        var temperature = weather.AmbientTemperatureC ?? d.EndpointTemperatureC;
        var pressure = weather.PressureKPa ?? d.StandardPressureKPa;
        var endpoints = ToxicEndpoints.For(chemical, release.Endpoints);
        var levels = endpoints.Select(e => GasProperties.PpmToKgM3(e.Ppm, chemical.MolarMass, temperature, pressure)).ToArray();

        var field = ChooseModel(release, continuous, u, weather, levels.Min(), d);

        // Dense-gas check on the pure vapour at ambient conditions.
        var rho0 = GasProperties.DensityKgM3(chemical.MolarMass, temperature, pressure);
        var rhoA = GasProperties.DensityKgM3(d.AirMolarMass, temperature, pressure);
        var g0 = DenseGas.ReducedGravity(rho0, rhoA, d.Gravity);
        var (criterion, threshold) = continuous
            ? (DenseGas.ContinuousCriterion(g0, release.RateKgS / rho0, u), d.DenseContinuousAtLeast)
            : (DenseGas.InstantaneousCriterion(g0, release.MassKg / rho0, u), d.DenseInstantaneousAtLeast);
        if (criterion >= threshold) flags |= ValidityFlags.DenseGas;

        var zones = endpoints.Select((e, i) =>
        {
            var distance = field.DistanceTo(levels[i]);
            var zoneFlags = ValidityFlags.None;
            if (distance > 0 && distance < d.NearFieldBelowM) zoneFlags |= ValidityFlags.NearField;
            if (distance > d.BeyondRangeAboveM) zoneFlags |= ValidityFlags.BeyondRange;
            return new ToxicZoneExtent(e, levels[i], levels[i] * 1e6, distance, zoneFlags);
        }).ToList();

        foreach (var z in zones) flags |= z.Flags;
        return new ToxicAssessment(chemical, field, u, criterion, threshold, zones, flags);
    }

    /// <summary>
    /// [DESIGN] one model per release so the zones nest: the plume (Q = M/T) when u·T ≥ 4σx at the far edge of the
    /// outermost zone, else the puff with the whole mass (conservative for short releases); instantaneous → puff.
    /// </summary>
    private static DispersionField ChooseModel(ToxicRelease release, bool continuous, double u, WeatherConditions weather,
        double lowestLevel, DispersionSettings d)
    {
        var puff = new DispersionField(DispersionModel.Puff, release.MassKg, u, weather.Stability, weather.Terrain, release.HeightM, d);
        if (!continuous) return puff;
        var plume = new DispersionField(DispersionModel.Plume, release.RateKgS, u, weather.Stability, weather.Terrain, release.HeightM, d);
        var farEdge = Math.Max(plume.DistanceTo(lowestLevel), d.SearchMinM);
        var sigmaX = DispersionSigma.Puff(farEdge, weather.Stability, d).SigmaXY;
        return u * release.DurationS >= d.PlumeReachedSigmas * sigmaX ? plume : puff;
    }
}
