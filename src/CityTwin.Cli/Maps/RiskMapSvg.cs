using System.Globalization;
using System.Text;
using System.Text.Json;
using CityTwin.Protos.V1;

namespace CityTwin.Cli.Maps;

/// <summary>
/// Draws the four-colour risk map (红橙黄蓝四色图) of a scope as SVG: region polygons filled by their live level,
/// enterprises as dots, a legend and the time the picture shows. Equirectangular projection scaled by the cosine of
/// the mid latitude, which is faithful enough at a city's size.
/// </summary>
public sealed class RiskMapSvg(string title, DateTimeOffset at)
{
    private const double Width = 1000, Margin = 40, LegendHeight = 90;
    private readonly List<(string Code, string Name, List<double[][]> Rings, RiskLevel Level)> _areas = [];
    private readonly List<(string Code, double Lon, double Lat, RiskLevel Level)> _points = [];

    public static string Fill(RiskLevel level) => level switch
    {
        RiskLevel.Red => "#d7191c",
        RiskLevel.Orange => "#fd8d3c",
        RiskLevel.Yellow => "#fee33b",
        RiskLevel.Blue => "#2b83ba",
        _ => "#cccccc",
    };

    public void AddArea(string code, string name, string geojson, RiskLevel level) => _areas.Add((code, name, Rings(geojson), level));

    public void AddPoint(string code, double lon, double lat, RiskLevel level) => _points.Add((code, lon, lat, level));

    public string Render()
    {
        var coords = _areas.SelectMany(a => a.Rings).SelectMany(r => r).Concat(_points.Select(p => new[] { p.Lon, p.Lat })).ToList();
        if (coords.Count == 0) coords.Add([0, 0]);
        double minX = coords.Min(c => c[0]), maxX = coords.Max(c => c[0]), minY = coords.Min(c => c[1]), maxY = coords.Max(c => c[1]);
        var kx = Math.Cos((minY + maxY) / 2 * Math.PI / 180);
        var scale = (Width - 2 * Margin) / Math.Max((maxX - minX) * kx, 1e-9);
        var height = (maxY - minY) * scale + 2 * Margin + LegendHeight;
        string X(double lon) => F(Margin + (lon - minX) * kx * scale);
        string Y(double lat) => F(Margin + (maxY - lat) * scale);

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"""<svg xmlns="http://www.w3.org/2000/svg" width="{F(Width)}" height="{F(height)}" viewBox="0 0 {F(Width)} {F(height)}" font-family="sans-serif">""").Append('\n');
        svg.Append("""<rect width="100%" height="100%" fill="#ffffff"/>""").Append('\n');
        foreach (var (code, name, rings, level) in _areas)
        {
            var d = string.Join(" ", rings.Select(r => "M" + string.Join(" L", r.Select(c => $"{X(c[0])},{Y(c[1])}")) + " Z"));
            svg.Append(CultureInfo.InvariantCulture, $"""<path d="{d}" fill="{Fill(level)}" fill-opacity="0.75" stroke="#333" stroke-width="1"><title>{Escape(code)} {Escape(name)}: {level}</title></path>""").Append('\n');
            var all = rings.SelectMany(r => r).ToList();
            svg.Append(CultureInfo.InvariantCulture, $"""<text x="{X(all.Average(c => c[0]))}" y="{Y(all.Average(c => c[1]))}" font-size="12" text-anchor="middle">{Escape(name)}</text>""").Append('\n');
        }
        foreach (var (code, lon, lat, level) in _points)
            svg.Append(CultureInfo.InvariantCulture, $"""<circle cx="{X(lon)}" cy="{Y(lat)}" r="3" fill="{Fill(level)}" stroke="#222" stroke-width="0.5"><title>{Escape(code)}: {level}</title></circle>""").Append('\n');

        var top = height - LegendHeight + 20;
        svg.Append(CultureInfo.InvariantCulture, $"""<text x="{F(Margin)}" y="{F(top)}" font-size="16">{Escape(title)} · {at:yyyy-MM-dd HH:mm:ss zzz}</text>""").Append('\n');
        var legend = new[] { (RiskLevel.Red, "红 重大风险"), (RiskLevel.Orange, "橙 较大风险"), (RiskLevel.Yellow, "黄 一般风险"), (RiskLevel.Blue, "蓝 低风险") };
        for (var i = 0; i < legend.Length; i++)
        {
            var x = Margin + i * 180;
            svg.Append(CultureInfo.InvariantCulture, $"""<rect x="{F(x)}" y="{F(top + 20)}" width="22" height="16" fill="{Fill(legend[i].Item1)}" stroke="#333"/><text x="{F(x + 30)}" y="{F(top + 33)}" font-size="13">{legend[i].Item2}</text>""").Append('\n');
        }
        svg.Append("</svg>\n");
        return svg.ToString();
    }

    private static List<double[][]> Rings(string geojson)
    {
        using var doc = JsonDocument.Parse(geojson);
        var root = doc.RootElement;
        var type = root.GetProperty("type").GetString();
        var coordinates = root.GetProperty("coordinates");
        IEnumerable<JsonElement> polygons = type switch
        {
            "Polygon" => [coordinates],
            "MultiPolygon" => coordinates.EnumerateArray(),
            _ => [],
        };
        return polygons.SelectMany(p => p.EnumerateArray().Select(ring => ring.EnumerateArray().Select(c => new[] { c[0].GetDouble(), c[1].GetDouble() }).ToArray())).ToList();
    }

    private static string F(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);

    private static string Escape(string s) => s.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
}
