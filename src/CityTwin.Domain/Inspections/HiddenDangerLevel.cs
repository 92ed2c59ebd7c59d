namespace CityTwin.Domain.Inspections;

/// <summary>一般事故隐患 / 重大事故隐患 (DOMAIN.md §4.1).</summary>
public enum HiddenDangerLevel
{
    /// <summary>一般: low harm and difficulty, can be rectified at once.</summary>
    General,
    /// <summary>重大: needs (partial) suspension and a rectification period, or cannot be removed by the unit itself.</summary>
    Major,
}
