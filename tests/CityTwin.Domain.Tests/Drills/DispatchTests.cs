using CityTwin.Domain.Drills;
using CityTwin.Domain.Drills.Dispatch;
using CityTwin.Domain.Drills.Geo;
using CityTwin.Domain.Drills.Zones;
using CityTwin.Domain.Units;
using NetTopologySuite.Geometries;
using Xunit;
using static CityTwin.Domain.Tests.Drills.DrillTestData;

namespace CityTwin.Domain.Tests.Drills;

/// <summary>The greedy assignment of §8.4: coverage, ETA order, ties, reserves, late/unfilled, re-dispatch.</summary>
public sealed class DispatchTests
{
    private static readonly DrillSettings S = DrillSettings.Default;
    private static readonly DrillSettings NoReserve = S with { Dispatch = S.Dispatch with { KeepDistrictReserve = false } };

    private static DispatchRequest Request(ScenarioKind scenario, IReadOnlyList<Unit> teams, Geometry? hot = null,
        IReadOnlyList<Geometry>? zones = null, IReadOnlySet<string>? multiRole = null) =>
        new(scenario, Incident, 270, teams, zones ?? (hot is null ? [] : [hot]), hot, MultiRoleTeams: multiRole);

    private static readonly string[] Fire = [Capabilities.Fire];
    private static readonly string[] Medical = [Capabilities.Medical];
    private static readonly string[] Hazmat = [Capabilities.Hazmat];

    [Fact]
    public void Toxic_release_slots_are_covered_in_priority_order()
    {
        Unit[] teams =
        [
            Team("fire-a", "d1", -2_000, 0, Fire), Team("fire-b", "d1", -3_000, 0, Fire),
            Team("ems-a", "d1", -1_000, 0, Medical), Team("ems-b", "d1", -1_500, 0, Medical),
            Team("haz-a", "d1", -4_000, 0, Hazmat), Team("haz-b", "d1", -5_000, 0, Hazmat),
        ];
        var plan = Dispatcher.Plan(Request(ScenarioKind.ToxicRelease, teams), S);

        Assert.Equal(["hazmat#1", "fire#1", "medical#1"], plan.Slots.Select(s => s.Id));
        Assert.Equal(["haz-a", "fire-a", "ems-a"], plan.Assignments.Select(a => a.TeamCode));
        Assert.All(plan.Assignments, a => Assert.Equal([DispatchReasons.Fastest], a.Reasons));
        Assert.Empty(plan.Unfilled);
    }

    [Fact]
    public void Nearer_team_wins_and_eta_follows_distance()
    {
        Unit[] teams = [Team("far", "d1", -6_000, 0, Fire), Team("near", "d1", -1_000, 0, Fire), Team("mid", "d1", 0, 3_000, Fire)];
        var plan = Dispatcher.Plan(Request(ScenarioKind.Fire, teams), NoReserve);

        Assert.Equal(["near", "mid"], plan.Assignments.Where(a => a.Slot.Capability == Capabilities.Fire).Select(a => a.TeamCode));
        var (near, mid) = (plan.Assignments[0], plan.Assignments[1]);
        Assert.True(near.EtaMin < mid.EtaMin);
        // ETA = 1 min turnout + 1.3·d / 30 km/h; the staging point is 100 m upwind (west) of the incident.
        Assert.Equal(1 + 1.3 * 0.9 / 30 * 60, near.EtaMin, 2);
        Assert.Equal(1.3 * near.GreatCircleM, near.RoadM, 6);
    }

    [Theory]
    [InlineData(30, 3, 40, 3, "b")]   // larger headcount
    [InlineData(30, 3, 30, 5, "b")]   // then more equipment
    [InlineData(30, 3, 30, 3, "a")]   // then lower id
    [InlineData(50, 3, 30, 9, "a")]   // headcount before equipment
    public void Ties_on_eta_break_by_headcount_then_equipment_then_id(int headA, int eqA, int headB, int eqB, string winner)
    {
        Unit[] teams = [Team("b", "d1", -2_000, 0, Fire, headB, eqB), Team("a", "d1", -2_000, 0, Fire, headA, eqA)];
        var plan = Dispatcher.Plan(Request(ScenarioKind.Fire, teams), NoReserve);

        Assert.Equal(winner, plan.Assignments[0].TeamCode);
        Assert.Equal(plan.Assignments[0].EtaMin, plan.Assignments[1].EtaMin);
    }

