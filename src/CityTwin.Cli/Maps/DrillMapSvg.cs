using System.Globalization;
using System.Text;
using CityTwin.Domain.Drills.Reports;

namespace CityTwin.Cli.Maps;

/// <summary>
/// A drill's map picture as SVG, in the style of <see cref="RiskMapSvg"/>: the current threat zones (yellow under
/// orange under red; where a toxic cloud has passed, faint and dashed), the affected units as dots, the origin, the staging point, the rescue teams and their
/// straight-line routes, a legend and the validity flags. Drawn from the report alone.
/// </summary>
public sealed class DrillMapSvg(DrillReport report)
{
    private const double Width = 1000, Margin = 40, LegendHeight = 130;

    public string Render()
    {
        var zones = report.Consequences.Where(c => c.SupersededAtMin is null).SelectMany(c => c.Zones).Where(z => z.Ring.Count > 0).ToList();
        var places = report.Places.ToDictionary(p => p.Code, StringComparer.Ordinal);
        var assigned = report.Dispatch?.Assignments.Where(a => places.ContainsKey(a.Team)).ToList() ?? [];
        var coords = zones.SelectMany(z => z.Ring).ToList();
        coords.Add([report.Origin.Lon, report.Origin.Lat]);
        coords.AddRange(assigned.Select(a => new[] { places[a.Team].Lon, places[a.Team].Lat }));
        if (report.Dispatch is { } d) coords.Add([d.StagingLon, d.StagingLat]);
        double minX = coords.Min(c => c[0]), maxX = coords.Max(c => c[0]), minY = coords.Min(c => c[1]), maxY = coords.Max(c => c[1]);
        var padX = Math.Max((maxX - minX) * 0.05, 0.005);
        var padY = Math.Max((maxY - minY) * 0.05, 0.005);
        (minX, maxX, minY, maxY) = (minX - padX, maxX + padX, minY - padY, maxY + padY);
        var kx = Math.Cos((minY + maxY) / 2 * Math.PI / 180);
        var scale = (Width - 2 * Margin) / Math.Max((maxX - minX) * kx, 1e-9);
        var height = (maxY - minY) * scale + 2 * Margin + LegendHeight;
        string X(double lon) => F(Margin + (lon - minX) * kx * scale);
        string Y(double lat) => F(Margin + (maxY - lat) * scale);
        bool Inside(double lon, double lat) => lon >= minX && lon <= maxX && lat >= minY && lat <= maxY;

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"""<svg xmlns="http://www.w3.org/2000/svg" width="{F(Width)}" height="{F(height)}" viewBox="0 0 {F(Width)} {F(height)}" font-family="sans-serif">""").Append('\n');
        svg.Append("""<rect width="100%" height="100%" fill="#ffffff"/>""").Append('\n');
        string Path(IReadOnlyList<double[]> ring) => "M" + string.Join(" L", ring.Select(c => $"{X(c[0])},{Y(c[1])}")) + " Z";
        foreach (var z in zones.OrderBy(z => Rank(z.Level)))
        {
            // A toxic zone the cloud's tail has passed (wholly, or up to the tail line) is drawn faint and dashed there.
            var passed = z.EndedAtMin is not null || z.UnclearedRing is { Count: > 0 };
            var style = passed ? "fill-opacity=\"0.12\" stroke-dasharray=\"5 4\"" : "fill-opacity=\"0.45\"";
            svg.Append(CultureInfo.InvariantCulture, $"""<path d="{Path(z.Ring)}" fill="{Fill(z.Level)}" {style} stroke="{Fill(z.Level)}" stroke-width="1.5"><title>{Escape(z.Level)} zone: {Escape(z.Criterion)}, {Escape(z.ExtentText)}, {z.People:0} people{Evolution(z)}</title></path>""").Append('\n');
            if (z.UnclearedRing is { Count: > 0 } part)
                svg.Append(CultureInfo.InvariantCulture, $"""<path d="{Path(part)}" fill="{Fill(z.Level)}" fill-opacity="0.45" stroke="{Fill(z.Level)}" stroke-width="1.5"><title>{Escape(z.Level)} zone still under the cloud, beyond {z.ClearedM:0} m</title></path>""").Append('\n');
        }
        foreach (var u in zones.SelectMany(z => z.Units).DistinctBy(u => u.Code))
        {
            if (!places.TryGetValue(u.Code, out var p) || !Inside(p.Lon, p.Lat) || p.Kind is "town" or "park") continue;
            svg.Append(CultureInfo.InvariantCulture, $"""<circle cx="{X(p.Lon)}" cy="{Y(p.Lat)}" r="3.5" fill="#555" stroke="#fff" stroke-width="0.5"><title>{Escape(p.Code)} {Escape(p.Name)}: {u.People:0} people</title></circle>""").Append('\n');
        }
        if (report.Dispatch is { } dispatch)
        {
            foreach (var a in assigned)
            {
                var t = places[a.Team];
                svg.Append(CultureInfo.InvariantCulture, $"""<line x1="{X(t.Lon)}" y1="{Y(t.Lat)}" x2="{X(dispatch.StagingLon)}" y2="{Y(dispatch.StagingLat)}" stroke="#1a9641" stroke-width="1.5" stroke-dasharray="6 3"><title>{Escape(a.Team)} → {Escape(a.Slot)}, ETA {a.EtaMin:0.#} min</title></line>""").Append('\n');
                svg.Append(CultureInfo.InvariantCulture, $"""<rect x="{F(double.Parse(X(t.Lon), CultureInfo.InvariantCulture) - 5)}" y="{F(double.Parse(Y(t.Lat), CultureInfo.InvariantCulture) - 5)}" width="10" height="10" fill="#1a9641" stroke="#fff"><title>{Escape(t.Code)} {Escape(t.Name)}</title></rect>""").Append('\n');
                svg.Append(CultureInfo.InvariantCulture, $"""<text x="{X(t.Lon)}" y="{F(double.Parse(Y(t.Lat), CultureInfo.InvariantCulture) - 8)}" font-size="11" text-anchor="middle">{Escape(a.Slot)}</text>""").Append('\n');
            }
            svg.Append(CultureInfo.InvariantCulture, $"""<circle cx="{X(dispatch.StagingLon)}" cy="{Y(dispatch.StagingLat)}" r="6" fill="#ffffff" stroke="#1a9641" stroke-width="3"><title>staging point</title></circle>""").Append('\n');
        }
        var ox = double.Parse(X(report.Origin.Lon), CultureInfo.InvariantCulture);
        var oy = double.Parse(Y(report.Origin.Lat), CultureInfo.InvariantCulture);
        svg.Append(CultureInfo.InvariantCulture, $"""<path d="M{F(ox - 7)},{F(oy - 7)} L{F(ox + 7)},{F(oy + 7)} M{F(ox - 7)},{F(oy + 7)} L{F(ox + 7)},{F(oy - 7)}" stroke="#000" stroke-width="3"><title>{Escape(report.Origin.Code)} {Escape(report.Origin.Name)}</title></path>""").Append('\n');

