using CityTwin.Domain.Units;

namespace CityTwin.Domain.Drills.Dispatch;

/// <summary>
/// [DESIGN] The explainable greedy assignment of DOMAIN.md §8.4: slots in priority order, each to the eligible team
/// with the smallest ETA to the staging point (ties: larger headcount → more equipment → lower id), keeping one team
/// per capability per district where that does not make the slot late; SLOT_LATE / SLOT_UNFILLED otherwise.
/// A global optimiser (e.g. Hungarian on ETA) could replace the slot loop later.
/// </summary>
public static class Dispatcher
{
    public static DispatchPlan Plan(DispatchRequest request, DrillSettings settings)
    {
        var s = settings.Dispatch;
        var staging = Staging.PointFor(request.Incident, request.WindFromDeg, request.HotZone, s, settings.Zones);
        var slots = RequiredSlots.For(request.Scenario, s, request.ExpectedSeriousCasualties);
        var (pool, excluded) = Eligible(request, [], s);
        var state = new PoolState(pool, request.MultiRoleTeams);
        var assignments = new List<TeamAssignment>();
        var unfilled = new List<UnfilledSlot>();
        foreach (var slot in slots)
        {
            var a = Fill(slot, 0, [], state, staging, request, settings);
            if (a is null) unfilled.Add(new UnfilledSlot(slot, [DispatchReasons.SlotUnfilled, DispatchReasons.MutualAid]));
            else assignments.Add(a);
        }
        return new DispatchPlan(staging, slots, assignments, unfilled, excluded, []);
    }

    /// <summary>
    /// Re-plan after <paramref name="teamCode"/> becomes unavailable at <paramref name="atMin"/>: its slots go to the
    /// best remaining candidates (reason REDISPATCH); every other assignment stands.
    /// </summary>
    public static DispatchPlan Replan(DispatchPlan plan, DispatchRequest request, string teamCode, double atMin, DrillSettings settings)
    {
        var unavailable = plan.UnavailableTeams.Append(teamCode).Distinct(StringComparer.Ordinal).ToList();
        var (pool, excluded) = Eligible(request, unavailable, settings.Dispatch);
        var state = new PoolState(pool, request.MultiRoleTeams);
        var kept = plan.Assignments.Where(a => a.TeamCode != teamCode).ToList();
        foreach (var a in kept) state.Use(a.TeamCode, a.Slot.Capability);

        var freed = plan.Assignments.Where(a => a.TeamCode == teamCode).Select(a => a.Slot).ToList();
        var assignments = new List<TeamAssignment>(kept);
        var unfilled = plan.Unfilled.ToList();
        foreach (var slot in freed)
        {
            var a = Fill(slot, atMin, [DispatchReasons.Redispatch], state, plan.Staging, request, settings);
            if (a is null) unfilled.Add(new UnfilledSlot(slot, [DispatchReasons.Redispatch, DispatchReasons.SlotUnfilled, DispatchReasons.MutualAid]));
            else assignments.Add(a);
        }
        var order = plan.Slots.Select((slot, i) => (slot, i)).ToDictionary(x => x.slot, x => x.i);
        return plan with
        {
            Assignments = [.. assignments.OrderBy(a => order.GetValueOrDefault(a.Slot, int.MaxValue))],
            Unfilled = [.. unfilled.OrderBy(u => order.GetValueOrDefault(u.Slot, int.MaxValue))],
            Excluded = excluded,
            UnavailableTeams = unavailable,
        };
    }

    /// <summary>The team's district: the second code of its path (city/district/…), else its parent (a city-level team).</summary>
    public static string DistrictOf(Unit team)
    {
        var codes = string.IsNullOrEmpty(team.Path) ? [] : UnitPath.Codes(team.Path);
        return codes.Length >= 3 ? codes[1] : team.Parent ?? team.Code;
    }

