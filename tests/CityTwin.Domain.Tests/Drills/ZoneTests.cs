using CityTwin.Domain.Drills;
using CityTwin.Domain.Drills.Dispersion;
using CityTwin.Domain.Drills.Explosion;
using CityTwin.Domain.Drills.Fire;
using CityTwin.Domain.Drills.Geo;
using CityTwin.Domain.Drills.Weather;
using CityTwin.Domain.Drills.Zones;
using CityTwin.Domain.Risk;
using NetTopologySuite.Geometries;
using Xunit;
using static CityTwin.Domain.Tests.Drills.DrillAssert;

namespace CityTwin.Domain.Tests.Drills;

/// <summary>Threat-zone polygons: orientation, nesting, growth, and the validity flags of §7.5.</summary>
public sealed class ZoneTests
{
    private static readonly DrillSettings S = DrillSettings.Default;
    private static readonly Point Source = GeoMath.Point(109.95, 39.80);

    private static ConsequenceResult Chlorine(double massKg, double windFrom, double wind = 3, double durationS = 600,
        StabilityClass stability = StabilityClass.D, ReleaseMode mode = ReleaseMode.Continuous) =>
        ConsequenceZones.ToxicRelease(new ToxicRelease("chlorine", massKg, durationS, mode), new WeatherConditions(wind, windFrom, stability), Source, S);

    [Fact]
    public void Wind_from_the_west_puts_the_plume_to_the_east()
    {
        var red = Chlorine(1000, 270).Red!.Area!;
        var centroid = red.Centroid;

        Assert.True(centroid.X > Source.X + 0.003, $"centroid lon {centroid.X} should lie east of {Source.X}");
        Assert.Equal(Source.Y, centroid.Y, 4);
        Assert.True(red.EnvelopeInternal.MinX >= Source.X - 1e-9);
        // Downwind extent ≈ 1 032 m east of the source.
        Relative(1032, GeoMath.HaversineM(Source.Y, Source.X, Source.Y, red.EnvelopeInternal.MaxX), 0.01);
    }

    [Fact]
    public void Wind_from_the_north_puts_the_plume_to_the_south()
    {
        var red = Chlorine(1000, 0).Red!.Area!;

        Assert.True(red.Centroid.Y < Source.Y - 0.003);
        Assert.Equal(Source.X, red.Centroid.X, 4);
        Assert.True(red.EnvelopeInternal.MaxY <= Source.Y + 1e-9);
    }

    [Theory]
    [InlineData(ReleaseMode.Continuous)]
    [InlineData(ReleaseMode.Instantaneous)]
    public void Red_lies_inside_orange_inside_yellow(ReleaseMode mode)
    {
        var r = Chlorine(1000, 45, mode: mode);
        var red = r.Zone(RiskLevel.Red)!.Area!;
        var orange = r.Zone(RiskLevel.Orange)!.Area!;
        var yellow = r.Zone(RiskLevel.Yellow)!.Area!;

        Assert.True(red.IsValid && orange.IsValid && yellow.IsValid);
        Assert.True(orange.Covers(red));
        Assert.True(yellow.Covers(orange));
        Assert.True(red.Area < orange.Area && orange.Area < yellow.Area);
    }

    [Fact]
    public void Fire_and_blast_circles_nest()
    {
        var fire = ConsequenceZones.PoolFire(new PoolFire(20, 0.055, 43_700), Source, S);
        var blast = ConsequenceZones.VapourCloudExplosion(1000, 46_350, Source, S);
        foreach (var r in new[] { fire, blast })
        {
            Assert.True(r.Zone(RiskLevel.Orange)!.Area!.Covers(r.Red!.Area!));
            Assert.True(r.Zone(RiskLevel.Yellow)!.Area!.Covers(r.Zone(RiskLevel.Orange)!.Area!));
            Relative(Math.PI * r.Red.ExtentM * r.Red.ExtentM, r.Red.AreaM2, 0.01);
        }
    }

    [Fact]
    public void Zone_areas_grow_with_release_rate()
    {
        // Same release time, so the same model (the plume) for both: the rate is the only change.
        var small = Chlorine(200, 270);
        var large = Chlorine(1000, 270);
        Assert.Equal(small.Model, large.Model);

        foreach (var level in new[] { RiskLevel.Red, RiskLevel.Orange, RiskLevel.Yellow })
        {
            Assert.True(large.Zone(level)!.AreaM2 > small.Zone(level)!.AreaM2 * 1.5, $"{level}");
            Assert.True(large.Zone(level)!.ExtentM > small.Zone(level)!.ExtentM, $"{level}");
        }
        // Different axis grids: allow 1e-6° (≈ 0.1 m) for the chords near the source.
        Assert.True(large.Red!.Area!.Buffer(1e-6).Covers(small.Red!.Area!));
    }

    [Fact]
    public void Footprint_area_matches_the_polygon_in_wgs84()
    {
        var red = Chlorine(1000, 270).Red!;
        // Degree² → m² at this latitude.
        var m2PerDeg2 = Math.Pow(Math.PI / 180 * GeoMath.DefaultEarthRadiusM, 2) * Math.Cos(Source.Y * Math.PI / 180);
        Relative(red.AreaM2, red.Area!.Area * m2PerDeg2, 0.001);
    }

    [Fact]
    public void Beyond_range_zone_is_cut_at_ten_km_and_says_so()
    {
        var yellow = Chlorine(1000, 270).Zone(RiskLevel.Yellow)!;
        var reach = GeoMath.HaversineM(Source.Y, Source.X, Source.Y, yellow.Area!.EnvelopeInternal.MaxX);

        Assert.True(yellow.ExtentM > 13_000);
        Relative(10_000, reach, 0.002);
        Assert.Equal(["BEYOND_RANGE", "DENSE_GAS"], yellow.Flags.Codes());
    }

