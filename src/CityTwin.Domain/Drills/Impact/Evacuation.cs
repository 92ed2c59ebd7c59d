namespace CityTwin.Domain.Drills.Impact;

/// <summary>
/// [DESIGN] Evacuation of the affected population: it starts at the warning; each affected unit moves its people out
/// at a fixed rate (people/min per unit, configurable), units in parallel. Deterministic, no randomness.
/// </summary>
public static class Evacuation
{
    /// <summary>Fraction (0–1) of <paramref name="peoplePerUnit"/> evacuated <paramref name="minutesSinceWarning"/> after the warning.</summary>
    public static double FractionAt(IReadOnlyList<double> peoplePerUnit, double ratePerUnitPerMin, double minutesSinceWarning)
    {
        var total = peoplePerUnit.Sum();
        if (total <= 0) return 1;
        if (minutesSinceWarning <= 0) return 0;
        var moved = peoplePerUnit.Sum(p => Math.Min(p, ratePerUnitPerMin * minutesSinceWarning));
        return moved / total;
    }

    /// <summary>Minutes after the warning until the fraction is reached (bisection; the fraction is monotone in time).</summary>
    public static double MinutesTo(IReadOnlyList<double> peoplePerUnit, double ratePerUnitPerMin, double fraction)
    {
        var total = peoplePerUnit.Sum();
        if (total <= 0 || fraction <= 0) return 0;
        double lo = 0, hi = peoplePerUnit.Max() / ratePerUnitPerMin;
        for (var i = 0; i < 100 && hi - lo > 1e-9; i++)
        {
            var m = 0.5 * (lo + hi);
            if (FractionAt(peoplePerUnit, ratePerUnitPerMin, m) >= fraction - 1e-12) hi = m; else lo = m;
        }
        return hi;
    }
}