    private static TeamAssignment? Fill(CapabilitySlot slot, double atMin, IReadOnlyList<string> extraReasons, PoolState state,
        NetTopologySuite.Geometries.Point staging, DispatchRequest request, DrillSettings settings)
    {
        var s = settings.Dispatch;
        var profile = s.Profile(slot.Capability);
        var ranked = state.Free(slot.Capability)
            .Where(t => t.RescueTeam!.Headcount >= profile.MinHeadcount)
            .Select(t => (Team: t, Trip: TravelTime.Estimate(Geo.GeoMath.Anchor(t.Geometry), staging, profile, s.RoadFactor, settings.Zones.EarthRadiusM)))
            .OrderBy(c => c.Trip.EtaMin)
            .ThenByDescending(c => c.Team.RescueTeam!.Headcount)
            .ThenByDescending(c => c.Team.RescueTeam!.Equipment.Sum(e => e.Count))
            .ThenBy(c => c.Team.Code, StringComparer.Ordinal)
            .ToList();
        if (ranked.Count == 0) return null;

        var norm = s.NormMin(slot.Capability, request.Rural);
        var fastest = ranked[0];
        var chosen = fastest;
        var reasons = new List<string>(extraReasons);
        if (s.KeepDistrictReserve)
        {
            // Where possible (a candidate that leaves its district a team of this capability and still arrives within the norm).
            var keeper = ranked.FirstOrDefault(c => state.LeavesReserve(c.Team, slot.Capability) && atMin + c.Trip.EtaMin <= norm);
            if (keeper.Team is not null && keeper.Team != fastest.Team) { chosen = keeper; reasons.Add(DispatchReasons.ReserveKept); }
            else if (keeper.Team is null && !state.LeavesReserve(fastest.Team, slot.Capability)) reasons.Add(DispatchReasons.ReserveNotKept);
        }
        if (chosen.Team == fastest.Team) reasons.Insert(extraReasons.Count, DispatchReasons.Fastest);
        if (atMin + chosen.Trip.EtaMin > norm) reasons.Add(DispatchReasons.SlotLate);

        state.Use(chosen.Team.Code, slot.Capability);
        return new TeamAssignment(chosen.Team.Code, slot, DistrictOf(chosen.Team), chosen.Trip.EtaMin, chosen.Trip.RoadM, chosen.Trip.GreatCircleM, atMin, reasons);
    }

    /// <summary>§8.4 step 2: available, not unavailable by inject, outside every threat zone. Capability and headcount are per slot.</summary>
    private static (List<Unit> Pool, List<ExcludedTeam> Excluded) Eligible(DispatchRequest request, IReadOnlyCollection<string> unavailable, DispatchSettings s)
    {
        var pool = new List<Unit>();
        var excluded = new List<ExcludedTeam>();
        foreach (var t in request.Teams.Where(t => t.RescueTeam is not null).OrderBy(t => t.Code, StringComparer.Ordinal))
        {
            if (t.RescueTeam!.Status != TeamStatus.Available || unavailable.Contains(t.Code))
                excluded.Add(new ExcludedTeam(t.Code, DispatchReasons.NotAvailable));
            else if (request.ThreatZones.Any(z => z.Covers(t.Geometry)))
                excluded.Add(new ExcludedTeam(t.Code, DispatchReasons.InsideThreatZone));
            else if (t.RescueTeam.Capabilities.All(c => t.RescueTeam.Headcount < s.Profile(c).MinHeadcount))
                excluded.Add(new ExcludedTeam(t.Code, DispatchReasons.HeadcountBelowMinimum));
            else
                pool.Add(t);
        }
        return (pool, excluded);
    }

    /// <summary>Which eligible teams are still free, per capability; a multi-role team may fill one slot per capability.</summary>
    private sealed class PoolState(List<Unit> pool, IReadOnlySet<string>? multiRole)
    {
        private readonly Dictionary<string, HashSet<string>> _used = new(StringComparer.Ordinal);

        public IEnumerable<Unit> Free(string capability) =>
            pool.Where(t => t.RescueTeam!.Capabilities.Contains(capability) && IsFree(t.Code, capability));

        private bool IsFree(string code, string capability) =>
            !_used.TryGetValue(code, out var caps) || (multiRole?.Contains(code) == true && !caps.Contains(capability));

        public void Use(string code, string capability)
        {
            if (!_used.TryGetValue(code, out var caps)) _used[code] = caps = new HashSet<string>(StringComparer.Ordinal);
            caps.Add(capability);
        }

        /// <summary>After sending <paramref name="team"/>, its district still has another free team of the capability.</summary>
        public bool LeavesReserve(Unit team, string capability)
        {
            var district = DistrictOf(team);
            return Free(capability).Any(t => t.Code != team.Code && DistrictOf(t) == district);
        }
    }
}
