using CityTwin.Domain.Risk.Explanations;

namespace CityTwin.Domain.Risk;

/// <summary>
/// A unit's inherent (static) level from its registry data, with the reasons and the problems found. A unit
/// whose rule lacks inputs gets a problem naming what is missing; <see cref="Applies"/> is false for units that
/// have no inherent rule of their own (regions, rescue teams, industrial parks: their level is a roll-up).
/// </summary>
public sealed record InherentAssessment(string UnitCode, RiskLevel Level, IReadOnlyList<RiskReason> Reasons, IReadOnlyList<string> Problems)
{
    public bool Applies { get; init; } = true;
    public Gb18218Result? Gb18218 { get; init; }
    public DiagnosticResult? Diagnostic { get; init; }
    public ParkGrade? ParkGrade { get; init; }

    /// <summary>GB 18218 grade 1–4 when the unit is a major hazard source.</summary>
    public int? Grade => Gb18218?.Grade;

    public bool IsComplete => Problems.Count == 0;
}
