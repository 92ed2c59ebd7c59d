using CityTwin.Domain.Risk;

namespace CityTwin.Domain.Drills.Kpis;

/// <summary>What happened on a drill's timeline (DOMAIN.md §8.5).</summary>
public enum TimelineEventKind
{
    Release,
    /// <summary>First alarm (t_detect).</summary>
    FirstAlarm,
    /// <summary>First report to the unit head (t_report_unit).</summary>
    ReportToUnit,
    /// <summary>Report to the county-level government (t_report_gov, norm ≤ 60 min).</summary>
    ReportToGovernment,
    /// <summary>The alarm reached the city level.</summary>
    CityAwareness,
    /// <summary>Plan activated (响应启动).</summary>
    ResponseStarted,
    /// <summary>Subject = team, Detail = slot id, Value = planned ETA (min).</summary>
    TeamDispatched,
    /// <summary>Subject = team, Detail = slot id.</summary>
    TeamArrived,
    /// <summary>Subject = team (an inject took it out).</summary>
    TeamUnavailable,
    /// <summary>Subject = team inside a threat zone.</summary>
    TeamExposed,
    /// <summary>Detail = slot id.</summary>
    SlotLate,
    /// <summary>Detail = slot id.</summary>
    SlotUnfilled,
    /// <summary>警戒区 established.</summary>
    CordonEstablished,
    /// <summary>Value = fraction evacuated (0–1) of the people in the red and orange zones.</summary>
    EvacuationProgress,
    LeakControlled,
    FireUnderControl,
    /// <summary>Level = zone colour, Value = area (m²).</summary>
    ZoneArea,
    /// <summary>Level = zone colour, Value = people inside.</summary>
    ZonePeople,
    WeatherChanged,
    Inject,
    /// <summary>Level = zone colour, Detail = "#n criterion": the toxic cloud has passed the zone's far edge; the zone is gone.</summary>
    ZoneEnded,
    /// <summary>Subject = hazard source, Value = how many of its detectors read the plume this step, Detail = the highest reading.</summary>
    PlumeReadings,
    /// <summary>
    /// Level = zone colour, Detail = "#n criterion: …", Value = the cleared distance (m): the toxic cloud's tail has
    /// passed another quarter of the zone's extent; the zone is now the part beyond it.
    /// </summary>
    ZoneShrank,
}

/// <summary>One timeline entry at simulated time <see cref="At"/> after t0 = release.</summary>
public sealed record TimelineEvent(
    TimeSpan At,
    TimelineEventKind Kind,
    string? Subject = null,
    double? Value = null,
    string? Detail = null,
    RiskLevel? Level = null);
