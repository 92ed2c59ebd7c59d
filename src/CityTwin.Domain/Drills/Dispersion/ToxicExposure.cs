using CityTwin.Domain.Chemicals;
using CityTwin.Domain.Drills.Geo;
using CityTwin.Domain.Drills.Weather;
using CityTwin.Domain.Registry;
using NetTopologySuite.Geometries;

namespace CityTwin.Domain.Drills.Dispersion;

/// <summary>
/// A toxic release's ground-level concentration at a place and a time after the release — what a detector there
/// would read (docs/drills-models.md, "Readings from the plume"). [DESIGN] the same model that drew the zones:
/// <list type="bullet">
/// <item>plume (Q = M/T): the steady C(x, y) = C(x, 0)·exp(−y²/2σy²) while the cloud is over x, i.e. from its
/// arrival x/u until the tail passes, T + x/u (plug flow at the transport wind u); 0 before and after;</item>
/// <item>puff (M): the Gaussian puff C(x, y, 0, t) with the CCPS σ at the distance its centre has travelled, u·t.</item>
/// </list>
/// Upwind points (x ≤ 0) read 0. Once the release has stopped the cloud's tail moves downwind and every point it has
/// passed no longer has the cloud: the plume's tail is at u·(t − T); the puff has passed x when its centre is 2σx(x)
/// beyond it, x + 2σx(x) ≤ u·t. A zone shrinks to the part beyond the tail and ends when the tail passes its far
/// edge X: for the plume at T + X/u, for the puff at (X + 2σx(X))/u.
/// </summary>
public sealed class ToxicExposure
{
    private readonly ToxicAssessment _a;
    private readonly double _durationS;
    private readonly Point _source;
    private readonly (double East, double North) _downwind;
    private readonly DispersionSettings _d;
    private readonly double _temperatureC;

    public ToxicExposure(ToxicRelease release, WeatherConditions weather, Point source, Chemical chemical, DrillSettings settings)
    {
        _a = ToxicDispersion.Assess(release, weather, chemical, settings);
        _durationS = release.Mode == ReleaseMode.Continuous ? release.DurationS : 0;
        _source = source;
        _downwind = GeoMath.Direction(GeoMath.DownwindBearing(weather.WindFromDeg));
        _d = settings.Dispersion;
        _temperatureC = weather.AmbientTemperatureC ?? _d.EndpointTemperatureC;
        MolarMass = chemical.MolarMass;
    }

    public DispersionModel Model => _a.Field.Model;
    public double WindMs => _a.WindUsedMs;
    public double MolarMass { get; }
    public double TemperatureC => _temperatureC;

    /// <summary>Downwind and crosswind distance (m) of a point from the source.</summary>
    public (double X, double Y) Local(Point at)
    {
        const double deg = Math.PI / 180;
        var east = (at.X - _source.X) * deg * GeoMath.DefaultEarthRadiusM * Math.Cos(_source.Y * deg);
        var north = (at.Y - _source.Y) * deg * GeoMath.DefaultEarthRadiusM;
        return (east * _downwind.East + north * _downwind.North, Math.Abs(east * _downwind.North - north * _downwind.East));
    }

    /// <summary>Ground-level concentration (kg/m³) at a point <paramref name="secondsSinceRelease"/> after the release.</summary>
    public double ConcentrationKgM3(Point at, double secondsSinceRelease)
    {
        var (x, y) = Local(at);
        return ConcentrationKgM3(x, y, secondsSinceRelease);
    }

    public double ConcentrationKgM3(double x, double y, double t)
    {
        if (x <= 0 || t <= 0) return 0;
        var u = _a.Field.WindMs;
        var h = _a.Field.ReleaseHeightM;
        if (_a.Field.Model == DispersionModel.Plume)
        {
            if (t < x / u || t > _durationS + x / u) return 0;
            var (sy, sz) = DispersionSigma.Briggs(x, _a.Field.Stability, _a.Field.Terrain, _d);
            return GaussianPlume.Concentration(_a.Field.SourceStrength, u, sy, sz, y, 0, h);
        }
        var (sxy, szp) = DispersionSigma.Puff(Math.Max(u * t, _d.SearchMinM), _a.Field.Stability, _d);
        return GaussianPuff.Concentration(_a.Field.SourceStrength, u, t, sxy, sxy, szp, x, y, 0, h);
    }

    /// <summary>ppm at the ambient temperature of the release's weather.</summary>
    public double Ppm(double kgM3) => GasProperties.KgM3ToPpm(kgM3, MolarMass, _temperatureC);

    /// <summary>mg/m³.</summary>
    public static double MgM3(double kgM3) => kgM3 * 1e6;

    /// <summary>Seconds after the release when the cloud has passed a zone whose far edge is <paramref name="extentM"/>.</summary>
    public double EndsAfterS(double extentM)
    {
        var u = _a.Field.WindMs;
        if (_a.Field.Model == DispersionModel.Plume) return _durationS + extentM / u;
        return (extentM + 2 * DispersionSigma.Puff(Math.Max(extentM, _d.SearchMinM), _a.Field.Stability, _d).SigmaXY) / u;
    }

    /// <summary>
    /// The downwind distance (m) the cloud's tail has passed <paramref name="secondsSinceRelease"/> after the release:
    /// nearer points no longer have the cloud. The inverse of <see cref="EndsAfterS"/> (a zone whose far edge is X
    /// ends when this reaches X). Plume: u·(t − T), 0 while the release goes on; puff: the x where x + 2σx(x) = u·t.
    /// </summary>
    public double ClearedToM(double secondsSinceRelease)
    {
        var t = secondsSinceRelease;
        if (_a.Field.Model == DispersionModel.Plume) return Math.Max(0, _a.Field.WindMs * (t - _durationS));
        if (EndsAfterS(0) >= t) return 0;
        // x + 2σx(x) grows with x and is at least x: bisection on [0, u·t].
        double lo = 0, hi = _a.Field.WindMs * t;
        for (var i = 0; i < 200 && hi - lo > 1e-9 * hi; i++)
        {
            var m = 0.5 * (lo + hi);
            if (EndsAfterS(m) <= t) lo = m; else hi = m;
        }
        return lo;
    }

    /// <summary>
    /// The part of a footprint the tail has not passed yet: the footprint cut by the line across the wind
    /// <paramref name="clearedM"/> downwind of the source (the local plane is linear in lon/lat, so the cut is exact).
    /// </summary>
    public Geometry Uncleared(Geometry footprint, double clearedM)
    {
        if (clearedM <= 0) return footprint;
        var far = 2 * _d.SearchMaxM;   // beyond any zone
        var (de, dn) = _downwind;
        var (ce, cn) = (dn, -de);
        Coordinate C(double x, double y) => GeoMath.ToWgs84(_source, x * de + y * ce, x * dn + y * cn);
        var ahead = BundleJson.Geometry.CreatePolygon([C(clearedM, -far), C(far, -far), C(far, far), C(clearedM, far), C(clearedM, -far)]);
        return footprint.Intersection(ahead);
    }
}
