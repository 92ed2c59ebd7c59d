using CityTwin.Domain.Risk;

namespace CityTwin.Domain.Inspections;

/// <summary>
/// An enterprise's hidden dangers as the risk engine needs them (<see cref="HiddenDangerCounts"/>, DOMAIN.md §3.2
/// step 3), with the ids of the records behind each count so the explanation can name them. Ids are sorted by the
/// time that dates the reason (oldest first), then by id.
/// </summary>
public sealed record HiddenDangerEffect(
    HiddenDangerCounts Counts,
    IReadOnlyList<string> OpenMajorIds,
    IReadOnlyList<string> OverdueMajorIds,
    IReadOnlyList<string> OpenGeneralIds,
    IReadOnlyList<string> OverdueGeneralIds)
{
    public static HiddenDangerEffect None { get; } = new(HiddenDangerCounts.None, [], [], [], []);
}

public static class HiddenDangerEffects
{
    /// <summary>
    /// Counts at <paramref name="now"/> for one enterprise. Open = not closed and not rejected (so a major one keeps
    /// the enterprise at least orange until its last sign-off); overdue = rectification still owed past the deadline.
    /// Open counts include overdue ones, as <see cref="HiddenDangerCounts"/> requires.
    /// </summary>
    public static HiddenDangerEffect For(string enterpriseCode, IEnumerable<HiddenDanger> records, DateTimeOffset now, InspectionRules rules)
    {
        var cal = rules.Calendar;
        var open = records.Where(r => r.EnterpriseCode == enterpriseCode && r.IsOpen && r.FoundAt <= now).ToList();
        var majors = open.Where(r => r.Level == HiddenDangerLevel.Major).OrderBy(r => r.FoundAt).ThenBy(r => r.Id, StringComparer.Ordinal).ToList();
        var generals = open.Where(r => r.Level == HiddenDangerLevel.General).OrderBy(r => r.FoundAt).ThenBy(r => r.Id, StringComparer.Ordinal).ToList();
        var overdueMajors = majors.Where(r => r.IsOverdue(now, cal)).OrderBy(r => r.DueAt(cal)).ThenBy(r => r.Id, StringComparer.Ordinal).ToList();
        var overdueGenerals = generals.Where(r => r.IsOverdue(now, cal)).OrderBy(r => r.DueAt(cal)).ThenBy(r => r.Id, StringComparer.Ordinal).ToList();

        var counts = new HiddenDangerCounts(
            majors.Count,
            overdueMajors.Count,
            generals.Count,
            overdueGenerals.Count,
            overdueGenerals.Count == 0 ? 0 : overdueGenerals.Max(r => (now - r.DueAt(cal)).TotalDays))
        {
            MajorOpenSince = majors.Count == 0 ? null : majors[0].FoundAt,
            MajorOverdueSince = overdueMajors.Count == 0 ? null : overdueMajors[0].DueAt(cal),
            GeneralOverdueSince = overdueGenerals.Count == 0 ? null : overdueGenerals[0].DueAt(cal),
            MajorOpenIds = Ids(majors),
            MajorOverdueIds = Ids(overdueMajors),
            GeneralOverdueIds = Ids(overdueGenerals),
        };
        return new HiddenDangerEffect(counts, Ids(majors), Ids(overdueMajors), Ids(generals), Ids(overdueGenerals));
    }

    /// <summary>The effect as the records' histories had it at <paramref name="at"/> (<see cref="HiddenDanger.AsItWasAt"/>).</summary>
    public static HiddenDangerEffect AsOf(string enterpriseCode, IEnumerable<HiddenDanger> records, DateTimeOffset at, InspectionRules rules) =>
        For(enterpriseCode, records.Select(r => r.AsItWasAt(at)).OfType<HiddenDanger>(), at, rules);

    // Empty lists stay the shared empty array, so "no hidden dangers" equals HiddenDangerCounts.None.
    private static IReadOnlyList<string> Ids(List<HiddenDanger> records) => records.Count == 0 ? [] : [.. records.Select(r => r.Id)];
}
