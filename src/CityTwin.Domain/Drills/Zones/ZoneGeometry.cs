using CityTwin.Domain.Drills.Dispersion;
using CityTwin.Domain.Drills.Geo;
using CityTwin.Domain.Registry;
using NetTopologySuite.Geometries;

namespace CityTwin.Domain.Drills.Zones;

/// <summary>A zone drawn on the local plane (m) and on WGS84.</summary>
public sealed record ZoneShape(Polygon? Polygon, double AreaM2);

/// <summary>
/// Zone polygons in WGS84. Plume/puff footprints: the set where the ground concentration exceeds the level,
/// approximated from crosswind half-widths sampled along the downwind axis and rotated to the downwind bearing.
/// All levels of one release are sampled on one shared axis grid, so that — the half-width being pointwise
/// ordered by level — the red polygon lies inside the orange inside the yellow exactly, not just approximately.
/// </summary>
public static class ZoneGeometry
{
    /// <param name="tipsM">Where each zone's polygon ends (its extent, capped at the model's range).</param>
    /// <param name="capped">True where the true extent lies beyond the tip: the polygon ends with a flat edge there.</param>
    public static IReadOnlyList<ZoneShape> Footprints(DispersionField field, IReadOnlyList<double> levelsKgM3,
        IReadOnlyList<double> tipsM, IReadOnlyList<bool> capped, Point source, double downwindBearingDeg, ZoneSettings settings)
    {
        var xMax = tipsM.DefaultIfEmpty(0).Max();
        var grid = new SortedSet<double>();
        if (xMax > 0)
        {
            var n = settings.FootprintSamples;
            for (var i = 1; i <= n; i++) grid.Add(xMax * i / n);
            // Finer near the source, where the half-width changes fastest relative to x.
            for (var k = 1; k <= 10; k++) grid.Add(xMax / n / Math.Pow(2, k));
            foreach (var t in tipsM) if (t > 0) grid.Add(t);
        }

        var shapes = new List<ZoneShape>(levelsKgM3.Count);
        for (var j = 0; j < levelsKgM3.Count; j++)
        {
            var tip = tipsM[j];
            if (tip <= 0) { shapes.Add(new ZoneShape(null, 0)); continue; }
            var upper = new List<(double X, double Y)>();
            var start = 0.0;
            foreach (var x in grid)
            {
                if (x > tip) break;
                var isTip = x == tip;
                var y = isTip && !capped[j] ? 0 : field.HalfWidth(x, levelsKgM3[j]);
                if (y > 0) upper.Add((x, y));
                else if (upper.Count == 0 && !isTip) start = x; // elevated release: the ground footprint starts downwind
            }
            var local = new List<(double X, double Y)> { (start, 0) };
            local.AddRange(upper);
            if (!capped[j]) local.Add((tip, 0));
            else if (upper.Count > 0)
            {
                // The flat end at the range cap also carries the end vertices of the inner capped zones, so that theirs
                // are exactly its own (collinear points would otherwise fall a rounding error outside after projection).
                var inner = Enumerable.Range(0, levelsKgM3.Count)
                    .Where(k => k != j && capped[k] && tipsM[k] == tip)
                    .Select(k => field.HalfWidth(tip, levelsKgM3[k]))
                    .Where(y => y > 0 && y < upper[^1].Y)
                    .Distinct().OrderDescending().ToList();
                local.AddRange(inner.Select(y => (tip, y)));
                local.AddRange(inner.AsEnumerable().Reverse().Select(y => (tip, -y)));
            }
            for (var i = upper.Count - 1; i >= 0; i--) local.Add((upper[i].X, -upper[i].Y));
            shapes.Add(ToShape(local, source, downwindBearingDeg, settings));
        }
        return shapes;
    }

    /// <summary>A circle of <paramref name="radiusM"/> around the source (fires, fireballs, blasts).</summary>
    public static ZoneShape Circle(Point source, double radiusM, ZoneSettings settings)
    {
        if (radiusM <= 0) return new ZoneShape(null, 0);
        var n = settings.CircleVertices;
        var local = new List<(double X, double Y)>(n);
        for (var i = 0; i < n; i++)
        {
            var a = 2 * Math.PI * i / n;
            local.Add((radiusM * Math.Cos(a), radiusM * Math.Sin(a)));
        }
        return ToShape(local, source, 0, settings);
    }

    /// <summary>(x downwind, y to the right of the wind) in m → WGS84 polygon, and the local shoelace area.</summary>
    private static ZoneShape ToShape(List<(double X, double Y)> local, Point source, double bearingDeg, ZoneSettings settings)
    {
        if (local.Count < 3) return new ZoneShape(null, 0);
        var (de, dn) = GeoMath.Direction(bearingDeg);
        var (ce, cn) = (dn, -de); // crosswind, 90° clockwise from downwind
        var coords = new Coordinate[local.Count + 1];
        var area = 0.0;
        for (var i = 0; i < local.Count; i++)
        {
            var (x, y) = local[i];
            coords[i] = GeoMath.ToWgs84(source, x * de + y * ce, x * dn + y * cn, settings.EarthRadiusM);
            var (x2, y2) = local[(i + 1) % local.Count];
            area += x * y2 - x2 * y;
        }
        coords[^1] = coords[0].Copy();
        return new ZoneShape(BundleJson.Geometry.CreatePolygon(coords), Math.Abs(area) / 2);
    }
}
