using CityTwin.Domain.Chemicals;
using CityTwin.Domain.Risk;
using CityTwin.Domain.Units;
using NetTopologySuite.Geometries;
using Xunit;
using static CityTwin.Domain.Tests.Risk.RiskTestData;

namespace CityTwin.Domain.Tests.Risk;

/// <summary>Inherent levels of each kind of unit from registry data, and the problems reported when inputs are missing.</summary>
public sealed class InherentLevelsTests
{
    [Theory]
    // chlorine t, people → S, α, R, grade, colour
    [InlineData(4.0, 500, 0.8, 2.0, 6.4, null, RiskLevel.Blue)]
    [InlineData(5.0, 0, 1.0, 0.5, 2.0, 4, RiskLevel.Blue)]
    [InlineData(10.0, 30, 2.0, 1.2, 9.6, 4, RiskLevel.Blue)]
    [InlineData(10.0, 50, 2.0, 1.5, 12.0, 3, RiskLevel.Yellow)]
    [InlineData(35.0, 1, 7.0, 1.0, 28.0, 3, RiskLevel.Yellow)]
    [InlineData(62.5, 99, 12.5, 1.5, 75.0, 2, RiskLevel.Orange)]
    [InlineData(62.5, 100, 12.5, 2.0, 100.0, 1, RiskLevel.Red)]
    public void Hazard_source_by_gb18218(double chlorineT, int people, double s, double alpha, double r, int? grade, RiskLevel level)
    {
        var a = InherentLevels.Of(HazardSource("H1", "罐区H1", people, ("chlorine", chlorineT)));
        Assert.True(a.IsComplete);
        Assert.Equal(s, a.Gb18218!.S, 12);
        Assert.Equal(alpha, a.Gb18218.Alpha);
        Assert.Equal(r, a.Gb18218.R, 12);
        Assert.Equal(grade, a.Grade);
        Assert.Equal(level, a.Level);
        Assert.Equal(grade is null ? RuleCodes.Gb18218NotMajor : RuleCodes.Gb18218Grade, a.Reasons.Single().Rule);
    }

    [Fact]
    public void Worked_example_C_methanol_and_benzene()
    {
        var a = InherentLevels.Of(HazardSource("H", "罐区", 0, ("methanol", 400), ("benzene", 20)));
        Assert.Equal(1.2, a.Gb18218!.S, 12);
        Assert.Equal(0.6, a.Gb18218.R, 12);
        Assert.Equal(4, a.Grade);
    }

    [Fact]
    public void Missing_inputs_are_reported_not_guessed()
    {
        var unknown = InherentLevels.Of(HazardSource("H2", "罐区H2", 10, ("unobtainium", 5)));
        Assert.Contains(unknown.Problems, p => p.Contains("unobtainium") && p.StartsWith("H2:"));

        var empty = InherentLevels.Of(HazardSource("H3", "罐区H3", 10));
        Assert.Contains(empty.Problems, p => p.Contains("empty inventory"));

        var bare = InherentLevels.Of(Enterprise("E9", "企业E9", Profile()));
        Assert.Contains(bare.Problems, p => p.Contains("no diagnostic grading"));

        var noProfile = InherentLevels.Of(Enterprise("E8", "企业E8", null));
        Assert.False(noProfile.IsComplete);

        var park = new Unit { Code = "P9", Kind = UnitKind.Park, Name = "园区", Geometry = new Point(0, 0), Park = new ParkProfile(ParkType.Chemical, null) };
        Assert.Contains(InherentLevels.Of(park).Problems, p => p.Contains("assessment score"));

        var bad = InherentLevels.Of(Enterprise("E7", "企业E7", Profile(diagnostic: new DiagnosticAssessment(null, [new("NOPE", 1)], []))));
        Assert.Contains(bad.Problems, p => p.Contains("NOPE"));
    }

    [Theory]
    [InlineData(GasClass.LowGas, false, false, RiskLevel.Blue)]
    [InlineData(GasClass.HighGas, false, false, RiskLevel.Yellow)]
    [InlineData(GasClass.Outburst, false, false, RiskLevel.Orange)]
    [InlineData(GasClass.LowGas, true, false, RiskLevel.Yellow)]
    [InlineData(GasClass.HighGas, false, true, RiskLevel.Orange)]
    [InlineData(GasClass.Outburst, true, true, RiskLevel.Red)]
    public void Coal_mine_by_gas_class_and_hazards(GasClass gas, bool rockBurst, bool water, RiskLevel level)
    {
        var mine = Enterprise("M1", "煤矿M1", Profile(mine: new CoalMineProfile(gas, rockBurst, water)));
        Assert.Equal(level, InherentLevels.Of(mine).Level);

        // A working face without GB 18218 chemicals takes its mine's class.
        var face = HazardSource("F1", "工作面F1", 0) with { Parent = "M1" };
        var a = InherentLevels.Of(face, parent: mine);
        Assert.True(a.IsComplete);
        Assert.Equal(level, a.Level);
    }

