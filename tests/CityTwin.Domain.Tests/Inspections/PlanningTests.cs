using CityTwin.Domain.Inspections;
using CityTwin.Domain.Risk;
using Xunit;
using static CityTwin.Domain.Tests.Inspections.InspectionTestData;
using P = CityTwin.Domain.Inspections.PlanReasonCodes;

namespace CityTwin.Domain.Tests.Inspections;

/// <summary>The risk-based inspection plan on a fixed set of twenty enterprises, with a fixed seed.</summary>
public sealed class PlanningTests
{
    private static readonly DateOnly From = new(2026, 7, 1);
    private static readonly DateOnly To = new(2026, 9, 30);

    private static readonly IReadOnlyList<PlanCandidate> Candidates =
    [
        new("E01", RiskLevel.Red, OpenMajor: 1, OverdueMajor: 1),
        new("E02", RiskLevel.Orange, OpenMajor: 1),
        new("E03", RiskLevel.Yellow, RepeatOffender: true),
        new("E04", RiskLevel.Blue, Benchmark: true),
        new("E05", RiskLevel.Yellow, Benchmark: true),
        new("E06", RiskLevel.Orange, OpenMajor: 1, Benchmark: true),
        .. Enumerable.Range(7, 14).Select(i => new PlanCandidate($"E{i:00}", RiskLevel.Blue)),
    ];

    /// <summary>The plan without the random draw, so the rule itself is checked on its own.</summary>
    private static readonly PlanningOptions NoDraw = Rules.Planning with { RandomShare = 0 };

    [Fact]
    public void Counts_and_reasons_by_rule()
    {
        var plan = InspectionPlanning.Plan(Candidates, From, To, seed: 1, NoDraw);
        Assert.Equal([("E01", 5), ("E02", 3), ("E06", 3), ("E03", 2)], plan.Proposals.Select(p => (p.EnterpriseCode, p.Inspections)));
        Assert.Equal([P.Level, P.MajorOpen, P.MajorOverdue], plan.Proposals[0].Reasons.Select(r => r.Code));
        Assert.Equal([3, 1, 1], plan.Proposals[0].Reasons.Select(r => r.Delta));
        Assert.Equal([P.Level, P.MajorOpen, P.BenchmarkSuspended], plan.Proposals.Single(p => p.EnterpriseCode == "E06").Reasons.Select(r => r.Code));
        Assert.Equal([P.Level, P.RepeatOffender], plan.Proposals[^1].Reasons.Select(r => r.Code));
        // E05: yellow 1 − benchmark 1 = 0; E04 and E07–E20: blue 0.
        Assert.Equal(16, plan.NotProposed.Count);
        Assert.Contains("E05", plan.NotProposed);
        Assert.All(plan.Proposals, p => Assert.False(p.Unannounced));
    }

    [Fact]
    public void A_benchmark_is_inspected_less()
    {
        var plan = InspectionPlanning.Plan([new("B1", RiskLevel.Orange, Benchmark: true), new("N1", RiskLevel.Orange)], From, To, 1, NoDraw);
        Assert.Equal([("N1", 2), ("B1", 1)], plan.Proposals.Select(p => (p.EnterpriseCode, p.Inspections)));
        Assert.Equal(new PlanReason(P.Benchmark, -1, "benchmark enterprise (标杆企业): −1"), plan.Proposals[1].Reasons[^1]);
    }

    [Fact]
    public void The_random_draw_is_seeded_and_reproducible()
    {
        var plan = InspectionPlanning.Plan(Candidates, From, To, seed: 20260701, Rules.Planning);
        var again = InspectionPlanning.Plan(Candidates.Reverse(), From, To, seed: 20260701, Rules.Planning);
        var drawn = plan.Proposals.Where(p => p.Unannounced).Select(p => p.EnterpriseCode).Order().ToList();
        Assert.Equal(2, drawn.Count); // ⌈10 % × 20⌉
        Assert.Equal(drawn, again.Proposals.Where(p => p.Unannounced).Select(p => p.EnterpriseCode).Order());
        Assert.Equal(plan.Proposals.Select(p => (p.EnterpriseCode, p.Inspections)), again.Proposals.Select(p => (p.EnterpriseCode, p.Inspections)));
        // The draw is exactly the first k of a Fisher–Yates shuffle by System.Random(seed) over the codes in order.
        Assert.Equal(ExpectedDraw(Candidates.Select(c => c.EnterpriseCode).Order(StringComparer.Ordinal).ToList(), 2, 20260701), drawn);
        foreach (var p in plan.Proposals.Where(p => p.Unannounced))
            Assert.Equal(new PlanReason(P.RandomDraw, 1, "drawn for an unannounced inspection (四不两直): +1"), p.Reasons[^1]);
        Assert.Equal(plan.Proposals.Sum(p => p.Inspections), InspectionPlanning.Plan(Candidates, From, To, 1, NoDraw).Proposals.Sum(p => p.Inspections) + 2);
    }

    [Fact]
    public void The_fixed_seed_draws_these_enterprises()
    {
        // Pinned: a change here means plans published earlier can no longer be reproduced.
        var plan = InspectionPlanning.Plan(Candidates, From, To, seed: 42, Rules.Planning);
        Assert.Equal(["E04", "E14"], plan.Proposals.Where(p => p.Unannounced).Select(p => p.EnterpriseCode).Order());
        // E04 is a blue benchmark (0 by rule) and E14 blue: each gets exactly the one unannounced visit.
        Assert.All(plan.Proposals.Where(p => p.Unannounced), p => Assert.Equal(1, p.Inspections));
        Assert.Equal(6, plan.Proposals.Count);
    }

    [Fact]
    public void Different_seeds_draw_differently()
    {
        var draws = Enumerable.Range(0, 20).Select(seed => string.Join(",", InspectionPlanning.Plan(Candidates, From, To, seed, Rules.Planning)
            .Proposals.Where(p => p.Unannounced).Select(p => p.EnterpriseCode).Order())).Distinct().Count();
        Assert.True(draws > 5, $"only {draws} distinct draws over 20 seeds");
    }

    [Fact]
    public void Bad_input_is_refused()
    {
        Assert.Throws<ArgumentException>(() => InspectionPlanning.Plan([new("E1", RiskLevel.Red), new("E1", RiskLevel.Blue)], From, To, 1, NoDraw));
        Assert.Throws<ArgumentException>(() => InspectionPlanning.Plan(Candidates, To, From, 1, NoDraw));
        Assert.Empty(InspectionPlanning.Plan([], From, To, 1, Rules.Planning).Proposals);
    }

    private static List<string> ExpectedDraw(List<string> codes, int k, int seed)
    {
        var random = new Random(seed);
        var a = codes.ToArray();
        for (var i = 0; i < k; i++)
        {
            var j = random.Next(i, a.Length);
            (a[i], a[j]) = (a[j], a[i]);
        }
        return [.. a.Take(k).Order(StringComparer.Ordinal)];
    }
}
