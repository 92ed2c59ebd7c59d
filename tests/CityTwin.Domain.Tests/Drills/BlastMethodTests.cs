using System.Globalization;
using CityTwin.Domain.Chemicals;
using CityTwin.Domain.Drills;
using CityTwin.Domain.Drills.Explosion;
using CityTwin.Domain.Drills.Runs;
using CityTwin.Domain.Drills.Scenarios;
using CityTwin.Domain.Drills.Weather;
using CityTwin.Domain.Drills.Zones;
using CityTwin.Domain.Risk;
using Xunit;
using static CityTwin.Domain.Tests.Drills.DrillAssert;

namespace CityTwin.Domain.Tests.Drills;

/// <summary>
/// A scenario's vapour-cloud explosion chooses its method (<c>blastMethod</c>) and yield (<c>yield</c>); the reader
/// checks both with field and line, and the run draws the zones by that method (RC13 for the 安全评价 method).
/// </summary>
public sealed class BlastMethodTests
{
    private static readonly DrillSettings S = DrillSettings.Default;
    private static readonly WeatherConditions Calm = new(2, 0, StabilityClass.D, Terrain.Rural);

    /// <summary>RC13's 4 t of benzene at Q_f 41 797 kJ/kg, as a mass of the catalog's benzene (40 000 kJ/kg).</summary>
    private static readonly double Rc13FuelKg = 4000 * 41_797 / ChemicalCatalog.Default.Get("benzene").HeatOfCombustionKjPerKg!.Value;

    private static string Scenario(string ev, string injects = "[]") => $$"""
        {
          "format": "citytwin-drill/1",
          "name": "blast method",
          "start": "2026-06-12T10:00:00+08:00",
          "event": {{ev}},
          "weather": { "windSpeedMs": 2, "windFromDeg": 0, "stability": "D" },
          "injects": {{injects}}
        }
        """;

    private static string Vce(string extra) => string.Create(CultureInfo.InvariantCulture,
        $$"""{ "type": "vapour-cloud-explosion", "hazardSource": "hs-150624-0005-1", "material": "benzene", "amountKg": {{Rc13FuelKg:R}}{{extra}} }""");

    private static DrillScenario Read(string text)
    {
        var parse = ScenarioReader.Read(text);
        Assert.True(parse.Ok, string.Join(" | ", parse.Problems));
        return parse.Scenario!;
    }

    private static void Has(string text, string field, int line, string fragment)
    {
        var parse = ScenarioReader.Read(text);
        Assert.Null(parse.Scenario);
        var hit = parse.Problems.FirstOrDefault(p => p.Field == field && p.Message.Contains(fragment, StringComparison.Ordinal));
        Assert.True(hit is not null, $"no problem for {field} containing '{fragment}'; got: {string.Join(" | ", parse.Problems)}");
        Assert.Equal(line, hit.Line);
    }

    [Fact]
    public void Method_and_yield_are_read_and_default_to_swisdak_and_the_settings_yield()
    {
        var plain = Read(Scenario(Vce(""))).Event;
        Assert.Equal(BlastMethod.Swisdak, plain.BlastMethod);
        Assert.Null(plain.Yield);

        var chinese = Read(Scenario(Vce(""", "blastMethod": "safety-assessment", "yield": 0.04"""))).Event;
        Assert.Equal(BlastMethod.SafetyAssessment, chinese.BlastMethod);
        Assert.Equal(0.04, chinese.Yield);

        var second = Read(Scenario(Vce(""), $$"""[ { "atMin": 1, "type": "second-release", "event": {{Vce(""", "blastMethod": "mills" """)}} } ]""")).Injects[0].Event!;
        Assert.Equal(BlastMethod.Mills, second.BlastMethod);
    }

