using System.Globalization;
using CityTwin.Domain.Chemicals;
using CityTwin.Domain.Drills.Dispersion;
using CityTwin.Domain.Drills.Explosion;
using CityTwin.Domain.Drills.Fire;
using CityTwin.Domain.Drills.Geo;
using CityTwin.Domain.Drills.Weather;
using CityTwin.Domain.Risk;
using NetTopologySuite.Geometries;

namespace CityTwin.Domain.Drills.Zones;

/// <summary>
/// Red/orange/yellow threat zones for each initiating event of a drill (DOMAIN.md §7): the entry points a drill grain
/// calls. Toxic zones are footprints oriented by the wind; fire and blast zones are circles around the source.
/// </summary>
public static class ConsequenceZones
{
    private static readonly RiskLevel[] Colours = [RiskLevel.Red, RiskLevel.Orange, RiskLevel.Yellow];

    /// <summary>Gaussian plume or puff toxic zones (§7.2), polygons pointing downwind.</summary>
    public static ConsequenceResult ToxicRelease(ToxicRelease release, WeatherConditions weather, Point source, DrillSettings settings,
        ChemicalCatalog? catalog = null)
    {
        var chemical = (catalog ?? ChemicalCatalog.Default).Get(release.ChemicalId);
        var a = ToxicDispersion.Assess(release, weather, chemical, settings);
        var d = settings.Dispersion;
        var bearing = GeoMath.DownwindBearing(weather.WindFromDeg);
        var tips = a.Zones.Select(z => Math.Min(z.DistanceM, d.BeyondRangeAboveM)).ToArray();
        var capped = a.Zones.Select(z => z.DistanceM > d.BeyondRangeAboveM).ToArray();
        var shapes = ZoneGeometry.Footprints(a.Field, [.. a.Zones.Select(z => z.LevelKgM3)], tips, capped, source, bearing, settings.Zones);

        var zones = a.Zones.Select((z, i) => new ThreatZone(z.Endpoint.Level,
            string.Create(CultureInfo.InvariantCulture, $"{z.Endpoint.Name} {z.Endpoint.Ppm} ppm"),
            z.Endpoint.Ppm, "ppm", z.DistanceM, shapes[i].AreaM2, shapes[i].Polygon, z.Flags | ModelWide(a.Flags))).ToList();
        var model = a.Field.Model == DispersionModel.Plume ? "Gaussian plume, Briggs σ" : "Gaussian puff, CCPS σ";
        List<Figure> figures =
        [
            new(a.Field.Model == DispersionModel.Plume ? "Q" : "M", a.Field.SourceStrength, a.Field.Model == DispersionModel.Plume ? "kg/s" : "kg"),
            new("u", a.WindUsedMs, "m/s"),
            new("dense-gas criterion", a.DenseGasCriterion, ""),
        ];
        figures.AddRange(a.Zones.Select(z => new Figure($"{z.Endpoint.Name} level", z.LevelMgM3, "mg/m3")));
        return new ConsequenceResult(ConsequenceKind.ToxicRelease, $"{model} ({weather.Terrain}, class {weather.Stability})", source,
            zones, a.Flags, figures, DownwindBearingDeg: bearing);
    }

    /// <summary>Pool fire, point source (§7.3, RC14).</summary>
    public static ConsequenceResult PoolFire(PoolFire fire, Point source, DrillSettings settings, FireLevels levels = FireLevels.Chinese)
    {
        var f = settings.Fire;
        var eta = fire.RadiativeFraction ?? f.PoolRadiativeFraction;
        var tau = fire.Transmissivity ?? f.Transmissivity;
        var qc = fire.HeatReleaseKw;
        // [DESIGN] never report a radius smaller than the pool radius + 5 m; inside 2.5 D the point source is near field.
        var minRadius = fire.DiameterM / 2 + f.MinRadiusBeyondPoolM;
        var zones = Circles(source, Thresholds(levels, f), "kW/m2", settings, flux =>
        {
            var r = Math.Max(PointSourceFire.RadiusAtM(qc, eta, tau, flux), minRadius);
            return (r, r < f.NearFieldPoolDiameters * fire.DiameterM ? ValidityFlags.NearField : ValidityFlags.None);
        });
        return new ConsequenceResult(ConsequenceKind.PoolFire, "point-source pool fire", source, zones, Union(zones),
            [new("Q_c", qc, "kW"), new("radiated", eta * qc, "kW"), new("D", fire.DiameterM, "m")],
            new Fire.PointSourceLoad(qc, eta, tau));
    }

