using CityTwin.Domain.Risk;

namespace CityTwin.Domain.Inspections;

/// <summary>
/// Frequencies of the risk-based plan (分级分类监管) [DESIGN]: inspections per enterprise per planning period. The
/// diagnostic guide asks supervisors to inspect red and orange enterprises more often (DOMAIN.md §3.1 item 4).
/// </summary>
public sealed record PlanningOptions
{
    /// <summary>Base inspections per period by current level: Blue 0, Yellow 1, Orange 2, Red 3.</summary>
    public IReadOnlyDictionary<RiskLevel, int> PerLevel { get; init; } = new Dictionary<RiskLevel, int>
    {
        [RiskLevel.Blue] = 0, [RiskLevel.Yellow] = 1, [RiskLevel.Orange] = 2, [RiskLevel.Red] = 3,
    };

    /// <summary>An open major hidden danger: one more (the department checks its rectification on site).</summary>
    public int OpenMajorExtra { get; init; } = 1;
    /// <summary>An overdue major one: one more again (挂牌督办 follow-up).</summary>
    public int OverdueMajorExtra { get; init; } = 1;
    public int RepeatOffenderExtra { get; init; } = 1;
    /// <summary>A benchmark enterprise (标杆企业): one fewer, not below zero — unless it has an open major or repeats.</summary>
    public int BenchmarkReduction { get; init; } = 1;
    /// <summary>Share of all candidates drawn for one unannounced (四不两直) inspection; at least one when there are candidates.</summary>
    public double RandomShare { get; init; } = 0.10;
}

/// <summary>What the plan knows about an enterprise: its level, open/overdue majors, and the two flags.</summary>
public sealed record PlanCandidate(string EnterpriseCode, RiskLevel Level, int OpenMajor = 0, int OverdueMajor = 0, bool RepeatOffender = false, bool Benchmark = false);

/// <summary>One reason in a proposal: a code, its effect on the count and a sentence for the planner.</summary>
public sealed record PlanReason(string Code, int Delta, string Text);

/// <summary>Inspect this enterprise this many times in the period; <see cref="Unannounced"/> when the random draw chose it.</summary>
public sealed record InspectionProposal(string EnterpriseCode, RiskLevel Level, int Inspections, bool Unannounced, IReadOnlyList<PlanReason> Reasons);

/// <summary>The plan for a period: proposals (most inspections first, then worst level, then code) and the enterprises left out.</summary>
public sealed record InspectionPlan(DateOnly From, DateOnly To, int Seed, IReadOnlyList<InspectionProposal> Proposals, IReadOnlyList<string> NotProposed);

public static class PlanReasonCodes
{
    public const string Level = "LEVEL";
    public const string MajorOpen = "HD_MAJOR_OPEN";
    public const string MajorOverdue = "HD_MAJOR_OVERDUE";
    public const string RepeatOffender = "REPEAT_OFFENDER";
    public const string Benchmark = "BENCHMARK";
    public const string BenchmarkSuspended = "BENCHMARK_SUSPENDED";
    public const string RandomDraw = "RANDOM_DRAW";
}

/// <summary>
/// Risk-based inspection planning: a count per enterprise from its level, plus open and overdue majors and repeats,
/// minus the benchmark reduction; then an unannounced random draw over all candidates with <see cref="Random"/>
/// seeded by the caller, so the same inputs and seed give the same plan.
/// </summary>
public static class InspectionPlanning
{
    public static InspectionPlan Plan(IEnumerable<PlanCandidate> candidates, DateOnly from, DateOnly to, int seed, PlanningOptions options)
    {
        if (to < from) throw new ArgumentException($"the period ends ({to}) before it starts ({from})", nameof(to));
        var sorted = candidates.OrderBy(c => c.EnterpriseCode, StringComparer.Ordinal).ToList();
        var duplicate = sorted.GroupBy(c => c.EnterpriseCode, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ArgumentException($"enterprise {duplicate.Key} is listed more than once", nameof(candidates));

        var drawn = Draw(sorted.Count, options.RandomShare, seed).Select(i => sorted[i].EnterpriseCode).ToHashSet(StringComparer.Ordinal);
        var proposals = new List<InspectionProposal>();
        var left = new List<string>();
        foreach (var c in sorted)
        {
            var reasons = Reasons(c, drawn.Contains(c.EnterpriseCode), options);
            var count = Math.Max(0, reasons.Sum(r => r.Delta));
            if (count == 0) left.Add(c.EnterpriseCode);
            else proposals.Add(new InspectionProposal(c.EnterpriseCode, c.Level, count, drawn.Contains(c.EnterpriseCode), reasons));
        }
        return new InspectionPlan(from, to, seed,
            [.. proposals.OrderByDescending(p => p.Inspections).ThenByDescending(p => p.Level).ThenBy(p => p.EnterpriseCode, StringComparer.Ordinal)], left);
    }

    private static List<PlanReason> Reasons(PlanCandidate c, bool drawn, PlanningOptions o)
    {
        var reasons = new List<PlanReason>();
        var running = o.PerLevel.GetValueOrDefault(c.Level);
        reasons.Add(new(PlanReasonCodes.Level, running, $"{c.Level.ColourZh()} ({c.Level.NameEn()}): {running} per period"));
        if (c.OpenMajor > 0)
            reasons.Add(new(PlanReasonCodes.MajorOpen, o.OpenMajorExtra, $"{c.OpenMajor} open major hidden danger(s): +{o.OpenMajorExtra}"));
        if (c.OverdueMajor > 0)
            reasons.Add(new(PlanReasonCodes.MajorOverdue, o.OverdueMajorExtra, $"{c.OverdueMajor} overdue major hidden danger(s): +{o.OverdueMajorExtra}"));
        if (c.RepeatOffender)
            reasons.Add(new(PlanReasonCodes.RepeatOffender, o.RepeatOffenderExtra, $"repeat offender: +{o.RepeatOffenderExtra}"));
        if (c.Benchmark)
        {
            running = reasons.Sum(r => r.Delta);
            if (c.OpenMajor > 0 || c.RepeatOffender)
                reasons.Add(new(PlanReasonCodes.BenchmarkSuspended, 0, "benchmark enterprise, but the reduction is suspended (open major hidden danger or repeat offender)"));
            else if (running > 0)
            {
                var cut = Math.Min(running, o.BenchmarkReduction);
                reasons.Add(new(PlanReasonCodes.Benchmark, -cut, $"benchmark enterprise (标杆企业): −{cut}"));
            }
        }
        if (drawn) reasons.Add(new(PlanReasonCodes.RandomDraw, 1, "drawn for an unannounced inspection (四不两直): +1"));
        return reasons;
    }

    /// <summary>Partial Fisher–Yates over candidate indexes with <c>new Random(seed)</c>: k = ⌈share·n⌉ distinct indexes.</summary>
    internal static IReadOnlyList<int> Draw(int n, double share, int seed)
    {
        if (n == 0 || share <= 0) return [];
        var k = Math.Min(n, (int)Math.Ceiling(share * n));
        var random = new Random(seed);
        var index = Enumerable.Range(0, n).ToArray();
        for (var i = 0; i < k; i++)
        {
            var j = random.Next(i, n);
            (index[i], index[j]) = (index[j], index[i]);
        }
        return index[..k];
    }
}
