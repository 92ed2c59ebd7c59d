using CityTwin.Domain.Units;

namespace CityTwin.Domain.Inspections;

/// <summary>Settings of the statistics [DESIGN].</summary>
public sealed record StatisticsOptions
{
    /// <summary>
    /// Two findings of the same category and criterion at one enterprise within this many local days make a repeat.
    /// 90 days: one quarter, the reporting cycle of 16号令's statistics.
    /// </summary>
    public int RepeatWindowDays { get; init; } = 90;
}

/// <summary>Where an enterprise sits for statistics: its materialised path, sector and supervising department (from the registry).</summary>
public sealed record EnterprisePlacement(string Code, string Path, string Sector, string Department);

/// <summary>The same category and criterion found again at one enterprise within the window; the records involved, oldest first.</summary>
public sealed record RepeatOffence(string EnterpriseCode, HazardCategory Category, string CriterionCode, IReadOnlyList<string> RecordIds);

/// <summary>
/// Statistics over a set of records at an instant (definitions in docs/inspections.md): found excludes rejected
/// findings; rectified = verification passed (VERIFIED or CLOSED); on-time rate = rectified on time ÷ (rectified +
/// overdue), null when both are zero; self-found major share = majors found by the enterprise's own inspection ÷
/// majors, null when there are none.
/// </summary>
public sealed record HiddenDangerStats(
    int Found,
    int FoundMajor,
    int FoundGeneral,
    int Rejected,
    int Rectified,
    int RectifiedOnTime,
    int Closed,
    int Open,
    int OpenMajor,
    int Overdue,
    int OverdueMajor,
    int MajorSelfFound,
    double? OnTimeRate,
    double? SelfFoundMajorShare,
    IReadOnlyList<RepeatOffence> RepeatOffences)
{
    public static HiddenDangerStats Empty { get; } = new(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, null, null, []);

    /// <summary>Enterprises with at least one repeat, sorted.</summary>
    public IReadOnlyList<string> RepeatOffenders => [.. RepeatOffences.Select(o => o.EnterpriseCode).Distinct().Order(StringComparer.Ordinal)];
}

public static class HiddenDangerStatistics
{
    /// <summary>Statistics over <paramref name="records"/> as they stand at <paramref name="now"/> (records found later are ignored).</summary>
    public static HiddenDangerStats Summarise(IEnumerable<HiddenDanger> records, DateTimeOffset now, InspectionRules rules)
    {
        var cal = rules.Calendar;
        var all = records.Where(r => r.FoundAt <= now).ToList();
        var found = all.Where(r => r.State != HiddenDangerState.Rejected).ToList();
        var majors = found.Where(r => r.Level == HiddenDangerLevel.Major).ToList();
        var rectified = found.Count(r => r.State is HiddenDangerState.Verified or HiddenDangerState.Closed);
        var onTime = found.Count(r => r.RectifiedOnTime(cal));
        var overdue = found.Where(r => r.IsOverdue(now, cal)).ToList();
        var selfFound = majors.Count(r => r.Source == FindingSource.SelfInspection);
        return new HiddenDangerStats(
            Found: found.Count,
            FoundMajor: majors.Count,
            FoundGeneral: found.Count - majors.Count,
            Rejected: all.Count - found.Count,
            Rectified: rectified,
            RectifiedOnTime: onTime,
            Closed: found.Count(r => r.State == HiddenDangerState.Closed),
            Open: found.Count(r => r.IsOpen),
            OpenMajor: majors.Count(r => r.IsOpen),
            Overdue: overdue.Count,
            OverdueMajor: overdue.Count(r => r.Level == HiddenDangerLevel.Major),
            MajorSelfFound: selfFound,
            OnTimeRate: rectified + overdue.Count == 0 ? null : (double)onTime / (rectified + overdue.Count),
            SelfFoundMajorShare: majors.Count == 0 ? null : (double)selfFound / majors.Count,
            RepeatOffences: Repeats(found, now, rules));
    }

    /// <summary>
    /// The statistics of disjoint sets of records (one per enterprise's ledger) as one: counts add, the rates are
    /// recomputed from the sums, and repeats — always within one enterprise — are listed together. Equal to
    /// <see cref="Summarise"/> over the union, which lets each ledger summarise its own records where they live.
    /// </summary>
    public static HiddenDangerStats Merge(IEnumerable<HiddenDangerStats> parts)
    {
        var list = parts.ToList();
        int Sum(Func<HiddenDangerStats, int> figure) => list.Sum(figure);
        var majors = Sum(s => s.FoundMajor);
        var rectified = Sum(s => s.Rectified);
        var overdue = Sum(s => s.Overdue);
        var onTime = Sum(s => s.RectifiedOnTime);
        var selfFound = Sum(s => s.MajorSelfFound);
        return new HiddenDangerStats(
            Found: Sum(s => s.Found), FoundMajor: majors, FoundGeneral: Sum(s => s.FoundGeneral), Rejected: Sum(s => s.Rejected),
            Rectified: rectified, RectifiedOnTime: onTime, Closed: Sum(s => s.Closed), Open: Sum(s => s.Open), OpenMajor: Sum(s => s.OpenMajor),
            Overdue: overdue, OverdueMajor: Sum(s => s.OverdueMajor), MajorSelfFound: selfFound,
            OnTimeRate: rectified + overdue == 0 ? null : (double)onTime / (rectified + overdue),
            SelfFoundMajorShare: majors == 0 ? null : (double)selfFound / majors,
            RepeatOffences: [.. list.SelectMany(s => s.RepeatOffences)
                .OrderBy(o => o.EnterpriseCode, StringComparer.Ordinal).ThenBy(o => o.Category).ThenBy(o => o.CriterionCode, StringComparer.Ordinal)]);
    }

