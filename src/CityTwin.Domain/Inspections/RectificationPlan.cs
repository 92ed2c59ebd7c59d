namespace CityTwin.Domain.Inspections;

/// <summary>
/// 治理方案 of 16号令 (DOMAIN.md §4.3): objective and tasks, methods and measures, funds and materials, responsible
/// organisation and persons, deadline, safety measures and emergency plan. Required for a major hidden danger
/// before RECTIFYING.
/// </summary>
public sealed record RectificationPlan(
    string Objective,
    string Measures,
    string ResponsibleOrganisation,
    string ResponsiblePerson,
    DateOnly Deadline,
    decimal? Funds = null,
    string? SafetyMeasures = null,
    string? EmergencyPlan = null);