        var top = height - LegendHeight + 20;
        svg.Append(CultureInfo.InvariantCulture, $"""<text x="{F(Margin)}" y="{F(top)}" font-size="16">{Escape(report.Scenario.Name)} · {Escape(report.Scenario.Start)}</text>""").Append('\n');
        var legend = new[] { ("Red", "red zone"), ("Orange", "orange zone"), ("Yellow", "yellow zone") };
        for (var i = 0; i < legend.Length; i++)
        {
            var x = Margin + i * 150;
            svg.Append(CultureInfo.InvariantCulture, $"""<rect x="{F(x)}" y="{F(top + 15)}" width="22" height="16" fill="{Fill(legend[i].Item1)}" fill-opacity="0.6" stroke="#333"/><text x="{F(x + 30)}" y="{F(top + 28)}" font-size="13">{legend[i].Item2}</text>""").Append('\n');
        }
        svg.Append(CultureInfo.InvariantCulture, $"""<text x="{F(Margin + 460)}" y="{F(top + 28)}" font-size="13">✕ origin · ● affected unit · ■ team and route · ○ staging · faint, dashed: the cloud has passed</text>""").Append('\n');
        var flags = report.Validity.Count == 0 ? "validity: no flags" : "validity: " + string.Join("; ", report.Validity);
        svg.Append(CultureInfo.InvariantCulture, $"""<text x="{F(Margin)}" y="{F(top + 55)}" font-size="12">{Escape(flags)}</text>""").Append('\n');
        svg.Append("</svg>\n");
        return svg.ToString();
    }

    /// <summary>How a toxic zone evolved, for its tooltip.</summary>
    private static string Evolution(ReportZone z) => z switch
    {
        { EndedAtMin: { } ended } => string.Create(CultureInfo.InvariantCulture, $"; the cloud passed its far edge at {ended:0.#} min"),
        { ClearedM: > 0 and { } cleared } => string.Create(CultureInfo.InvariantCulture, $"; the cloud's tail had passed {cleared:0} m at the end"),
        _ => "",
    };

    private static int Rank(string level) => level switch { "Yellow" => 0, "Orange" => 1, _ => 2 };

    private static string Fill(string level) => level switch
    {
        "Red" => "#d7191c",
        "Orange" => "#fd8d3c",
        "Yellow" => "#fee33b",
        _ => "#cccccc",
    };

    private static string F(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);

    private static string Escape(string s) => s.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
}
