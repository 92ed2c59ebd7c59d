using CityTwin.Domain.Risk;
using CityTwin.Domain.Risk.Rollup;
using CsCheck;
using Xunit;
using static CityTwin.Domain.Tests.Risk.RiskTestData;

namespace CityTwin.Domain.Tests.Risk;

/// <summary>Roll-up properties (CsCheck, fixed seed): order independence, idempotence, monotonicity, additive counts.</summary>
public sealed class RollupPropertyTests
{
    private static readonly RiskRules Rules = RiskRules.Default;

    private static readonly Gen<RiskSummary[]> ChildrenGen =
        Gen.Select(Gen.Int[0, 3], Gen.Double[0, 99], Gen.Int[0, 5], Gen.Int[0, 5]).Array[0, 60].Select(rows =>
            rows.Select((r, i) => Leaf($"C{i:000}", (RiskLevel)r.Item1, r.Item2) with
            {
                Enterprises = new ColourCounts(r.Item3, r.Item4, r.Item1, 1),
                HazardSources = new ColourCounts(r.Item4, 1, r.Item3, r.Item1),
            }).ToArray());

    [Fact]
    public void Rollup_is_independent_of_child_order()
    {
        Gen.Select(ChildrenGen, Gen.Int).Sample((children, shuffleSeed) =>
        {
            var shuffled = (RiskSummary[])children.Clone();
            new Random(shuffleSeed).Shuffle(shuffled);
            var a = RiskRollup.Compute(Park, children, Rules);
            var b = RiskRollup.Compute(Park, shuffled, Rules);
            Assert.True(a.SameContentAs(b), $"{a.Level}/{a.Score} vs {b.Level}/{b.Score}");
            Assert.Equal(a.Score, b.Score);
        }, seed: Seed, threads: 1, iter: 300);
    }

    [Fact]
    public void Rollup_is_idempotent()
    {
        ChildrenGen.Sample(children =>
        {
            var once = RiskRollup.Compute(Park, children, Rules);
            var twice = RiskRollup.Compute(Park, children, Rules, once);
            Assert.True(once.SameContentAs(twice));
            Assert.Equal(once.Version, twice.Version);
        }, seed: Seed, threads: 1, iter: 300);
    }

    [Fact]
    public void Raising_a_child_never_lowers_the_parent()
    {
        Gen.Select(ChildrenGen.Where(c => c.Length > 0), Gen.Int[0, 1000], Gen.Int[1, 3]).Sample((children, pick, steps) =>
        {
            var i = pick % children.Length;
            var raised = (RiskSummary[])children.Clone();
            raised[i] = raised[i] with { Level = raised[i].Level.Raise(steps) };
            var before = RiskRollup.Compute(Park, children, Rules);
            var after = RiskRollup.Compute(Park, raised, Rules);
            Assert.True(after.Level >= before.Level, $"{before.Level} → {after.Level}");
            Assert.True(after.Score >= before.Score, $"{before.Score} → {after.Score}");
        }, seed: Seed, threads: 1, iter: 300);
    }

    [Fact]
    public void Counts_add_up()
    {
        ChildrenGen.Sample(children =>
        {
            var s = RiskRollup.Compute(Park, children, Rules);
            Assert.Equal(children.Aggregate(default(ColourCounts), (acc, c) => acc + c.Enterprises), s.Enterprises);
            Assert.Equal(children.Aggregate(default(ColourCounts), (acc, c) => acc + c.HazardSources), s.HazardSources);
            Assert.Equal(children.Sum(c => c.Enterprises.Total), s.Enterprises.Total);
            // A parent's parent sees the same totals (additivity up the tree).
            var city = RiskRollup.Compute(new RollupParent("C", "市", RollupScope.City), [s, Leaf("X", RiskLevel.Blue)], Rules);
            Assert.Equal(s.Enterprises + ColourCounts.Of(RiskLevel.Blue), city.Enterprises);
        }, seed: Seed, threads: 1, iter: 300);
    }

    [Fact]
    public void Level_is_never_below_the_worst_child_and_score_stays_in_range()
    {
        ChildrenGen.Sample(children =>
        {
            var s = RiskRollup.Compute(Park, children, Rules);
            if (children.Length > 0) Assert.True(s.Level >= children.Max(c => c.Level));
            Assert.InRange(s.Score, 0, 100);
        }, seed: Seed, threads: 1, iter: 300);
    }
}
