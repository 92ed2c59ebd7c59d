namespace CityTwin.Domain.Inspections;

/// <summary>
/// The four levels of 四级签字 as CityTwin interprets them [DESIGN, DOMAIN.md §4.4; no national definition found].
/// </summary>
public enum SignOffLevel
{
    /// <summary>(1) the inspector who found or verified it.</summary>
    Inspector = 1,
    /// <summary>(2) the enterprise safety manager (整改责任人).</summary>
    SafetyManager = 2,
    /// <summary>(3) the enterprise principal (主要负责人).</summary>
    Principal = 3,
    /// <summary>(4) the head of the supervising department (监管部门负责人).</summary>
    DepartmentHead = 4,
}

/// <summary>One signature: which level, who, in what role, when.</summary>
public sealed record SignOff(SignOffLevel Level, string Subject, string Role, DateTimeOffset At, string? Comment = null);
