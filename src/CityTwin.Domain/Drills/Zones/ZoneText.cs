using System.Globalization;

namespace CityTwin.Domain.Drills.Zones;

/// <summary>Display rounding only (§10 notes: distances to 1 m, concentrations to 3 significant figures).</summary>
public static class ZoneText
{
    public static string Distance(double metres, ValidityFlags flags, double beyondM = 10_000) =>
        flags.HasFlag(ValidityFlags.BeyondRange)
            ? $"> {beyondM / 1000:0.#} km"
            : string.Create(CultureInfo.InvariantCulture, $"{Math.Round(metres):0} m");

    public static string Significant(double value, int digits = 3) =>
        value == 0 ? "0" : value.ToString("G" + digits, CultureInfo.InvariantCulture);
}