    [Fact]
    public void Short_release_switches_to_the_puff()
    {
        // u·T = 3·30 = 90 m < 4σx at the far edge: the plume value is never reached.
        var shortRelease = ToxicDispersion.Assess(new ToxicRelease("chlorine", 50, 30), new WeatherConditions(3, 0, StabilityClass.D),
            Domain.Chemicals.ChemicalCatalog.Default.Get("chlorine"), S);
        Assert.Equal(DispersionModel.Puff, shortRelease.Field.Model);
    }

    [Fact]
    public void Low_wind_is_computed_at_one_metre_per_second_and_flagged()
    {
        var calm = Chlorine(1000, 270, wind: 0.4);
        var one = Chlorine(1000, 270, wind: 1.0);

        Assert.True(calm.Flags.HasFlag(ValidityFlags.LowWind));
        Assert.False(one.Flags.HasFlag(ValidityFlags.LowWind));
        Assert.Equal(one.Red!.ExtentM, calm.Red!.ExtentM);
        Assert.Contains(ValidityFlags.LowWind, calm.Zones.Select(z => z.Flags & ValidityFlags.LowWind));
    }

    [Fact]
    public void Long_release_is_flagged()
    {
        Assert.True(Chlorine(10_000, 270, durationS: 2 * 3600).Flags.HasFlag(ValidityFlags.LongRelease));
        Assert.False(Chlorine(1000, 270, durationS: 3600).Flags.HasFlag(ValidityFlags.LongRelease));
    }

    [Fact]
    public void Near_field_toxic_zone_is_flagged()
    {
        var tiny = Chlorine(1, 270, durationS: 600);
        Assert.True(tiny.Red!.ExtentM is > 0 and < 100, $"{tiny.Red.ExtentM}");
        Assert.True(tiny.Red.Flags.HasFlag(ValidityFlags.NearField));
    }

    [Fact]
    public void Light_gas_is_not_dense()
    {
        var ammonia = ConsequenceZones.ToxicRelease(new ToxicRelease("ammonia", 1000, 600), new WeatherConditions(3, 270, StabilityClass.D), Source, S);
        Assert.False(ammonia.Flags.HasFlag(ValidityFlags.DenseGas));
        Assert.True(ammonia.Red!.ExtentM > 0);
    }

    [Fact]
    public void Blast_beyond_the_fit_is_out_of_fit()
    {
        // A tiny charge: 70 kPa lies well inside the fit; 0.2 kPa needs Z ≈ 232 > 198.5.
        var s = S with { Explosion = S.Explosion with { ZoneOverpressureKPa = [70, 35, 0.2] } };
        var r = ConsequenceZones.VapourCloudExplosion(10, 46_350, Source, s);

        Assert.Equal(ValidityFlags.None, r.Red!.Flags);
        Assert.Equal(ValidityFlags.OutOfFit, r.Zone(RiskLevel.Yellow)!.Flags);
        Assert.Equal(["OUT_OF_FIT"], r.Flags.Codes());
    }

    [Fact]
    public void Mills_gives_shorter_one_psi_distance_than_swisdak()
    {
        var e = S.Explosion;
        Relative(15.65, BlastCurve.ScaledDistanceAt(6.9, BlastFit.Mills, e), 0.005);
        Relative(18.13, BlastCurve.ScaledDistanceAt(6.9, BlastFit.Swisdak, e), 0.005);
        Relative(3.84, BlastCurve.ScaledDistanceAt(70, BlastFit.Swisdak, e), 0.005);
    }

    [Fact]
    public void Worked_example_propane_vce_international_and_chinese()
    {
        var r = ConsequenceZones.VapourCloudExplosion(1000, 46_350, Source, S);
        Relative(297, r.Figure("W_TNT"), 0.005);
        Relative(26, r.Red!.ExtentM, 0.03);
        Relative(121, r.Zone(RiskLevel.Yellow)!.ExtentM, 0.01);

        var cn = ConsequenceZones.ChineseVapourCloudExplosion(1000, 46_350, Source, S);
        Relative(738, cn.Figure("W_TNT"), 0.005);
        Relative(12.2, cn.Red!.ExtentM, 0.01);
        Relative(34.9, cn.Zone(RiskLevel.Orange)!.ExtentM, 0.01);
        Relative(62.7, cn.Zone(RiskLevel.Yellow)!.ExtentM, 0.01);
    }

    [Fact]
    public void Jet_fire_and_fireball_worked_examples()
    {
        var jet = ConsequenceZones.JetFire(new JetFire(5, 50_000), Source, S);
        Relative(10.3, jet.Red!.ExtentM, 0.01);
        Relative(17.8, jet.Zone(RiskLevel.Orange)!.ExtentM, 0.01);
        Relative(31.5, jet.Zone(RiskLevel.Yellow)!.ExtentM, 0.01);

        var ball = ConsequenceZones.Bleve(10_000, Source, S);
        Relative(125.0, ball.Figure("D"), 0.005);
        Relative(9.7, ball.Figure("t"), 0.01);
        Relative(93.7, ball.Figure("H"), 0.005);
        // The flux at the red edge equals the threshold.
        Relative(37.5, ball.Load!.At(ball.Red!.ExtentM), 1e-4);
    }

    [Fact]
    public void Settings_round_trip_through_json()
    {
        var json = S.ToJson();
        var back = DrillSettings.FromJson(json);

        Assert.Equal(S.Version, back.Version);
        Assert.Equal(json, back.ToJson());
        Assert.Equal(0.016, back.Dispersion.BriggsRural[StabilityClass.F].SigmaZ.A);
        Assert.True(double.IsPositiveInfinity(back.Weather.Pasquill[^1].WindBelowMs));
    }
}