    [Fact]
    public void A_district_keeps_one_team_per_capability_where_possible()
    {
        Unit[] teams =
        [
            Team("d1-fire", "d1", -1_000, 0, Fire),      // nearest, but d1's only fire team
            Team("d2-fire-a", "d2", -3_000, 0, Fire),
            Team("d2-fire-b", "d2", -10_000, 0, Fire),
            Team("ems", "d3", -1_000, 0, Medical), Team("ems2", "d3", -1_100, 0, Medical),
        ];
        var plan = Dispatcher.Plan(Request(ScenarioKind.Fire, teams), S);

        var first = plan.For(new CapabilitySlot(Capabilities.Fire, 1))!;
        Assert.Equal("d2-fire-a", first.TeamCode);
        Assert.Equal([DispatchReasons.ReserveKept], first.Reasons);
        // The second fire slot cannot keep a reserve anywhere: the fastest goes, and the plan says so.
        var second = plan.For(new CapabilitySlot(Capabilities.Fire, 2))!;
        Assert.Equal("d1-fire", second.TeamCode);
        Assert.Equal([DispatchReasons.Fastest, DispatchReasons.ReserveNotKept], second.Reasons);

        var withoutRule = Dispatcher.Plan(Request(ScenarioKind.Fire, teams), NoReserve);
        Assert.Equal("d1-fire", withoutRule.For(new CapabilitySlot(Capabilities.Fire, 1))!.TeamCode);
    }

    [Fact]
    public void Reserve_is_not_kept_at_the_price_of_a_late_slot()
    {
        Unit[] teams = [Team("d1-fire", "d1", -1_000, 0, Fire), Team("d2-a", "d2", -12_000, 0, Fire), Team("d2-b", "d2", -13_000, 0, Fire)];
        var plan = Dispatcher.Plan(Request(ScenarioKind.Fire, teams), S);

        Assert.Equal("d1-fire", plan.Assignments[0].TeamCode); // d2-a would arrive after the 15-min norm
        Assert.Contains(DispatchReasons.ReserveNotKept, plan.Assignments[0].Reasons);
    }

    [Fact]
    public void Late_and_unfilled_slots_are_reported()
    {
        Unit[] teams = [Team("fire-near", "d1", -1_000, 0, Fire), Team("fire-far", "d2", -20_000, 0, Fire)];
        var plan = Dispatcher.Plan(Request(ScenarioKind.Fire, teams), NoReserve);

        var late = plan.For(new CapabilitySlot(Capabilities.Fire, 2))!;
        Assert.Equal("fire-far", late.TeamCode);
        Assert.True(late.EtaMin > 15);
        Assert.Contains(DispatchReasons.SlotLate, late.Reasons);
        Assert.DoesNotContain(DispatchReasons.SlotLate, plan.Assignments[0].Reasons);
        var unfilled = Assert.Single(plan.Unfilled);
        Assert.Equal("medical#1", unfilled.Slot.Id);
        Assert.Equal([DispatchReasons.SlotUnfilled, DispatchReasons.MutualAid], unfilled.Reasons);
    }

    [Fact]
    public void Teams_that_are_unavailable_short_handed_or_inside_a_zone_are_not_candidates()
    {
        var zone = ConsequenceZones.PoolFire(new Domain.Drills.Fire.PoolFire(20, 0.055, 43_700), Incident, S);
        Unit[] teams =
        [
            Team("inside", "d1", 50, 0, Fire),                                  // 50 m: inside the yellow (72 m) zone
            Team("off-duty", "d1", -500, 0, Fire, status: TeamStatus.Unavailable),
            Team("tiny", "d1", -600, 0, Fire, headcount: 2),
            Team("ok-1", "d1", -3_000, 0, Fire), Team("ok-2", "d1", -4_000, 0, Fire),
        ];
        var plan = Dispatcher.Plan(Request(ScenarioKind.Fire, teams, zone.Red!.Area, [.. zone.Zones.Select(z => (Geometry)z.Area!)]), NoReserve);

        Assert.Equal(["ok-1", "ok-2"], plan.Assignments.Select(a => a.TeamCode));
        Assert.Equal(
            [("inside", DispatchReasons.InsideThreatZone), ("off-duty", DispatchReasons.NotAvailable), ("tiny", DispatchReasons.HeadcountBelowMinimum)],
            plan.Excluded.Select(e => (e.TeamCode, e.Reason)));
    }

