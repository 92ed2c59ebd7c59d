namespace CityTwin.Domain.Risk.Rollup;

/// <summary>How many units of each colour; additive, so a parent's counts are the sum of its children's.</summary>
public readonly record struct ColourCounts(int Blue, int Yellow, int Orange, int Red)
{
    public int Total => Blue + Yellow + Orange + Red;

    public int this[RiskLevel level] => level switch
    {
        RiskLevel.Blue => Blue,
        RiskLevel.Yellow => Yellow,
        RiskLevel.Orange => Orange,
        _ => Red,
    };

    /// <summary>How many are at <paramref name="level"/> or worse.</summary>
    public int AtLeast(RiskLevel level) => level switch
    {
        RiskLevel.Blue => Total,
        RiskLevel.Yellow => Yellow + Orange + Red,
        RiskLevel.Orange => Orange + Red,
        _ => Red,
    };

    public ColourCounts Add(RiskLevel level, int count = 1) => level switch
    {
        RiskLevel.Blue => this with { Blue = Blue + count },
        RiskLevel.Yellow => this with { Yellow = Yellow + count },
        RiskLevel.Orange => this with { Orange = Orange + count },
        _ => this with { Red = Red + count },
    };

    public static ColourCounts Of(RiskLevel level) => default(ColourCounts).Add(level);

    public static ColourCounts operator +(ColourCounts a, ColourCounts b) =>
        new(a.Blue + b.Blue, a.Yellow + b.Yellow, a.Orange + b.Orange, a.Red + b.Red);

    public override string ToString() => $"B{Blue} Y{Yellow} O{Orange} R{Red}";
}
