namespace CityTwin.Domain.Risk;

/// <summary>
/// The four colours of 安委办〔2016〕11号 (DOMAIN.md §2.1), ordered so that a larger value is a worse risk:
/// Blue 低风险 &lt; Yellow 一般风险 &lt; Orange 较大风险 &lt; Red 重大风险.
/// </summary>
public enum RiskLevel
{
    Blue = 0,
    Yellow = 1,
    Orange = 2,
    Red = 3,
}

public static class RiskLevels
{
    public static readonly IReadOnlyList<RiskLevel> All = [RiskLevel.Blue, RiskLevel.Yellow, RiskLevel.Orange, RiskLevel.Red];

    /// <summary>蓝色 / 黄色 / 橙色 / 红色.</summary>
    public static string ColourZh(this RiskLevel level) => level switch
    {
        RiskLevel.Blue => "蓝色",
        RiskLevel.Yellow => "黄色",
        RiskLevel.Orange => "橙色",
        RiskLevel.Red => "红色",
        _ => throw new ArgumentOutOfRangeException(nameof(level)),
    };

    /// <summary>低风险 / 一般风险 / 较大风险 / 重大风险.</summary>
    public static string NameZh(this RiskLevel level) => level switch
    {
        RiskLevel.Blue => "低风险",
        RiskLevel.Yellow => "一般风险",
        RiskLevel.Orange => "较大风险",
        RiskLevel.Red => "重大风险",
        _ => throw new ArgumentOutOfRangeException(nameof(level)),
    };

    /// <summary>Blue / Yellow / Orange / Red.</summary>
    public static string ColourEn(this RiskLevel level) => level.ToString();

    /// <summary>low / moderate / considerable / major risk.</summary>
    public static string NameEn(this RiskLevel level) => level switch
    {
        RiskLevel.Blue => "low risk",
        RiskLevel.Yellow => "moderate risk",
        RiskLevel.Orange => "considerable risk",
        RiskLevel.Red => "major risk",
        _ => throw new ArgumentOutOfRangeException(nameof(level)),
    };

    public static int Index(this RiskLevel level) => (int)level;

    public static RiskLevel Max(RiskLevel a, RiskLevel b) => a >= b ? a : b;

    public static RiskLevel Min(RiskLevel a, RiskLevel b) => a <= b ? a : b;

    /// <summary>One step worse, capped at Red (the "level + 1" of DOMAIN.md §3.2).</summary>
    public static RiskLevel Raise(this RiskLevel level, int steps = 1) =>
        (RiskLevel)Math.Clamp((int)level + steps, (int)RiskLevel.Blue, (int)RiskLevel.Red);
}
