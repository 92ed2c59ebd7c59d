using CityTwin.Domain.Drills;
using CityTwin.Domain.Drills.Dispatch;
using CityTwin.Domain.Drills.Kpis;
using CityTwin.Domain.Risk;
using CityTwin.Domain.Units;
using Xunit;
using static CityTwin.Domain.Tests.Drills.DrillTestData;

namespace CityTwin.Domain.Tests.Drills;

/// <summary>The §8.5 KPI set computed from a timeline.</summary>
public sealed class KpiTests
{
    private static TimeSpan Min(double m) => TimeSpan.FromMinutes(m);

    private static readonly TimelineEvent[] Timeline =
    [
        new(Min(0), TimelineEventKind.Release),
        new(Min(2), TimelineEventKind.FirstAlarm, "hs-1"),
        new(Min(4), TimelineEventKind.ReportToUnit),
        new(Min(3), TimelineEventKind.CityAwareness),
        new(Min(6), TimelineEventKind.ResponseStarted),
        new(Min(45), TimelineEventKind.ReportToGovernment),
        new(Min(6), TimelineEventKind.TeamDispatched, "haz-1", 12, "hazmat#1"),
        new(Min(6), TimelineEventKind.TeamDispatched, "fire-1", 8, "fire#1"),
        new(Min(15), TimelineEventKind.TeamArrived, "fire-1", null, "fire#1"),
        new(Min(20), TimelineEventKind.TeamArrived, "haz-1", null, "hazmat#1"),
        new(Min(10), TimelineEventKind.CordonEstablished),
        new(Min(10), TimelineEventKind.EvacuationProgress, null, 0.3),
        new(Min(30), TimelineEventKind.EvacuationProgress, null, 0.92),
        new(Min(40), TimelineEventKind.EvacuationProgress, null, 1.0),
        new(Min(5), TimelineEventKind.ZoneArea, null, 1.0e6, null, RiskLevel.Red),
        new(Min(15), TimelineEventKind.ZoneArea, null, 1.6e6, null, RiskLevel.Red),
        new(Min(25), TimelineEventKind.ZoneArea, null, 1.2e6, null, RiskLevel.Red),
        new(Min(5), TimelineEventKind.ZonePeople, null, 300, null, RiskLevel.Red),
        new(Min(25), TimelineEventKind.ZonePeople, null, 20, null, RiskLevel.Red),
        new(Min(50), TimelineEventKind.LeakControlled),
        new(Min(7), TimelineEventKind.SlotLate, "haz-1", 12, "hazmat#1"),
        new(Min(7), TimelineEventKind.TeamExposed, "fire-1"),
        new(Min(9), TimelineEventKind.TeamExposed, "fire-1"),
    ];

    [Fact]
    public void Kpis_from_a_timeline()
    {
        var k = KpiCalculator.Compute(Timeline.Reverse(), ["hazmat#1", "fire#1"]);

        Assert.Equal(Min(2), k.Detect);
        Assert.Equal(Min(4), k.ReportUnit);
        Assert.Equal(Min(45), k.ReportGovernment);
        Assert.True(k.ReportGovernmentWithinNorm);
        Assert.Equal(Min(3), k.CityAwareness);
        Assert.Equal(Min(6), k.ResponseStart);
        Assert.Equal(Min(15), k.FirstArrival);
        Assert.Equal(Min(20), k.AllRequiredOnScene);
        Assert.Equal(Min(10), k.Cordon);
        Assert.Equal(Min(30), k.Evacuation90);
        Assert.Equal(Min(40), k.Evacuation100);
        Assert.Equal(Min(50), k.LeakControlled);
        Assert.Null(k.FireUnderControl);
        Assert.Equal(1.6e6, k.PeakZoneAreaM2[RiskLevel.Red]);
        Assert.Equal(300, k.PeakZonePeople[RiskLevel.Red]);
        Assert.Equal(1, k.SlotsLate);
        Assert.Equal(0, k.SlotsUnfilled);
        Assert.Equal(1, k.TeamsExposed);
        var haz = k.Teams.Single(t => t.TeamCode == "haz-1");
        Assert.Equal(14, haz.ActualMin!.Value, 9);
        Assert.Equal(2, haz.DelayMin!.Value, 9);
        Assert.Equal([(Min(5), 300.0), (Min(25), 20.0)], KpiCalculator.PeopleInZone(Timeline, RiskLevel.Red));
    }

    [Fact]
    public void Missing_arrival_leaves_all_required_on_scene_open_and_late_report_breaks_the_norm()
    {
        var k = KpiCalculator.Compute(
        [
            new(Min(6), TimelineEventKind.TeamArrived, "fire-1", null, "fire#1"),
            new(Min(75), TimelineEventKind.ReportToGovernment),
        ], ["fire#1", "medical#1"]);

        Assert.Null(k.AllRequiredOnScene);
        Assert.False(k.ReportGovernmentWithinNorm);
        Assert.Null(k.Detect);
    }

    [Fact]
    public void Dispatch_plan_becomes_timeline_events_and_kpis()
    {
        Unit[] teams = [Team("fire-near", "d1", -1_000, 0, [Capabilities.Fire]), Team("fire-far", "d2", -20_000, 0, [Capabilities.Fire])];
        var plan = Dispatcher.Plan(new DispatchRequest(ScenarioKind.Fire, Incident, 270, teams, [], null), DrillSettings.Default);
        var events = DispatchTimeline.Events(plan, Min(5));

        var k = KpiCalculator.Compute(events, [.. plan.Slots.Select(s => s.Id)]);

        Assert.Equal(Min(5) + TimeSpan.FromMinutes(plan.Assignments.Min(a => a.EtaMin)), k.FirstArrival);
        Assert.Null(k.AllRequiredOnScene); // medical#1 is unfilled
        Assert.Equal(1, k.SlotsLate);
        Assert.Equal(1, k.SlotsUnfilled);
        Assert.All(k.Teams, t => Assert.Equal(t.PlannedEtaMin, t.ActualMin!.Value, 6));
    }
}
