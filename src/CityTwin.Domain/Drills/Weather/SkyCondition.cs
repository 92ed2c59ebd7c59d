namespace CityTwin.Domain.Drills.Weather;

/// <summary>The Pasquill table's columns (DOMAIN.md §7.1), plus the two rows that force D.</summary>
public enum SkyCondition
{
    /// <summary>Day, strong insolation (≈ sunny midsummer midday; solar elevation &gt; 60°).</summary>
    DayStrong,
    /// <summary>Day, moderate insolation (35–60°).</summary>
    DayModerate,
    /// <summary>Day, slight insolation (≈ sunny midwinter; ≤ 35°).</summary>
    DaySlight,
    /// <summary>Night, thin overcast or &gt; 4/8 low cloud.</summary>
    NightCloudy,
    /// <summary>Night, ≤ 4/8 cloud.</summary>
    NightClear,
    /// <summary>Overcast, day or night: D regardless of wind.</summary>
    Overcast,
    /// <summary>The hour around sunrise or sunset: D.</summary>
    Twilight,
}
