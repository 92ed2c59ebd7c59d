using CityTwin.Domain.Drills.Dispatch;

namespace CityTwin.Domain.Drills.Kpis;

/// <summary>Timeline events implied by a dispatch plan, for a drill that has no live arrival reports.</summary>
public static class DispatchTimeline
{
    /// <summary>
    /// Dispatch at <paramref name="responseStart"/> + each assignment's dispatch time, arrival after its ETA, and the
    /// late and unfilled slots.
    /// </summary>
    public static IReadOnlyList<TimelineEvent> Events(DispatchPlan plan, TimeSpan responseStart)
    {
        var events = new List<TimelineEvent>();
        foreach (var a in plan.Assignments)
        {
            var sent = responseStart + TimeSpan.FromMinutes(a.DispatchedAtMin);
            events.Add(new(sent, TimelineEventKind.TeamDispatched, a.TeamCode, a.EtaMin, a.Slot.Id));
            events.Add(new(sent + TimeSpan.FromMinutes(a.EtaMin), TimelineEventKind.TeamArrived, a.TeamCode, null, a.Slot.Id));
            if (a.Late) events.Add(new(sent, TimelineEventKind.SlotLate, a.TeamCode, a.EtaMin, a.Slot.Id));
        }
        foreach (var u in plan.Unfilled)
            events.Add(new(responseStart, TimelineEventKind.SlotUnfilled, null, null, u.Slot.Id));
        return [.. events.OrderBy(e => e.At).ThenBy(e => e.Kind)];
    }
}
