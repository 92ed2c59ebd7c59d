using CityTwin.Domain.Registry;
using NetTopologySuite.Geometries;

namespace CityTwin.Domain.Drills.Geo;

/// <summary>Great-circle distance and a local tangent plane around a source point, on WGS84 lon/lat.</summary>
public static class GeoMath
{
    /// <summary>Mean Earth radius (m), DOMAIN.md §8.3.</summary>
    public const double DefaultEarthRadiusM = 6_371_008.8;

    private const double Deg = Math.PI / 180;

    /// <summary>Haversine distance in m between two (lon, lat) points in degrees.</summary>
    public static double HaversineM(double lat1, double lon1, double lat2, double lon2, double earthRadiusM = DefaultEarthRadiusM)
    {
        var dLat = (lat2 - lat1) * Deg;
        var dLon = (lon2 - lon1) * Deg;
        var h = Math.Pow(Math.Sin(dLat / 2), 2) + Math.Cos(lat1 * Deg) * Math.Cos(lat2 * Deg) * Math.Pow(Math.Sin(dLon / 2), 2);
        return 2 * earthRadiusM * Math.Asin(Math.Min(1, Math.Sqrt(h)));
    }

    /// <summary>Haversine distance between two WGS84 points (X = lon, Y = lat).</summary>
    public static double HaversineM(Point a, Point b, double earthRadiusM = DefaultEarthRadiusM) =>
        HaversineM(a.Y, a.X, b.Y, b.X, earthRadiusM);

    /// <summary>Unit vector (east, north) of a compass bearing in degrees clockwise from north.</summary>
    public static (double East, double North) Direction(double bearingDeg) =>
        (Math.Sin(bearingDeg * Deg), Math.Cos(bearingDeg * Deg));

    /// <summary>Where the wind blows to: meteorological direction (FROM, ° clockwise from north) + 180°.</summary>
    public static double DownwindBearing(double windFromDeg) => Normalise(windFromDeg + 180);

    public static double Normalise(double bearingDeg) => ((bearingDeg % 360) + 360) % 360;

    /// <summary>
    /// Local east/north offsets (m) from <paramref name="origin"/> to a WGS84 coordinate. [DESIGN] equirectangular
    /// tangent plane: well under 0.1 % error over the ≤ 100 km extents of drill zones.
    /// </summary>
    public static Coordinate ToWgs84(Point origin, double eastM, double northM, double earthRadiusM = DefaultEarthRadiusM)
    {
        var lat = origin.Y + northM / earthRadiusM / Deg;
        var lon = origin.X + eastM / (earthRadiusM * Math.Cos(origin.Y * Deg)) / Deg;
        return new Coordinate(lon, lat);
    }

    public static Point Point(double lon, double lat) => BundleJson.Geometry.CreatePoint(new Coordinate(lon, lat));

    /// <summary>A geometry's representative point for distances: the point itself, else the centroid.</summary>
    public static Point Anchor(Geometry geometry) => geometry as Point ?? geometry.Centroid;
}
