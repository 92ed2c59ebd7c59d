using CityTwin.Domain.Risk;
using CityTwin.Domain.Risk.Rollup;
using CityTwin.Domain.Units;
using NetTopologySuite.Geometries;
using Xunit;
using static CityTwin.Domain.Tests.Risk.RiskTestData;

namespace CityTwin.Domain.Tests.Risk;

/// <summary>The roll-up rules of DOMAIN.md §6, case by case.</summary>
public sealed class RollupTests
{
    private static readonly RiskRules Rules = RiskRules.Default;

    [Fact]
    public void No_children_is_blue_with_score_zero()
    {
        var s = RiskRollup.Compute(Park, [], Rules);
        Assert.Equal(RiskLevel.Blue, s.Level);
        Assert.Equal(0, s.Score);
        Assert.Empty(s.Reasons);
        Assert.Equal(1, s.Version);
    }

    [Fact]
    public void One_red_child_makes_the_parent_red()
    {
        var s = RiskRollup.Compute(Park, Children("R" + new string('B', 49)), Rules);
        Assert.Equal(RiskLevel.Red, s.Level);
        Assert.Equal(RuleCodes.WorstChild, s.Reasons[0].Rule);
        Assert.Equal("E00", s.Reasons[0].Text("child"));
    }

    [Fact]
    public void Yellow_cluster_lifts_to_orange()
    {
        var s = RiskRollup.Compute(Park, Children("YYYBBBBBBB"), Rules);
        Assert.Equal(RiskLevel.Orange, s.Level);
        Assert.Equal([RuleCodes.ClusterYellow, RuleCodes.WorstChild], s.Reasons.Select(r => r.Rule));
        Assert.Equal(3, s.Reasons[0].Number("m"));
    }

    [Fact]
    public void Clusters_are_share_based_fifty_children_need_fifteen_orange()
    {
        Assert.Equal(RiskLevel.Orange, RiskRollup.Compute(Park, Children(new string('O', 14) + new string('B', 36)), Rules).Level);
        Assert.Equal(RiskLevel.Red, RiskRollup.Compute(Park, Children(new string('O', 15) + new string('B', 35)), Rules).Level);
    }

    [Fact]
    public void K_min_protects_small_parents()
    {
        // 2 of 2 Yellow is 100 % but below k_min = 3.
        Assert.Equal(RiskLevel.Yellow, RiskRollup.Compute(Park, Children("YY"), Rules).Level);
        Assert.Equal(RiskLevel.Orange, RiskRollup.Compute(Park, Children("YYY"), Rules).Level);
    }

    [Fact]
    public void Cluster_parameters_are_per_parent_kind()
    {
        var rules = Rules with
        {
            Rollup = Rules.Rollup with
            {
                Cluster = new Dictionary<RollupScope, ClusterRule> { [RollupScope.City] = new(2, 0.1) },
            },
        };
        var children = Children("YYBBBBBBBB");
        Assert.Equal(RiskLevel.Orange, RiskRollup.Compute(new RollupParent("C", "市", RollupScope.City), children, rules).Level);
        Assert.Equal(RiskLevel.Yellow, RiskRollup.Compute(new RollupParent("D", "区", RollupScope.District), children, rules).Level);
    }

    [Fact]
    public void Counts_add_up_and_worst_children_are_ordered()
    {
        var children = new[]
        {
            Leaf("E1", RiskLevel.Yellow, 30) with { HazardSources = new ColourCounts(2, 1, 0, 0) },
            Leaf("E2", RiskLevel.Orange, 55) with { HazardSources = new ColourCounts(0, 0, 3, 0) },
            Leaf("E3", RiskLevel.Orange, 60),
            Leaf("E4", RiskLevel.Blue, 1),
        };
        var s = RiskRollup.Compute(Park, children, Rules);
        Assert.Equal(new ColourCounts(1, 1, 2, 0), s.Enterprises);
        Assert.Equal(new ColourCounts(3, 1, 4, 0), s.HazardSources);
        Assert.Equal(["E3", "E2", "E1"], s.Worst.Select(w => w.Code));
    }

    [Fact]
    public void Child_weights_enter_both_sums()
    {
        var children = new[] { Leaf("A", RiskLevel.Red) with { Weight = 3 }, Leaf("B", RiskLevel.Blue) };
        var s = RiskRollup.Compute(Park, children, Rules);
        Assert.Equal(100.0 * (3 * 27 + 1) / (27 * 4), s.Score, 12);
    }

    [Fact]
    public void A_chemical_park_never_goes_below_its_own_grade()
    {
        var unit = new Unit
        {
            Code = "P1", Kind = UnitKind.Park, Name = "化工园区P1", Geometry = new Point(109.9, 39.8) { SRID = 4326 },
            Park = new ParkProfile(ParkType.Chemical, 65),
        };
        var own = InherentLevels.Of(unit);
        Assert.Equal(ParkGrade.B, own.ParkGrade);
        var s = RiskRollup.Compute(Park with { Own = own }, Children("YBB"), Rules);
        Assert.Equal(RiskLevel.Orange, s.Level);
        Assert.Equal(RuleCodes.ParkGrade, s.Reasons[0].Rule);
    }

    [Fact]
    public void The_version_moves_only_when_the_content_moves()
    {
        var first = RiskRollup.Compute(Park, Children("OYB"), Rules);
        var same = RiskRollup.Compute(Park, Children("OYB"), Rules, first);
        var changed = RiskRollup.Compute(Park, Children("OOB"), Rules, same);
        Assert.Equal(1, first.Version);
        Assert.Equal(1, same.Version);
        Assert.Equal(2, changed.Version);
    }

    [Fact]
    public void Enterprise_summaries_count_the_enterprise_and_its_sources()
    {
        var e = new EnterpriseAssessment("E1", "企业E1", RiskLevel.Orange, RiskLevel.Yellow, 52,
            new EnterpriseCounts(default, 0, 0, 0, new ColourCounts(1, 0, 1, 0)), []);
        var s = RiskSummary.Of(e, 4);
        Assert.Equal(ColourCounts.Of(RiskLevel.Orange), s.Enterprises);
        Assert.Equal(new ColourCounts(1, 0, 1, 0), s.HazardSources);
        Assert.Equal(4, s.Version);
    }
}
