namespace CityTwin.Domain.Drills;

/// <summary>
/// The validity flags every consequence result carries (DOMAIN.md §7.5) [DESIGN, following ALOHA's stated limits].
/// </summary>
[Flags]
public enum ValidityFlags
{
    None = 0,
    /// <summary>Plume/puff below 100 m; pool fire inside 2.5 pool diameters.</summary>
    NearField = 1,
    /// <summary>Beyond 10 km: report "&gt; 10 km", no number.</summary>
    BeyondRange = 2,
    /// <summary>Dense-gas criterion met: Gaussian result, dense-gas effects not modelled.</summary>
    DenseGas = 4,
    /// <summary>Wind below 1 m/s at 10 m: computed at 1 m/s.</summary>
    LowWind = 8,
    /// <summary>Release longer than 60 min: weather held constant.</summary>
    LongRelease = 16,
    /// <summary>Blast scaled distance outside the fit's range.</summary>
    OutOfFit = 32,
    /// <summary>Casualty probits (§7.7): for ranking only.</summary>
    Indicative = 64,
}

public static class ValidityFlagCodes
{
    private static readonly (ValidityFlags Flag, string Code, string Explanation)[] Table =
    [
        (ValidityFlags.NearField, "NEAR_FIELD", "near field, low confidence"),
        (ValidityFlags.BeyondRange, "BEYOND_RANGE", "beyond 10 km, outside model validity"),
        (ValidityFlags.DenseGas, "DENSE_GAS", "Gaussian; dense-gas effects not modelled"),
        (ValidityFlags.LowWind, "LOW_WIND", "wind below 1 m/s, computed at 1 m/s"),
        (ValidityFlags.LongRelease, "LONG_RELEASE", "release longer than 60 min, weather held constant"),
        (ValidityFlags.OutOfFit, "OUT_OF_FIT", "scaled distance outside the blast fit's range"),
        (ValidityFlags.Indicative, "INDICATIVE", "indicative casualty estimate"),
    ];

    /// <summary>The set flags as report codes, in a fixed order (NEAR_FIELD, BEYOND_RANGE, ...).</summary>
    public static IReadOnlyList<string> Codes(this ValidityFlags flags) =>
        [.. Table.Where(t => flags.HasFlag(t.Flag)).Select(t => t.Code)];

    /// <summary>The planner-facing sentence for each set flag.</summary>
    public static IReadOnlyList<string> Explanations(this ValidityFlags flags) =>
        [.. Table.Where(t => flags.HasFlag(t.Flag)).Select(t => $"{t.Code}: {t.Explanation}")];
}