    /// <summary>Jet fire, point source at mid-flame (§7.3).</summary>
    public static ConsequenceResult JetFire(JetFire fire, Point source, DrillSettings settings, FireLevels levels = FireLevels.Chinese)
    {
        var f = settings.Fire;
        var eta = fire.RadiativeFraction ?? f.JetRadiativeFraction;
        var tau = fire.Transmissivity ?? f.Transmissivity;
        var qc = fire.HeatReleaseKw;
        var zones = Circles(source, Thresholds(levels, f), "kW/m2", settings,
            flux => (PointSourceFire.RadiusAtM(qc, eta, tau, flux), ValidityFlags.None));
        return new ConsequenceResult(ConsequenceKind.JetFire, "point-source jet fire", source, zones, Union(zones),
            [new("Q_c", qc, "kW"), new("radiated", eta * qc, "kW")], new Fire.PointSourceLoad(qc, eta, tau));
    }

    /// <summary>
    /// BLEVE fireball (§7.3, RC10): flux on a vertical ground-level target. [DESIGN] the zone is the disc out to the
    /// farthest ground distance where the flux reaches the threshold (the view factor peaks at X = R/√2; nearer ground
    /// is inside the zone too).
    /// </summary>
    public static ConsequenceResult Bleve(double fuelKg, Point source, DrillSettings settings, FireLevels levels = FireLevels.Chinese)
    {
        var f = settings.Fire;
        var diameter = Fireball.DiameterM(fuelKg, f);
        var load = new FireballLoad(diameter / 2, f.FireballEmissivePowerKwM2, f.Transmissivity);
        var peakAt = diameter / 2 / Math.Sqrt(2);
        var zones = Circles(source, Thresholds(levels, f), "kW/m2", settings, flux =>
            load.At(peakAt) <= flux
                ? (0, ValidityFlags.None)
                : (LnBisection.SolveDecreasing(load.At, flux, peakAt, settings.Dispersion.SearchMaxM, settings.Dispersion.RelativeTolerance), ValidityFlags.None));
        return new ConsequenceResult(ConsequenceKind.Fireball, "CCPS BLEVE fireball", source, zones, Union(zones),
            [new("M", fuelKg, "kg"), new("D", diameter, "m"), new("t", Fireball.DurationS(fuelKg, f), "s"), new("H", Fireball.CentreHeightM(fuelKg, f), "m")],
            load);
    }

    /// <summary>A vapour cloud explosion by the scenario's method; <paramref name="yield"/> is η, or α for the 安全评价 method.</summary>
    public static ConsequenceResult Explosion(BlastMethod method, double fuelKg, double heatOfCombustionKjKg, Point source, DrillSettings settings,
        double? yield = null) => method switch
    {
        BlastMethod.SafetyAssessment => ChineseVapourCloudExplosion(fuelKg, heatOfCombustionKjKg, source, settings, yield),
        BlastMethod.Mills => VapourCloudExplosion(fuelKg, heatOfCombustionKjKg, source, settings, BlastFit.Mills, yield),
        _ => VapourCloudExplosion(fuelKg, heatOfCombustionKjKg, source, settings, BlastFit.Swisdak, yield),
    };

