using CityTwin.Abstractions.Records;
using CityTwin.Domain.Risk;
using CityTwin.Domain.Risk.Explanations;
using CityTwin.Domain.Risk.Rollup;

namespace CityTwin.Grains.Records;

/// <summary>Every risk node writes its colour changes the same way: when the level moved, with the explanation of the moment.</summary>
internal static class LevelHistory
{
    /// <summary>
    /// Writes the change when <paramref name="next"/>'s level differs from <paramref name="previous"/>; a node's first
    /// summary after activation (previous null) is written too, so the history also shows where a restart found it.
    /// </summary>
    public static void Note(this ILiveRecords records, string world, RiskLevel? previous, RiskSummary next, DateTimeOffset at)
    {
        if (previous == next.Level) return;
        records.Write(new LevelChangeRecord(world, next.Code, at, next.Version, next.Level, previous, next.Score, next.Reasons.ToEn(), next.Reasons.ToZh()));
    }
}
