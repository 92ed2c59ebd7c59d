using CityTwin.Domain.Chemicals;
using CityTwin.Domain.Drills.Geo;
using CityTwin.Domain.Drills.Weather;
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
/// Upwind points (x ≤ 0) read 0. A zone ends when the cloud has passed its far edge: for the plume at
/// T + X/u, for the puff when its centre is 2σx beyond X, (X + 2σx(X))/u.
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
}
