using CityTwin.Domain.Risk.Explanations;

namespace CityTwin.Domain.Risk.Rollup;

/// <summary>One of the worst children a summary carries, with its own top reasons.</summary>
public sealed record ChildDigest(string Code, string Name, RiskLevel Level, double Score, IReadOnlyList<RiskReason> Reasons);

/// <summary>
/// What a unit tells its parent (DOMAIN.md §6): level, score, counts of leaf enterprises and hazard sources by
/// colour in its subtree, its worst few children with their reasons, its own reasons, and a version that moves
/// only when the content moves. Everything a parent needs is here, so a parent is recomputable from its direct
/// children's summaries alone.
/// </summary>
public sealed record RiskSummary
{
    public required string Code { get; init; }
    public required string Name { get; init; }
    public RiskLevel Level { get; init; }
    public double Score { get; init; }
    public ColourCounts Enterprises { get; init; }
    public ColourCounts HazardSources { get; init; }
    public IReadOnlyList<ChildDigest> Worst { get; init; } = [];
    public IReadOnlyList<RiskReason> Reasons { get; init; } = [];
    public long Version { get; init; }
    /// <summary>Optional child weight in the parent's score (population, R, …); 1 by default (§6 item 3).</summary>
    public double Weight { get; init; } = 1;
    /// <summary>
    /// When the oldest change this summary is the first to carry left an enterprise: the city subtracts it from its
    /// own clock to measure the roll-up lag. Not content: two summaries differing only here are the same.
    /// </summary>
    public DateTimeOffset? Origin { get; init; }

    /// <summary>An enterprise as a roll-up leaf: it counts itself, and its hazard sources by their dynamic level.</summary>
    public static RiskSummary Of(EnterpriseAssessment e, long version = 1, double weight = 1) => new()
    {
        Code = e.Code,
        Name = e.Name,
        Level = e.Level,
        Score = e.Score,
        Enterprises = ColourCounts.Of(e.Level),
        HazardSources = e.Counts.HazardSources,
        Reasons = e.Reasons,
        Version = version,
        Weight = weight,
    };

    /// <summary>True when everything but the version and the weight (the grandparent's business) is the same (reasons compared by rule, unit, level and inputs).</summary>
    public bool SameContentAs(RiskSummary other) =>
        Code == other.Code && Name == other.Name && Level == other.Level && Score.Equals(other.Score)
        && Enterprises == other.Enterprises && HazardSources == other.HazardSources
        && Worst.Count == other.Worst.Count
        && Worst.Zip(other.Worst).All(p => p.First.Code == p.Second.Code && p.First.Level == p.Second.Level
            && p.First.Score.Equals(p.Second.Score) && SameReasons(p.First.Reasons, p.Second.Reasons))
        && SameReasons(Reasons, other.Reasons);

    private static bool SameReasons(IReadOnlyList<RiskReason> a, IReadOnlyList<RiskReason> b) =>
        a.Count == b.Count && a.Zip(b).All(p => p.First.Rule == p.Second.Rule && p.First.UnitCode == p.Second.UnitCode
            && p.First.Level == p.Second.Level && p.First.Since == p.Second.Since && p.First.Inputs.SequenceEqual(p.Second.Inputs));
}
