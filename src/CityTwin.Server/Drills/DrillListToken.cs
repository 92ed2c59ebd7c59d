using System.Globalization;
using CityTwin.Abstractions.Drills;
using CityTwin.Abstractions.Worlds;

namespace CityTwin.Server.Drills;

/// <summary>
/// ListDrills' page token: the start time (ticks) and id of the last drill of a page. The list is ordered newest
/// start first, then by id, so the next page is everything after that position even if drills were added or deleted.
/// </summary>
internal static class DrillListToken
{
    public static string Of(DrillStatus d) => string.Create(CultureInfo.InvariantCulture, $"{d.StartedAt.UtcTicks}.{d.Id}");

    public static (long Ticks, string Id)? Parse(string token)
    {
        var dot = token.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || !long.TryParse(token.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)) return null;
        var id = token[(dot + 1)..];
        return DrillWorlds.IsValidId(id) ? (ticks, id) : null;
    }

    /// <summary>Whether <paramref name="d"/> comes after the position in the list's order (newest first, then id).</summary>
    public static bool IsAfter(DrillStatus d, (long Ticks, string Id) position) =>
        d.StartedAt.UtcTicks < position.Ticks || (d.StartedAt.UtcTicks == position.Ticks && string.CompareOrdinal(d.Id, position.Id) > 0);
}
