using CityTwin.Domain.Chemicals;
using CityTwin.Domain.Drills;
using CityTwin.Domain.Drills.Dispatch;
using CityTwin.Domain.Drills.Dispersion;
using CityTwin.Domain.Drills.Explosion;
using CityTwin.Domain.Drills.Fire;
using CityTwin.Domain.Drills.Geo;
using CityTwin.Domain.Drills.Weather;
using CityTwin.Domain.Drills.Zones;
using CityTwin.Domain.Risk;
using CityTwin.Domain.Units;
using Xunit;
using static CityTwin.Domain.Tests.Drills.DrillAssert;

namespace CityTwin.Domain.Tests.Drills;

/// <summary>DOMAIN.md §10 reference cases RC6–RC15 and RC17 with the tolerances given there.</summary>
public sealed class DrillReferenceCaseTests
{
    private static readonly DrillSettings S = DrillSettings.Default;
    private static readonly Chemical Chlorine = ChemicalCatalog.Default.Get("chlorine");

    [Fact]
    public void RC6_plume_ccps_inputs_rural_F()
    {
        var (sy, sz) = DispersionSigma.Briggs(500, StabilityClass.F, Terrain.Rural, S.Dispersion);
        var c = GaussianPlume.GroundCentreline(0.1, 2, sy, sz);

        Relative(19.52, sy, 0.005);
        Relative(6.957, sz, 0.005);
        Relative(1.172e-4, c, 0.005);
    }

    [Fact]
    public void RC7_puff_ccps_F()
    {
        var (sxy, sz) = DispersionSigma.Puff(500, StabilityClass.F, S.Dispersion);
        var c = GaussianPuff.Concentration(1, 2, 250, sxy, sxy, sz, 500, 0, 0, 0);

        Relative(5.048, sxy, 0.005);
        Relative(2.215, sz, 0.005);
        Relative(2.250e-3, c, 0.005);
        Assert.Equal(c, GaussianPuff.GroundPeak(1, sxy, sz), 12);
    }

    [Fact]
    public void RC8_chlorine_plume_one_tonne_over_ten_minutes()
    {
        var release = new ToxicRelease("chlorine", 1000, 600);
        var weather = new WeatherConditions(3, 270, StabilityClass.D, Terrain.Rural);
        var a = ToxicDispersion.Assess(release, weather, Chlorine, S);

        Assert.Equal(DispersionModel.Plume, a.Field.Model);
        Relative(61.1, a.Field.GroundCentreline(1000) * 1e6, 0.01);
        var red = a.Zones.Single(z => z.Endpoint.Level == RiskLevel.Red);
        var orange = a.Zones.Single(z => z.Endpoint.Level == RiskLevel.Orange);
        var yellow = a.Zones.Single(z => z.Endpoint.Level == RiskLevel.Yellow);
        Assert.Equal("AEGL-3 60 min", red.Endpoint.Name);
        Relative(1032, red.DistanceM, 0.01);
        Relative(4666, orange.DistanceM, 0.01);
        Relative(13345, yellow.DistanceM, 0.01);
        Assert.Equal(ValidityFlags.None, red.Flags);
        Assert.Equal(ValidityFlags.BeyondRange, yellow.Flags);
        Relative(0.88, a.DenseGasCriterion, 0.01);
        Assert.True(a.Flags.HasFlag(ValidityFlags.DenseGas));

        var result = ConsequenceZones.ToxicRelease(release, weather, GeoMath.Point(109.95, 39.8), S);
        Assert.Equal("1032 m", result.Red!.ExtentText);
        Assert.Equal("> 10 km", result.Zone(RiskLevel.Yellow)!.ExtentText);
        Assert.Contains("BEYOND_RANGE", result.Flags.Codes());
        Assert.Contains("DENSE_GAS", result.Flags.Codes());
    }

    [Fact]
    public void RC8_urban_distances_and_aegl2_half_widths()
    {
        var release = new ToxicRelease("chlorine", 1000, 600);
        var urban = ToxicDispersion.Assess(release, new WeatherConditions(3, 0, StabilityClass.D, Terrain.Urban), Chlorine, S);
        Relative(390, urban.Zones[0].DistanceM, 0.015);
        Relative(1430, urban.Zones[1].DistanceM, 0.01);
        Relative(3470, urban.Zones[2].DistanceM, 0.01);

        var rural = ToxicDispersion.Assess(release, new WeatherConditions(3, 0, StabilityClass.D), Chlorine, S);
        var aegl2 = rural.Zones[1].LevelKgM3;
        Relative(104, rural.Field.HalfWidth(500, aegl2), 0.01);
        Relative(166, rural.Field.HalfWidth(1000, aegl2), 0.01);
        Relative(231, rural.Field.HalfWidth(2000, aegl2), 0.01);
    }

