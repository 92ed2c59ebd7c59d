namespace CityTwin.Domain.Drills.Weather;

/// <summary>A stability class with how it was found: the table entry (e.g. "A-B") and the wind actually used.</summary>
public sealed record StabilityResult(StabilityClass Class, string TableEntry, double WindUsedMs, ValidityFlags Flags);

/// <summary>Pasquill (1961) stability from wind at 10 m and insolation/cloud (DOMAIN.md §7.1, RC17).</summary>
public static class PasquillStability
{
    public static StabilityResult Classify(double wind10Ms, SkyCondition sky, WeatherSettings settings)
    {
        var flags = wind10Ms < settings.MinWindMs ? ValidityFlags.LowWind : ValidityFlags.None;
        var wind = Math.Max(wind10Ms, settings.MinWindMs);
        if (sky is SkyCondition.Overcast or SkyCondition.Twilight)
            return new(settings.OvercastClass, settings.OvercastClass.ToString(), wind, flags);

        // Rows are lower-inclusive: 2.0 m/s falls in "2–3" [DESIGN, the table does not say].
        var row = settings.Pasquill.First(r => wind < r.WindBelowMs);
        var entry = sky switch
        {
            SkyCondition.DayStrong => row.DayStrong,
            SkyCondition.DayModerate => row.DayModerate,
            SkyCondition.DaySlight => row.DaySlight,
            SkyCondition.NightCloudy => row.NightCloudy,
            _ => row.NightClear,
        };
        return new(Resolve(entry, settings.SplitTakesMoreStable), entry, wind, flags);
    }

    /// <summary>"A-B" → B when the split takes the more stable letter [DESIGN], else A.</summary>
    public static StabilityClass Resolve(string entry, bool splitTakesMoreStable)
    {
        var letters = entry.Split('-', '–');
        var pick = splitTakesMoreStable ? letters[^1] : letters[0];
        return Enum.Parse<StabilityClass>(pick.Trim(), ignoreCase: false);
    }

    /// <summary>Turner's insolation class from solar elevation (°) [LIT, recalled]; at or below 0° it is night.</summary>
    public static SkyCondition DaySky(double solarElevationDeg, WeatherSettings settings) =>
        solarElevationDeg > settings.StrongAboveDeg ? SkyCondition.DayStrong
        : solarElevationDeg > settings.ModerateAboveDeg ? SkyCondition.DayModerate
        : SkyCondition.DaySlight;
}
