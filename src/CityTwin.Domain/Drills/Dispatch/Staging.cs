using CityTwin.Domain.Drills.Geo;
using NetTopologySuite.Geometries;

namespace CityTwin.Domain.Drills.Dispatch;

/// <summary>[DESIGN] One staging point per incident, upwind of the source and outside the hot (red) zone (§8.4 step 1).</summary>
public static class Staging
{
    /// <summary>
    /// Walks upwind (towards where the wind comes from) past the red zone's upwind edge by the margin, at least the
    /// minimum distance from the source.
    /// </summary>
    public static Point PointFor(Point source, double windFromDeg, Geometry? hotZone, DispatchSettings settings, ZoneSettings zones)
    {
        var (e, n) = GeoMath.Direction(windFromDeg);
        var reach = 0.0;
        if (hotZone is not null && !hotZone.IsEmpty)
        {
            const double rayM = 200_000; // longer than any drill zone
            var far = GeoMath.ToWgs84(source, e * rayM, n * rayM, zones.EarthRadiusM);
            var ray = source.Factory.CreateLineString([source.Coordinate.Copy(), far]);
            foreach (var c in hotZone.Intersection(ray).Coordinates)
                reach = Math.Max(reach, GeoMath.HaversineM(source.Y, source.X, c.Y, c.X, zones.EarthRadiusM));
        }
        var distance = Math.Max(reach + settings.StagingMarginM, settings.StagingMinDistanceM);
        var p = GeoMath.ToWgs84(source, e * distance, n * distance, zones.EarthRadiusM);
        return source.Factory.CreatePoint(p);
    }
}
