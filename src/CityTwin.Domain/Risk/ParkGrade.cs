namespace CityTwin.Domain.Risk;

/// <summary>
/// 化工园区安全风险等级 (应急〔2023〕123号, DOMAIN.md §5): A is the highest risk (高安全风险), D the lowest (较低).
/// </summary>
public enum ParkGrade
{
    A,
    B,
    C,
    D,
}
