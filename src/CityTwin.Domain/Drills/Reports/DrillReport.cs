namespace CityTwin.Domain.Drills.Reports;

/// <summary>
/// A drill's report as a planner reads it (JSON, and the Markdown and map the CLI draws from it). Plain values and
/// lists only, in a fixed order, so the same run serializes to the same bytes. Times are minutes after the release.
/// </summary>
public sealed record DrillReport
{
    public required ReportScenario Scenario { get; init; }
    public required ReportPlace Origin { get; init; }
    public required IReadOnlyList<ReportConsequence> Consequences { get; init; }
    public ReportDispatch? Dispatch { get; init; }
    public required IReadOnlyList<ReportEvent> Timeline { get; init; }
    public required ReportKpis Kpis { get; init; }
    public required IReadOnlyList<ReportObjective> Objectives { get; init; }
    /// <summary>Every validity flag of every result, with its explanation (DOMAIN.md §7.5).</summary>
    public required IReadOnlyList<string> Validity { get; init; }
    /// <summary>The drill world's levels of the origin's chain (source … city): before the release, the highest reached, and at the end.</summary>
    public required IReadOnlyList<ReportLevel> WorldLevels { get; init; }
    /// <summary>The units the map shows: the origin, every affected unit and every team.</summary>
    public required IReadOnlyList<ReportPlace> Places { get; init; }
}

public sealed record ReportScenario(string Name, string Description, int Seed, string Start, double DurationMin, double StepSeconds, string SettingsVersion, string Event);

public sealed record ReportPlace(string Code, string Kind, string Name, double Lon, double Lat);

public sealed record ReportFigure(string Name, double Value, string Unit);

public sealed record ReportUnit(string Code, string Kind, string Name, double Share, double People);

/// <summary>
/// A zone: its footprint (<see cref="Ring"/>) and who was inside it. A toxic zone also says how it evolved:
/// <see cref="ClearedM"/>, how far downwind the cloud's tail had passed at the end of the run (or when the zone was
/// superseded), capped at the zone's extent (null for fires and blasts); <see cref="Shrinks"/>, when the tail passed
/// each quarter of it; <see cref="UnclearedRing"/>, the part not yet passed at the end (only while the zone was partly
/// cleared: empty when nothing was cleared or the zone ended); <see cref="EndedAtMin"/>, when the tail passed its far edge.
/// </summary>
public sealed record ReportZone(
    string Level, string Criterion, double ExtentM, string ExtentText, double AreaM2, IReadOnlyList<string> Flags,
    double People, double OnSitePeople, double ResidentPeople, IReadOnlyList<ReportUnit> Units, IReadOnlyList<string> HazardSources,
    IReadOnlyList<string> ExposedTeams, IReadOnlyList<double[]> Ring, double? EndedAtMin = null, double? ClearedM = null,
    IReadOnlyList<ReportShrink>? Shrinks = null, IReadOnlyList<double[]>? UnclearedRing = null);

/// <summary>At <see cref="AtMin"/> the tail had passed <see cref="Quarters"/>/4 of the zone; it was <see cref="ClearedM"/> downwind.</summary>
public sealed record ReportShrink(double AtMin, int Quarters, double ClearedM);

public sealed record ReportDomino(string Code, string Name, string Equipment, string LoadKind, double Load, double Threshold, double DistanceM);

public sealed record ReportConsequence(
    int Number, string Label, double AtMin, double? SupersededAtMin, string EventType, string Material, string HazardSource, string Model,
    string Weather, IReadOnlyList<string> Flags, IReadOnlyList<ReportFigure> Figures, IReadOnlyList<ReportZone> Zones, IReadOnlyList<ReportDomino> Domino);

public sealed record ReportAssignment(string Team, string Slot, string District, double EtaMin, double ActualMin, double RoadM, double DispatchedAtMin, double ArrivalAtMin, IReadOnlyList<string> Reasons);

public sealed record ReportDispatch(
    double StartMin, double StagingLon, double StagingLat, IReadOnlyList<string> Slots, IReadOnlyList<ReportAssignment> Assignments,
    IReadOnlyList<string> Unfilled, IReadOnlyList<string> Excluded, IReadOnlyList<string> Unavailable);

public sealed record ReportEvent(double AtMin, string Time, string Kind, string? Subject, double? Value, string? Detail, string? Level);

public sealed record ReportTeamTiming(string Team, string Slot, double DispatchedAtMin, double PlannedEtaMin, double? ActualMin);

public sealed record ReportKpis(
    double? DetectMin, double? ReportUnitMin, double? ReportGovernmentMin, bool? ReportGovernmentWithinNorm, double? CityAwarenessMin,
    double? ResponseStartMin, double? FirstArrivalMin, double? AllRequiredOnSceneMin, double? CordonMin, double? Evacuation90Min,
    double? Evacuation100Min, double? LeakControlledMin, double? FireUnderControlMin, IReadOnlyList<ReportFigure> PeakZoneAreaM2,
    IReadOnlyList<ReportFigure> PeakZonePeople, int SlotsLate, int SlotsUnfilled, int TeamsExposed, IReadOnlyList<ReportTeamTiming> Teams,
    IReadOnlyList<double[]> PeopleInRedZone);

public sealed record ReportObjective(string Kpi, double WithinMin, string Text, double? ActualMin, bool Met);

/// <summary>
/// A chain unit's level before the release, the highest reached and at the end; its score likewise; and how many
/// times its summary's content changed during the drill (its version's moves: a unit already Red still changes).
/// </summary>
public sealed record ReportLevel(string Code, string Kind, string Name, string Before, string Peak, string After, double BeforeScore, double HighestScore, double AfterScore, long Changes);
