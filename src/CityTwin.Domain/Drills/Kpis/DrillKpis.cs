using CityTwin.Domain.Risk;

namespace CityTwin.Domain.Drills.Kpis;

/// <summary>One team's planned ETA against its actual travel time (both min), null while not arrived.</summary>
public sealed record TeamTiming(string TeamCode, string SlotId, TimeSpan DispatchedAt, double PlannedEtaMin, double? ActualMin)
{
    public double? DelayMin => ActualMin - PlannedEtaMin;
}

/// <summary>The KPI set of DOMAIN.md §8.5, all times from t0 = release; null when the event did not happen.</summary>
public sealed record DrillKpis
{
    public TimeSpan? Detect { get; init; }
    public TimeSpan? ReportUnit { get; init; }
    public TimeSpan? ReportGovernment { get; init; }
    /// <summary>t_report_gov within the 1 h norm (国务院令第493号), null if not reported.</summary>
    public bool? ReportGovernmentWithinNorm { get; init; }
    public TimeSpan? CityAwareness { get; init; }
    public TimeSpan? ResponseStart { get; init; }
    public TimeSpan? FirstArrival { get; init; }
    /// <summary>When every required slot had an arrived team; null if some never did.</summary>
    public TimeSpan? AllRequiredOnScene { get; init; }
    public IReadOnlyList<TeamTiming> Teams { get; init; } = [];
    public TimeSpan? Cordon { get; init; }
    public TimeSpan? Evacuation90 { get; init; }
    public TimeSpan? Evacuation100 { get; init; }
    public TimeSpan? LeakControlled { get; init; }
    public TimeSpan? FireUnderControl { get; init; }
    public IReadOnlyDictionary<RiskLevel, double> PeakZoneAreaM2 { get; init; } = new Dictionary<RiskLevel, double>();
    public IReadOnlyDictionary<RiskLevel, double> PeakZonePeople { get; init; } = new Dictionary<RiskLevel, double>();
    public int SlotsLate { get; init; }
    public int SlotsUnfilled { get; init; }
    /// <summary>Distinct teams inside a threat zone at some time (should be 0).</summary>
    public int TeamsExposed { get; init; }
}