    [Fact]
    public void RC9_ppm_to_mg_per_m3_chlorine_at_25_C()
    {
        Relative(57.97, GasProperties.PpmToMgM3(20, 70.906, 25), 0.001);
        Relative(24.465, GasProperties.MolarVolumeLPerMol(25), 0.001);
        Relative(20, GasProperties.MgM3ToPpm(57.97, 70.906, 25), 0.001);
    }

    [Fact]
    public void RC10_bleve_propane_tank_truck()
    {
        var f = S.Fire;
        var m = Fireball.MassFromTank(22.7, 0.9, 585.3);
        var d = Fireball.DiameterM(m, f);
        var view = Fireball.ViewFactorVertical(d / 2, 100);

        Relative(11958, m, 0.005);
        Relative(132.6, d, 0.005);
        Relative(10.3, Fireball.DurationS(m, f), 0.005);
        Relative(0.255, view, 0.005);
        Relative(89.1, Fireball.FluxKwM2(350, view), 0.005);
    }

    [Fact]
    public void RC11_vce_epa_rmp_worst_case()
    {
        var e = S.Explosion;
        var w = TntEquivalence.MassKg(0.10, 1000, 46_333, 4_680);
        var rmp = TntEquivalence.RmpOnePsiDistanceM(w, e);
        var swisdak = TntEquivalence.Distance(BlastCurve.ScaledDistanceAt(6.9, BlastFit.Swisdak, e), w);

        Relative(990, w, 0.01);
        Relative(169, rmp, 0.01);
        Relative(180, swisdak, 0.01);
        Relative(rmp, swisdak, 0.07);
    }

    [Fact]
    public void RC12_swisdak_blast_curve()
    {
        Relative(14.89, BlastCurve.SwisdakKPa(10, S.Explosion), 0.005);
        Relative(6.90, BlastCurve.SwisdakKPa(18.13, S.Explosion), 0.005);
    }

    [Fact]
    public void RC13_chinese_vce_benzene()
    {
        var r = ChineseVce.Assess(4000, 41_797, S.Explosion);

        Relative(2663, r.TntKg, 0.01);
        Relative(19.5, r.DeathRadiusM, 0.01);
        Relative(53.5, r.SeriousInjuryRadiusM, 0.01);
        Relative(96.2, r.LightInjuryRadiusM, 0.01);
        Relative(1.089, ChineseVce.ScaledDistanceAt(44, S.Explosion), 0.001);
        Relative(1.957, ChineseVce.ScaledDistanceAt(17, S.Explosion), 0.001);
        Assert.Equal(ValidityFlags.None, r.Flags);
    }

    [Fact]
    public void RC14_gasoline_pool_fire()
    {
        var fire = new PoolFire(20, 0.055, 43_700);
        var result = ConsequenceZones.PoolFire(fire, GeoMath.Point(109.95, 39.8), S);

        Relative(755e3, fire.HeatReleaseKw, 0.005);
        Relative(41.0, result.Zone(RiskLevel.Orange)!.ExtentM, 0.005);
        Relative(72.5, result.Zone(RiskLevel.Yellow)!.ExtentM, 0.005);
        Relative(23.7, result.Red!.ExtentM, 0.005);
        Assert.Equal(ValidityFlags.NearField, result.Red.Flags); // 23.7 m < 2.5 D = 50 m
        Assert.Equal(ValidityFlags.None, result.Zone(RiskLevel.Yellow)!.Flags);
    }

    [Fact]
    public void RC15_dispatch_eta()
    {
        var trip = TravelTime.Estimate(GeoMath.Point(109.95, 39.80), GeoMath.Point(109.99, 39.83), Capabilities.Fire, S.Dispatch);

        Relative(4775, trip.GreatCircleM, 0.005);
        Relative(6207, trip.RoadM, 0.005);
        Relative(13.4, trip.EtaMin, 0.005);
    }

    [Theory]
    [InlineData(2.5, SkyCondition.DayStrong, StabilityClass.B, "A-B")]
    [InlineData(2.5, SkyCondition.NightClear, StabilityClass.F, "F")]
    [InlineData(1.0, SkyCondition.Overcast, StabilityClass.D, "D")]
    public void RC17_pasquill_stability(double wind, SkyCondition sky, StabilityClass expected, string entry)
    {
        var r = PasquillStability.Classify(wind, sky, S.Weather);

        Assert.Equal(expected, r.Class);
        Assert.Equal(entry, r.TableEntry);
        Assert.Equal(ValidityFlags.None, r.Flags);
    }
}
