using CityTwin.Domain.Risk;

namespace CityTwin.Domain.Drills.Kpis;

/// <summary>Computes the §8.5 KPIs from a timeline. Pure: the same events give the same KPIs, in any input order.</summary>
public static class KpiCalculator
{
    /// <summary>Norm for the report to the county-level government (国务院令第493号): 1 h.</summary>
    public static readonly TimeSpan ReportGovernmentNorm = TimeSpan.FromHours(1);

    /// <param name="requiredSlotIds">Slot ids of the plan (e.g. "fire#1"); all must have an arrival for t_all_required_on_scene.</param>
    public static DrillKpis Compute(IEnumerable<TimelineEvent> timeline, IReadOnlyCollection<string> requiredSlotIds)
    {
        var events = timeline.OrderBy(e => e.At).ThenBy(e => e.Kind).ToList();
        TimeSpan? First(TimelineEventKind kind) => events.FirstOrDefault(e => e.Kind == kind)?.At;

        var arrivals = events.Where(e => e.Kind == TimelineEventKind.TeamArrived).ToList();
        TimeSpan? allOnScene = null;
        if (requiredSlotIds.Count > 0)
        {
            var pending = new HashSet<string>(requiredSlotIds, StringComparer.Ordinal);
            foreach (var a in arrivals)
                if (a.Detail is not null && pending.Remove(a.Detail) && pending.Count == 0) { allOnScene = a.At; break; }
        }

        var reportGov = First(TimelineEventKind.ReportToGovernment);
        var evacuation = events.Where(e => e.Kind == TimelineEventKind.EvacuationProgress && e.Value is not null).ToList();
        return new DrillKpis
        {
            Detect = First(TimelineEventKind.FirstAlarm),
            ReportUnit = First(TimelineEventKind.ReportToUnit),
            ReportGovernment = reportGov,
            ReportGovernmentWithinNorm = reportGov is null ? null : reportGov <= ReportGovernmentNorm,
            CityAwareness = First(TimelineEventKind.CityAwareness),
            ResponseStart = First(TimelineEventKind.ResponseStarted),
            FirstArrival = arrivals.FirstOrDefault()?.At,
            AllRequiredOnScene = allOnScene,
            Teams = Timings(events),
            Cordon = First(TimelineEventKind.CordonEstablished),
            Evacuation90 = evacuation.FirstOrDefault(e => e.Value >= 0.9)?.At,
            Evacuation100 = evacuation.FirstOrDefault(e => e.Value >= 1.0)?.At,
            LeakControlled = First(TimelineEventKind.LeakControlled),
            FireUnderControl = First(TimelineEventKind.FireUnderControl),
            PeakZoneAreaM2 = Peaks(events, TimelineEventKind.ZoneArea),
            PeakZonePeople = Peaks(events, TimelineEventKind.ZonePeople),
            SlotsLate = events.Where(e => e.Kind == TimelineEventKind.SlotLate).Select(e => e.Detail).Distinct().Count(),
            SlotsUnfilled = events.Where(e => e.Kind == TimelineEventKind.SlotUnfilled).Select(e => e.Detail).Distinct().Count(),
            TeamsExposed = events.Where(e => e.Kind == TimelineEventKind.TeamExposed).Select(e => e.Subject).Distinct().Count(),
        };
    }

    /// <summary>People in a zone over time (e.g. the red zone), from the ZonePeople events.</summary>
    public static IReadOnlyList<(TimeSpan At, double People)> PeopleInZone(IEnumerable<TimelineEvent> timeline, RiskLevel level) =>
        [.. timeline.Where(e => e.Kind == TimelineEventKind.ZonePeople && e.Level == level && e.Value is not null)
            .OrderBy(e => e.At).Select(e => (e.At, e.Value!.Value))];

    private static List<TeamTiming> Timings(List<TimelineEvent> events)
    {
        var result = new List<TeamTiming>();
        foreach (var d in events.Where(e => e.Kind == TimelineEventKind.TeamDispatched && e.Subject is not null))
        {
            var arrival = events.FirstOrDefault(e => e.Kind == TimelineEventKind.TeamArrived && e.Subject == d.Subject && e.Detail == d.Detail && e.At >= d.At);
            result.Add(new TeamTiming(d.Subject!, d.Detail ?? "", d.At, d.Value ?? double.NaN, arrival is null ? null : (arrival.At - d.At).TotalMinutes));
        }
        return result;
    }

    private static Dictionary<RiskLevel, double> Peaks(List<TimelineEvent> events, TimelineEventKind kind) =>
        events.Where(e => e.Kind == kind && e.Level is not null && e.Value is not null)
            .GroupBy(e => e.Level!.Value)
            .OrderBy(g => g.Key)
            .ToDictionary(g => g.Key, g => g.Max(e => e.Value!.Value));
}
