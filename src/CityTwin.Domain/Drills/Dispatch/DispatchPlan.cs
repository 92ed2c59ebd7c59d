using NetTopologySuite.Geometries;

namespace CityTwin.Domain.Drills.Dispatch;

/// <summary>
/// What the dispatcher needs: the scenario, the incident and wind, the teams (units with a rescue-team profile), the
/// threat-zone polygons (teams inside any are not candidates) and the hot zone (staging stays outside it).
/// </summary>
public sealed record DispatchRequest(
    ScenarioKind Scenario,
    Point Incident,
    double WindFromDeg,
    IReadOnlyList<Units.Unit> Teams,
    IReadOnlyList<Geometry> ThreatZones,
    Geometry? HotZone,
    bool Rural = false,
    int ExpectedSeriousCasualties = 0,
    IReadOnlySet<string>? MultiRoleTeams = null);

/// <summary>One team sent to one slot: ETA (min), road and great-circle distance (m), when it was sent and why.</summary>
public sealed record TeamAssignment(
    string TeamCode,
    CapabilitySlot Slot,
    string District,
    double EtaMin,
    double RoadM,
    double GreatCircleM,
    double DispatchedAtMin,
    IReadOnlyList<string> Reasons)
{
    /// <summary>Minutes from the start of the response.</summary>
    public double ArrivalMin => DispatchedAtMin + EtaMin;

    public bool Late => Reasons.Contains(DispatchReasons.SlotLate);
}

/// <summary>A slot nobody could fill (SLOT_UNFILLED, mutual aid requested).</summary>
public sealed record UnfilledSlot(CapabilitySlot Slot, IReadOnlyList<string> Reasons);

/// <summary>A team that could not be a candidate, and why.</summary>
public sealed record ExcludedTeam(string TeamCode, string Reason);

/// <summary>The dispatch plan: staging point, assignments in slot order, unfilled slots, excluded teams.</summary>
public sealed record DispatchPlan(
    Point Staging,
    IReadOnlyList<CapabilitySlot> Slots,
    IReadOnlyList<TeamAssignment> Assignments,
    IReadOnlyList<UnfilledSlot> Unfilled,
    IReadOnlyList<ExcludedTeam> Excluded,
    IReadOnlyList<string> UnavailableTeams)
{
    public TeamAssignment? For(CapabilitySlot slot) => Assignments.FirstOrDefault(a => a.Slot == slot);

    public IEnumerable<TeamAssignment> LateAssignments => Assignments.Where(a => a.Late);
}
