using CityTwin.Domain.Chemicals;
using CityTwin.Domain.Risk;
using CityTwin.Domain.Risk.Rollup;
using CityTwin.Domain.Units;
using Xunit;
using static CityTwin.Domain.Tests.Risk.RiskTestData;

namespace CityTwin.Domain.Tests.Risk;

/// <summary>DOMAIN.md §10 reference cases RC1–RC5 and RC16, with the tolerances given there ("exact").</summary>
public sealed class ReferenceCaseTests
{
    private static readonly Gb18218Rules Gb = RiskRules.Default.Gb18218;

    [Fact]
    public void RC1_Gb18218_chlorine_and_ammonia_is_grade_3()
    {
        var result = Gb18218.Assess([new InventoryItem("chlorine", 20), new InventoryItem("ammonia", 30)], 120, ChemicalCatalog.Default, Gb);

        Assert.Equal(7, result.S);
        Assert.Equal(2.0, result.Alpha);
        Assert.Equal(44, result.R);
        Assert.Equal(3, result.Grade);
        Assert.True(result.IsMajor);
        Assert.Equal(RiskLevel.Yellow, result.Level);
        Assert.Empty(result.Problems);
    }

    [Theory]
    [InlineData(100, 1)]
    [InlineData(99.99, 2)]
    [InlineData(50, 2)]
    [InlineData(10, 3)]
    [InlineData(9.99, 4)]
    public void RC2_Gb18218_grade_boundaries_are_lower_inclusive(double r, int grade) =>
        Assert.Equal(grade, Gb18218.Grade(r, Gb));

    [Fact]
    public void RC3_Gb18218_lpg_is_grade_4()
    {
        var result = Gb18218.Assess([new InventoryItem("lpg", 150)], 60, ChemicalCatalog.Default, Gb);

        Assert.Equal(3, result.S);
        Assert.Equal(1.5, result.Alpha);
        Assert.Equal(6.75, result.R);
        Assert.Equal(4, result.Grade);
        Assert.Equal(RiskLevel.Blue, result.Level);
    }

    [Theory]
    [InlineData(3, 6, 15, 270, RiskLevel.Orange)]
    [InlineData(10, 1, 7, 70, RiskLevel.Yellow)]
    [InlineData(1, 6, 3, 18, RiskLevel.Blue)]
    public void RC4_Lec(double l, double e, double c, double d, RiskLevel level)
    {
        var unit = Enterprise("E1", "企业E1", Profile(lec: new LecAssessment(l, e, c)));
        var assessment = InherentLevels.Of(unit);

        Assert.Equal(level, assessment.Level);
        var reason = Assert.Single(assessment.Reasons);
        Assert.Equal(RuleCodes.LecBand, reason.Rule);
        Assert.Equal(d, reason.Number("D"));
    }

    [Fact]
    public void RC5_Enterprise_diagnostic_scores_84_yellow_and_any_veto_is_red()
    {
        DiagnosticItem[] items =
        [
            new("MHS-G1", 1),          // grade-1 source −10
            new("SUB-TOXIC-GAS", 2),   // 2 inhalation-toxic gases −4
            new("PROC-KEY", 2),        // 2 key processes −4
            new("SURR-OUTSIDE-PARK", 1), // outside park −3
            new("ACC-NONE-5Y", 1),     // no accident in 5 years +5
        ];
        var rules = RiskRules.Default.Assessment;

        var graded = DiagnosticGrading.Evaluate(new DiagnosticAssessment(null, items, []), rules);
        Assert.Equal(84, graded.Score, 9);
        Assert.Equal(RiskLevel.Yellow, graded.Level);
        Assert.Empty(graded.Problems);

        foreach (var veto in rules.DiagnosticSheet.Vetoes)
        {
            var vetoed = DiagnosticGrading.Evaluate(new DiagnosticAssessment(null, items, [veto.Code]), rules);
            Assert.Equal(84, vetoed.Score, 9);
            Assert.Equal(RiskLevel.Red, vetoed.Level);
        }
    }

    [Fact]
    public void RC16_Rollup_two_orange_is_orange_and_a_third_orange_clusters_to_red()
    {
        var first = RiskRollup.Compute(Park, Children("OOYYYBBBBB"), RiskRules.Default);
        Assert.Equal(RiskLevel.Orange, first.Level);
        Assert.Equal(11.85, Math.Round(first.Score, 2));
        Assert.Equal(100.0 * 32 / 270, first.Score, 12);
        Assert.Equal(RuleCodes.WorstChild, Assert.Single(first.Reasons).Rule);

        var second = RiskRollup.Compute(Park, Children("OOOYYBBBBB"), RiskRules.Default);
        Assert.Equal(RiskLevel.Red, second.Level);
        Assert.Equal(14.07, Math.Round(second.Score, 2));
        Assert.Equal(100.0 * 38 / 270, second.Score, 12);
        Assert.Equal(RuleCodes.ClusterOrange, second.Reasons[0].Rule);
        Assert.Equal(3, second.Reasons[0].Number("m"));
        Assert.Equal(10, second.Reasons[0].Number("n"));
        Assert.Equal(3, second.Reasons[0].Number("needed"));
    }
}