    [Fact]
    public void Staging_lies_upwind_outside_the_red_zone()
    {
        // 10 t propane: red (70 kPa) radius ≈ 55 m.
        var blast = ConsequenceZones.VapourCloudExplosion(10_000, 46_350, Incident, S);
        var plan = Dispatcher.Plan(Request(ScenarioKind.Explosion, [Team("f", "d1", -3_000, 0, Fire)], blast.Red!.Area), S);

        Assert.False(blast.Red.Area!.Covers(plan.Staging));
        Assert.True(plan.Staging.X < Incident.X); // wind from the west: upwind is west
        Assert.Equal(blast.Red.ExtentM + 50, GeoMath.HaversineM(Incident, plan.Staging), 0);
    }

    [Fact]
    public void A_team_that_becomes_unavailable_is_replaced_by_another_with_the_capability()
    {
        Unit[] teams =
        [
            Team("haz-1", "d1", -1_000, 0, Hazmat), Team("haz-2", "d2", -6_000, 0, Hazmat),
            Team("fire-1", "d1", -2_000, 0, Fire), Team("ems-1", "d1", -1_000, 0, Medical),
        ];
        var request = Request(ScenarioKind.ToxicRelease, teams);
        var plan = Dispatcher.Plan(request, NoReserve);
        Assert.Equal("haz-1", plan.For(new CapabilitySlot(Capabilities.Hazmat, 1))!.TeamCode);

        var replanned = Dispatcher.Replan(plan, request, "haz-1", 5, NoReserve);

        var hazmat = replanned.For(new CapabilitySlot(Capabilities.Hazmat, 1))!;
        Assert.Equal("haz-2", hazmat.TeamCode);
        Assert.Equal(5, hazmat.DispatchedAtMin);
        Assert.Equal([DispatchReasons.Redispatch, DispatchReasons.Fastest], hazmat.Reasons);
        Assert.Equal(["hazmat#1", "fire#1", "medical#1"], replanned.Assignments.Select(a => a.Slot.Id));
        Assert.Equal(plan.Assignments.Skip(1), replanned.Assignments.Skip(1)); // the others stand
        Assert.Equal(["haz-1"], replanned.UnavailableTeams);
        Assert.Contains(replanned.Excluded, e => e.TeamCode == "haz-1" && e.Reason == DispatchReasons.NotAvailable);

        // A second loss leaves nobody with the capability: the slot becomes unfilled.
        var again = Dispatcher.Replan(replanned, request, "haz-2", 9, NoReserve);
        Assert.Null(again.For(new CapabilitySlot(Capabilities.Hazmat, 1)));
        Assert.Contains(again.Unfilled, u => u.Slot.Id == "hazmat#1" && u.Reasons.Contains(DispatchReasons.SlotUnfilled));
    }

    [Fact]
    public void A_multi_role_team_may_fill_one_slot_per_capability()
    {
        Unit[] teams = [Team("park-brigade", "d1", -1_000, 0, [Capabilities.Hazmat, Capabilities.Fire]), Team("ems", "d1", -1_000, 0, Medical)];

        var single = Dispatcher.Plan(Request(ScenarioKind.ToxicRelease, teams), NoReserve);
        Assert.Equal(["hazmat#1"], single.Assignments.Where(a => a.TeamCode == "park-brigade").Select(a => a.Slot.Id));
        Assert.Contains(single.Unfilled, u => u.Slot.Id == "fire#1");

        var multi = Dispatcher.Plan(Request(ScenarioKind.ToxicRelease, teams, multiRole: new HashSet<string> { "park-brigade" }), NoReserve);
        Assert.Equal(["hazmat#1", "fire#1"], multi.Assignments.Where(a => a.TeamCode == "park-brigade").Select(a => a.Slot.Id));
        Assert.Empty(multi.Unfilled);
    }

    [Fact]
    public void Medical_slots_scale_with_expected_serious_casualties()
    {
        var slots = RequiredSlots.For(ScenarioKind.Explosion, S.Dispatch, expectedSeriousCasualties: 9);

        Assert.Equal(["fire#1", "fire#2", "medical#1", "medical#2", "medical#3", "medical#4", "search-rescue#1"], slots.Select(s => s.Id));
        Assert.Equal(["mine-rescue#1"], RequiredSlots.For(ScenarioKind.MineAccident, S.Dispatch).Select(s => s.Id));
    }
}
