using System.Globalization;
using System.Text;
using CityTwin.Protos.V1;

namespace CityTwin.Cli.Charts;

/// <summary>
/// Draws one or more sensors' downsampled series as SVG: per sensor the min–max band and the mean line, its set-points
/// as dashed lines, and its alarms as marks on the time axis. Each sensor gets its own panel, as their units differ.
/// </summary>
public sealed class SensorChartSvg(DateTimeOffset from, DateTimeOffset to)
{
    private const double Width = 1000, PanelHeight = 220, Margin = 60, Gap = 40;
    private readonly List<(SensorSeries Series, IReadOnlyList<Alarm> Alarms)> _panels = [];

    public void Add(SensorSeries series, IReadOnlyList<Alarm> alarms) => _panels.Add((series, alarms));

    public string Render()
    {
        var height = Margin + _panels.Count * (PanelHeight + Gap);
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{F(Width)}\" height=\"{F(height)}\" font-family=\"sans-serif\" font-size=\"12\">");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(Margin)}\" y=\"24\" font-size=\"16\">{Esc($"{from:yyyy-MM-dd HH:mm} – {to:yyyy-MM-dd HH:mm} UTC")}</text>");
        for (var i = 0; i < _panels.Count; i++) Panel(svg, _panels[i].Series, _panels[i].Alarms, Margin + i * (PanelHeight + Gap));
        svg.Append("</svg>");
        return svg.ToString();
    }

    private void Panel(StringBuilder svg, SensorSeries s, IReadOnlyList<Alarm> alarms, double top)
    {
        long t0 = from.ToUnixTimeMilliseconds(), t1 = Math.Max(t0 + 1, to.ToUnixTimeMilliseconds());
        var setPoints = new[] { ("H", s.High, "#fd8d3c"), ("HH", s.HighHigh, "#d7191c"), ("L", s.Low, "#fd8d3c"), ("LL", s.LowLow, "#d7191c") }.Where(p => double.IsFinite(p.Item2)).ToList();
        var values = s.Buckets.SelectMany(b => new[] { b.Min, b.Max }).Concat(setPoints.Select(p => p.Item2)).DefaultIfEmpty(0).ToList();
        double lo = values.Min(), hi = values.Max();
        if (hi - lo < 1e-9) { lo -= 1; hi += 1; }
        double X(long ms) => Margin + (ms - t0) * (Width - 2 * Margin) / (t1 - t0);
        double Y(double v) => top + PanelHeight - (v - lo) * PanelHeight / (hi - lo);

        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{F(Margin)}\" y=\"{F(top)}\" width=\"{F(Width - 2 * Margin)}\" height=\"{F(PanelHeight)}\" fill=\"none\" stroke=\"#999\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(Margin)}\" y=\"{F(top - 6)}\">{Esc($"{s.Sensor} ({s.Unit}), source {s.Source}; each reading within ±{s.Deadband.ToString("0.###", CultureInfo.InvariantCulture)} of the line")}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(Margin - 6)}\" y=\"{F(Y(hi) + 4)}\" text-anchor=\"end\">{F(hi)}</text><text x=\"{F(Margin - 6)}\" y=\"{F(Y(lo))}\" text-anchor=\"end\">{F(lo)}</text>");
        if (s.Buckets.Count > 0)
        {
            var band = string.Join(" ", s.Buckets.Select(b => $"{F(X(b.StartMs))},{F(Y(b.Max))}").Concat(s.Buckets.Reverse().Select(b => $"{F(X(b.StartMs))},{F(Y(b.Min))}")));
            svg.Append(CultureInfo.InvariantCulture, $"<polygon points=\"{band}\" fill=\"#2b83ba\" fill-opacity=\"0.2\" stroke=\"none\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<polyline points=\"{string.Join(" ", s.Buckets.Select(b => $"{F(X(b.StartMs))},{F(Y(b.Mean))}"))}\" fill=\"none\" stroke=\"#2b83ba\" stroke-width=\"1.5\"/>");
        }
        foreach (var (name, value, colour) in setPoints)
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{F(Margin)}\" x2=\"{F(Width - Margin)}\" y1=\"{F(Y(value))}\" y2=\"{F(Y(value))}\" stroke=\"{colour}\" stroke-dasharray=\"6 4\"/><text x=\"{F(Width - Margin + 4)}\" y=\"{F(Y(value) + 4)}\" fill=\"{colour}\">{name} {F(value)}</text>");
        foreach (var a in alarms.Where(a => a.Sensor == s.Sensor))
        {
            var raised = Math.Clamp(a.RaisedAt.ToDateTimeOffset().ToUnixTimeMilliseconds(), t0, t1);
            var cleared = Math.Clamp(a.ClearedAt?.ToDateTimeOffset().ToUnixTimeMilliseconds() ?? t1, t0, t1);
            var colour = a.Worst is AlarmState.HighHigh or AlarmState.LowLow ? "#d7191c" : "#fd8d3c";
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{F(X(raised))}\" y=\"{F(top + PanelHeight + 2)}\" width=\"{F(Math.Max(2, X(cleared) - X(raised)))}\" height=\"8\" fill=\"{colour}\"><title>{Esc($"{a.Id} {a.Worst}{(a.AcknowledgedBy.Length > 0 ? $", acknowledged by {a.AcknowledgedBy}" : "")}")}</title></rect>");
        }
    }

    private static string F(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Esc(string s) => s.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
}