    /// <summary>Vapour cloud explosion, TNT equivalence with the Swisdak (or Mills) curve (§7.4, RC11–RC12).</summary>
    public static ConsequenceResult VapourCloudExplosion(double fuelKg, double heatOfCombustionKjKg, Point source, DrillSettings settings,
        BlastFit fit = BlastFit.Swisdak, double? yield = null)
    {
        var e = settings.Explosion;
        var w = TntEquivalence.MassKg(yield ?? e.Yield, fuelKg, heatOfCombustionKjKg, e.TntEnergyKjKg);
        var zones = Circles(source, e.ZoneOverpressureKPa, "kPa", settings, kPa =>
        {
            var z = BlastCurve.ScaledDistanceAt(kPa, fit, e);
            return (TntEquivalence.Distance(z, w), BlastCurve.InFit(z, fit, e) ? ValidityFlags.None : ValidityFlags.OutOfFit);
        });
        return new ConsequenceResult(ConsequenceKind.VapourCloudExplosion, $"TNT equivalence, {fit} fit", source, zones, Union(zones),
            [new("W_TNT", w, "kg"), new("yield", yield ?? e.Yield, ""), new("1 psi (EPA RMP)", TntEquivalence.RmpOnePsiDistanceM(w, e), "m")],
            new BlastLoad(w, fit, e));
    }

    /// <summary>The Chinese 安全评价 variant (RC13): red = R_0.5 (死亡), orange = 重伤 44 kPa, yellow = 轻伤 17 kPa.</summary>
    public static ConsequenceResult ChineseVapourCloudExplosion(double fuelKg, double heatOfCombustionKjKg, Point source, DrillSettings settings,
        double? yield = null)
    {
        var e = settings.Explosion;
        var r = ChineseVce.Assess(fuelKg, heatOfCombustionKjKg, e, yield);
        // The criterion names the threshold too: the report carries the criterion, not the threshold.
        (string Name, double Value, string Unit, double Radius)[] rows =
        [
            ("R_0.5 死亡半径 (50 % lethality)", 50, "% lethality", r.DeathRadiusM),
            (string.Create(CultureInfo.InvariantCulture, $"重伤 {e.ChineseSeriousInjuryKPa} kPa"), e.ChineseSeriousInjuryKPa, "kPa", r.SeriousInjuryRadiusM),
            (string.Create(CultureInfo.InvariantCulture, $"轻伤 {e.ChineseLightInjuryKPa} kPa"), e.ChineseLightInjuryKPa, "kPa", r.LightInjuryRadiusM),
        ];
        var zones = rows.Select((row, i) =>
        {
            var shape = ZoneGeometry.Circle(source, row.Radius, settings.Zones);
            var flags = i == 0 ? ValidityFlags.None : r.Flags;
            return new ThreatZone(Colours[i], row.Name, row.Value, row.Unit, row.Radius, shape.AreaM2, shape.Polygon, flags);
        }).ToList();
        return new ConsequenceResult(ConsequenceKind.VapourCloudExplosion,
            string.Create(CultureInfo.InvariantCulture, $"安全评价 (Chinese safety assessment) TNT equivalence, ground burst {e.ChineseGroundFactor}, Q_TNT {e.ChineseTntEnergyKjKg} kJ/kg"),
            source, zones, Union(zones),
            [new("W_TNT", r.TntKg, "kg"), new("α", yield ?? e.ChineseYield, ""), new("(E/P0)^1/3", r.EnergyScaleM, "m")], new ChineseBlastLoad(r.EnergyScaleM, e));
    }

    private static IReadOnlyList<double> Thresholds(FireLevels levels, FireSettings f) =>
        levels == FireLevels.Aloha ? f.AlohaZoneFluxKwM2 : f.ZoneFluxKwM2;

    private static List<ThreatZone> Circles(Point source, IReadOnlyList<double> thresholds, string unit, DrillSettings settings,
        Func<double, (double Radius, ValidityFlags Flags)> radius) =>
        [.. thresholds.Take(3).Select((t, i) =>
        {
            var (r, flags) = radius(t);
            var shape = ZoneGeometry.Circle(source, r, settings.Zones);
            return new ThreatZone(Colours[i], string.Create(CultureInfo.InvariantCulture, $"{t} {unit}"), t, unit, r, shape.AreaM2, shape.Polygon, flags);
        })];

    private static ValidityFlags Union(IEnumerable<ThreatZone> zones) => zones.Aggregate(ValidityFlags.None, (f, z) => f | z.Flags);

    /// <summary>Flags that hold for the whole release, not one distance.</summary>
    private static ValidityFlags ModelWide(ValidityFlags flags) =>
        flags & (ValidityFlags.DenseGas | ValidityFlags.LowWind | ValidityFlags.LongRelease);
}