    /// <summary>Statistics for the enterprises within a scope (a materialised path prefix: the city, a banner, a park).</summary>
    public static HiddenDangerStats ForScope(IEnumerable<HiddenDanger> records, IReadOnlyDictionary<string, EnterprisePlacement> placements,
        string scopePath, DateTimeOffset now, InspectionRules rules) =>
        Summarise(records.Where(r => placements.TryGetValue(r.EnterpriseCode, out var p) && UnitPath.IsWithin(p.Path, scopePath)), now, rules);

    /// <summary>Statistics per sector, keys sorted.</summary>
    public static IReadOnlyDictionary<string, HiddenDangerStats> BySector(IEnumerable<HiddenDanger> records,
        IReadOnlyDictionary<string, EnterprisePlacement> placements, DateTimeOffset now, InspectionRules rules) =>
        GroupBy(records, placements, p => p.Sector, now, rules);

    /// <summary>Statistics per supervising department, keys sorted.</summary>
    public static IReadOnlyDictionary<string, HiddenDangerStats> ByDepartment(IEnumerable<HiddenDanger> records,
        IReadOnlyDictionary<string, EnterprisePlacement> placements, DateTimeOffset now, InspectionRules rules) =>
        GroupBy(records, placements, p => p.Department, now, rules);

    /// <summary>
    /// Repeats: per enterprise, category and criterion, the occurrences (each finding, and each reopening of a closed
    /// record — "found again") in time order; two consecutive ones at most <see cref="StatisticsOptions.RepeatWindowDays"/>
    /// local days apart make a repeat. Records without a criterion code are not compared (a category alone is too
    /// broad to call a repeat).
    /// </summary>
    public static IReadOnlyList<RepeatOffence> Repeats(IEnumerable<HiddenDanger> records, DateTimeOffset now, InspectionRules rules)
    {
        var cal = rules.Calendar;
        var window = rules.Statistics.RepeatWindowDays;
        var occurrences = records
            .Where(r => r.State != HiddenDangerState.Rejected && r.CriterionCode is not null && r.FoundAt <= now)
            .SelectMany(r => r.History.Where(h => h.Command == HiddenDangerCommands.Reopen && h.At <= now).Select(h => (Record: r, At: h.At)).Prepend((Record: r, At: r.FoundAt)));
        var offences = new List<RepeatOffence>();
        foreach (var group in occurrences.GroupBy(o => (o.Record.EnterpriseCode, o.Record.Category, Criterion: o.Record.CriterionCode!)))
        {
            var ordered = group.OrderBy(o => o.At).ThenBy(o => o.Record.Id, StringComparer.Ordinal).ToList();
            var involved = new List<string>();
            for (var i = 1; i < ordered.Count; i++)
            {
                if (cal.LocalDate(ordered[i].At).DayNumber - cal.LocalDate(ordered[i - 1].At).DayNumber > window) continue;
                involved.Add(ordered[i - 1].Record.Id);
                involved.Add(ordered[i].Record.Id);
            }
            if (involved.Count > 0)
                offences.Add(new RepeatOffence(group.Key.EnterpriseCode, group.Key.Category, group.Key.Criterion, [.. involved.Distinct()]));
        }
        return [.. offences.OrderBy(o => o.EnterpriseCode, StringComparer.Ordinal).ThenBy(o => o.Category).ThenBy(o => o.CriterionCode, StringComparer.Ordinal)];
    }

    private static IReadOnlyDictionary<string, HiddenDangerStats> GroupBy(IEnumerable<HiddenDanger> records,
        IReadOnlyDictionary<string, EnterprisePlacement> placements, Func<EnterprisePlacement, string> key, DateTimeOffset now, InspectionRules rules) =>
        new SortedDictionary<string, HiddenDangerStats>(
            records.Where(r => placements.ContainsKey(r.EnterpriseCode))
                .GroupBy(r => key(placements[r.EnterpriseCode]), StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => Summarise(g, now, rules), StringComparer.Ordinal),
            StringComparer.Ordinal);
}