    [Theory]
    [InlineData(1, 5, RiskLevel.Blue)]
    [InlineData(3, 3, RiskLevel.Yellow)]
    [InlineData(3, 5, RiskLevel.Orange)]
    [InlineData(4, 4, RiskLevel.Orange)]
    [InlineData(4, 5, RiskLevel.Red)]
    [InlineData(2, 4, RiskLevel.Blue)]
    public void Ls_matrix_bands(int l, int s, RiskLevel level) =>
        Assert.Equal(level, InherentLevels.Of(Enterprise("E", "E", Profile(ls: new LsAssessment(l, s)))).Level);

    [Theory]
    [InlineData(90.0, RiskLevel.Blue)]
    [InlineData(89.9, RiskLevel.Yellow)]
    [InlineData(75.0, RiskLevel.Yellow)]
    [InlineData(74.9, RiskLevel.Orange)]
    [InlineData(60.0, RiskLevel.Orange)]
    [InlineData(59.9, RiskLevel.Red)]
    public void Diagnostic_bands_from_a_given_score(double score, RiskLevel level) =>
        Assert.Equal(level, InherentLevels.Of(Enterprise("E", "E", Profile(diagnostic: new DiagnosticAssessment(score, [], [])))).Level);

    [Fact]
    public void Diagnostic_categories_are_capped_and_the_total_clamped()
    {
        var rules = RiskRules.Default.Assessment;
        // Three grade-1 sources would be −30 but the category caps at −10; 5 toxic gases −10 capped at −5.
        var capped = DiagnosticGrading.Evaluate(new DiagnosticAssessment(null, [new("MHS-G1", 3), new("SUB-TOXIC-GAS", 5)], []), rules);
        Assert.Equal(85, capped.Score, 9);
        // Bonuses are capped per category and the total never exceeds 100.
        var bonus = DiagnosticGrading.Evaluate(new DiagnosticAssessment(null, [new("STD-GRADE1", 1), new("BRIGADE-OWN", 2), new("PROC-KEY", 1)], []), rules);
        Assert.Equal(100, bonus.Score, 9);
        var accidents = DiagnosticGrading.Evaluate(new DiagnosticAssessment(null, [new("ACC-LARGER-3Y", 2), new("ACC-FATAL", 1)], []), rules);
        Assert.Equal(72, accidents.Score, 9);
        Assert.Equal(RiskLevel.Orange, accidents.Level);
    }

    [Theory]
    [InlineData(59.9, ParkGrade.A, RiskLevel.Red)]
    [InlineData(60.0, ParkGrade.B, RiskLevel.Orange)]
    [InlineData(70.0, ParkGrade.C, RiskLevel.Yellow)]
    [InlineData(84.9, ParkGrade.C, RiskLevel.Yellow)]
    [InlineData(85.0, ParkGrade.D, RiskLevel.Blue)]
    public void Chemical_park_grade(double score, ParkGrade grade, RiskLevel level)
    {
        var park = new Unit { Code = "P", Kind = UnitKind.Park, Name = "园区", Geometry = new Point(0, 0), Park = new ParkProfile(ParkType.Chemical, score) };
        var a = InherentLevels.Of(park);
        Assert.Equal(grade, a.ParkGrade);
        Assert.Equal(level, a.Level);
    }

    [Fact]
    public void An_enterprise_includes_its_hazard_sources_and_regions_have_no_own_rule()
    {
        var units = new List<Unit>
        {
            Enterprise("E1", "企业E1", Profile(lec: new LecAssessment(1, 6, 3))),
            HazardSource("H1", "罐区H1", 120, ("chlorine", 20), ("ammonia", 30)) with { Parent = "E1" },
            new() { Code = "150602", Kind = UnitKind.District, Name = "东胜区", Geometry = new Point(0, 0) },
        };
        var all = InherentLevels.OfAll(units);
        Assert.Equal(RiskLevel.Yellow, all["E1"].Level);               // grade-3 source beats LEC Blue
        Assert.Equal(RuleCodes.Gb18218Grade, all["E1"].Reasons[0].Rule);
        Assert.False(all["150602"].Applies);
        Assert.All(all.Values, a => Assert.True(a.IsComplete));
    }

    [Fact]
    public void Drill_data_is_in_the_chemical_catalog()
    {
        var cl2 = ChemicalCatalog.Default.Get("chlorine");
        Assert.Equal(20, cl2.Aegl60(3));
        Assert.Equal(2.0, cl2.Aegl60(2));
        Assert.Equal(0.5, cl2.Aegl60(1));
        Assert.Equal(3, cl2.Erpg(2));
        Assert.Equal(10, cl2.IdlhPpm);
        Assert.Equal(70.906, cl2.MolarMass);
        Assert.Equal(27, ChemicalCatalog.Default.Get("sulfur-dioxide").Aegl60(3));
        Assert.Equal(43700, ChemicalCatalog.Default.Get("gasoline").HeatOfCombustionKjPerKg);
        Assert.Equal(0.055, ChemicalCatalog.Default.Get("gasoline").BurningRateKgPerM2S);
        Assert.Null(ChemicalCatalog.Default.Get("diesel").Aegl60Ppm);
    }
}