    [Fact]
    public void A_bad_method_is_named_with_its_field_and_line()
    {
        var text = Scenario("""
            {
                "type": "vapour-cloud-explosion", "hazardSource": "hs-150624-0005-1", "material": "benzene", "amountKg": 100,
                "blastMethod": "tno-multi-energy"
              }
            """);
        Has(text, "event.blastMethod", 7, "'tno-multi-energy' is not one of swisdak, mills, safety-assessment");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-0.1")]
    [InlineData("1.5")]
    public void A_yield_out_of_range_is_named_with_its_field_and_line(string yield)
    {
        var text = Scenario($$"""
            {
                "type": "vapour-cloud-explosion", "hazardSource": "hs-150624-0005-1", "material": "benzene", "amountKg": 100,
                "blastMethod": "swisdak",
                "yield": {{yield}}
              }
            """);
        Has(text, "event.yield", 8, "out of range: must be more than 0 and at most 1");
    }

    [Fact]
    public void Method_and_yield_are_refused_on_other_event_types()
    {
        var text = Scenario("""
            {
                "type": "pool-fire", "hazardSource": "hs-150624-0005-1", "material": "gasoline", "poolDiameterM": 20,
                "blastMethod": "mills",
                "yield": 0.1
              }
            """);
        Has(text, "event.blastMethod", 7, "does not apply to pool-fire");
        Has(text, "event.yield", 8, "does not apply to pool-fire");

        var inject = Scenario(Vce(""), """
            [
              { "atMin": 1, "type": "second-release",
                "event": { "type": "bleve", "hazardSource": "hs-150624-0005-1", "material": "lpg", "amountKg": 100, "yield": 0.1 } }
            ]
            """);
        Has(inject, "injects[0].event.yield", 9, "does not apply to bleve");
    }

    [Fact]
    public void RC13_safety_assessment_method_through_the_run()
    {
        var ev = Read(Scenario(Vce(""", "blastMethod": "safety-assessment", "yield": 0.04"""))).Event;
        var r = DrillRun.Compute(ev, Calm, DrillTestData.Incident, S, ChemicalCatalog.Default);

        Assert.Contains("安全评价", r.Model, StringComparison.Ordinal);
        Relative(2663, r.Figure("W_TNT"), 0.01);
        Assert.Equal(0.04, r.Figure("α"));
        Relative(19.5, r.Red!.ExtentM, 0.01);
        Relative(53.5, r.Zone(RiskLevel.Orange)!.ExtentM, 0.01);
        Relative(96.2, r.Zone(RiskLevel.Yellow)!.ExtentM, 0.01);
        Assert.Equal(["R_0.5 死亡半径 (50 % lethality)", "重伤 44 kPa", "轻伤 17 kPa"], r.Zones.Select(z => z.Criterion));
        Assert.Equal(ValidityFlags.None, r.Flags);

        // The default α (ChineseYield 0.04) gives the same; the reach the drill world copies is the 轻伤 radius.
        var byDefault = DrillRun.Compute(ev with { Yield = null }, Calm, DrillTestData.Incident, S, ChemicalCatalog.Default);
        Assert.Equal(r.Zone(RiskLevel.Yellow)!.ExtentM, byDefault.Zone(RiskLevel.Yellow)!.ExtentM);
        var scenario = Read(Scenario(Vce(""", "blastMethod": "safety-assessment" """)));
        Relative(96.2, DrillRun.ReachM(scenario, DrillTestData.Incident, S, marginM: 0), 0.01);
    }

    [Fact]
    public void Tnt_methods_use_their_curve_and_the_given_yield()
    {
        var ev = Read(Scenario(Vce(""))).Event;
        var swisdak = DrillRun.Compute(ev, Calm, DrillTestData.Incident, S, ChemicalCatalog.Default);
        var mills = DrillRun.Compute(ev with { BlastMethod = BlastMethod.Mills }, Calm, DrillTestData.Incident, S, ChemicalCatalog.Default);
        var tenth = DrillRun.Compute(ev with { Yield = 0.1 }, Calm, DrillTestData.Incident, S, ChemicalCatalog.Default);

        Assert.Equal("TNT equivalence, Swisdak fit", swisdak.Model);
        Assert.Equal("TNT equivalence, Mills fit", mills.Model);
        Assert.Equal(S.Explosion.Yield, swisdak.Figure("yield"));
        Relative(S.Explosion.Yield * Rc13FuelKg * 40_000 / S.Explosion.TntEnergyKjKg, swisdak.Figure("W_TNT"), 1e-9);
        Assert.Equal(swisdak.Figure("W_TNT"), mills.Figure("W_TNT"));
        // 1 psi: Z 18.13 (Swisdak) against 15.65 (Mills).
        Relative(15.65 / 18.13, mills.Zone(RiskLevel.Yellow)!.ExtentM / swisdak.Zone(RiskLevel.Yellow)!.ExtentM, 0.01);
        Assert.Equal(0.1, tenth.Figure("yield"));
        Relative(0.1 / S.Explosion.Yield, tenth.Figure("W_TNT") / swisdak.Figure("W_TNT"), 1e-9);
    }
}
