using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CityTwin.Domain.Drills.Reports;

/// <summary>
/// The report's JSON (camelCase, indented, nulls kept so every report has the same shape) and its zones, origin,
/// staging point, teams and routes as a GeoJSON FeatureCollection (WGS84).
/// </summary>
public static class DrillReportJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        NumberHandling = JsonNumberHandling.Strict,
    };

    public static string Write(DrillReport report) => JsonSerializer.Serialize(report, Options);

    public static DrillReport Read(string json) =>
        JsonSerializer.Deserialize<DrillReport>(json, Options) ?? throw new JsonException("the report is empty");

    /// <summary>
    /// Current (not superseded) zones, red drawn last — each footprint ("zone"), followed for a toxic zone the cloud's
    /// tail was crossing at the end by the part it had not passed ("zone-uncleared") — then origin, staging, teams and their straight-line routes.</summary>
    public static string GeoJson(DrillReport report)
    {
        var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = false, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("type", "FeatureCollection");
            w.WriteStartArray("features");
            foreach (var c in report.Consequences.Where(c => c.SupersededAtMin is null))
                foreach (var z in c.Zones.Reverse().Where(z => z.Ring.Count > 0))
                {
                    Feature(w, "Polygon", () =>
                    {
                        w.WriteStartArray();
                        foreach (var p in z.Ring) Position(w, p[0], p[1]);
                        w.WriteEndArray();
                    }, () =>
                    {
                        w.WriteString("feature", "zone");
                        w.WriteNumber("consequence", c.Number);
                        w.WriteString("level", z.Level);
                        w.WriteString("criterion", z.Criterion);
                        w.WriteString("extent", z.ExtentText);
                        w.WriteNumber("extentM", z.ExtentM);
                        if (z.EndedAtMin is { } ended) w.WriteNumber("endedAtMin", ended);   // the cloud has passed: the zone is over
                        if (z.ClearedM is { } cleared) w.WriteNumber("clearedM", cleared);   // how far downwind the tail had passed
                        w.WriteNumber("people", z.People);
                        w.WriteString("flags", string.Join(",", z.Flags));
                    });
                    if (z.UnclearedRing is { Count: > 0 } part)
                        Feature(w, "Polygon", () =>
                        {
                            w.WriteStartArray();
                            foreach (var p in part) Position(w, p[0], p[1]);
                            w.WriteEndArray();
                        }, () =>
                        {
                            w.WriteString("feature", "zone-uncleared");
                            w.WriteNumber("consequence", c.Number);
                            w.WriteString("level", z.Level);
                            w.WriteString("criterion", z.Criterion);
                            w.WriteNumber("clearedM", z.ClearedM ?? 0);
                        });
                }
            Point(w, report.Origin.Lon, report.Origin.Lat, "origin", report.Origin.Code, report.Origin.Name);
            if (report.Dispatch is { } d)
            {
                Point(w, d.StagingLon, d.StagingLat, "staging", "staging", "staging point");
                var places = report.Places.ToDictionary(p => p.Code, StringComparer.Ordinal);
                foreach (var a in d.Assignments.Where(a => places.ContainsKey(a.Team)))
                {
                    var team = places[a.Team];
                    Feature(w, "LineString", () =>
                    {
                        Position(w, team.Lon, team.Lat);
                        Position(w, d.StagingLon, d.StagingLat);
                    }, () =>
                    {
                        w.WriteString("feature", "route");
                        w.WriteString("team", a.Team);
                        w.WriteString("slot", a.Slot);
                        w.WriteNumber("etaMin", a.EtaMin);
                    });
                }
            }
            foreach (var p in report.Places.Where(p => p.Kind == "rescue-team")) Point(w, p.Lon, p.Lat, "team", p.Code, p.Name);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Position(Utf8JsonWriter w, double lon, double lat)
    {
        w.WriteStartArray();
        w.WriteNumberValue(lon);
        w.WriteNumberValue(lat);
        w.WriteEndArray();
    }

    private static void Point(Utf8JsonWriter w, double lon, double lat, string feature, string code, string name) =>
        Feature(w, "Point", () => { w.WriteNumberValue(lon); w.WriteNumberValue(lat); }, () =>
        {
            w.WriteString("feature", feature);
            w.WriteString("code", code);
            w.WriteString("name", name);
        });

    private static void Feature(Utf8JsonWriter w, string type, Action coordinates, Action properties)
    {
        w.WriteStartObject();
        w.WriteString("type", "Feature");
        w.WriteStartObject("geometry");
        w.WriteString("type", type);
        w.WriteStartArray("coordinates");
        coordinates();
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteStartObject("properties");
        properties();
        w.WriteEndObject();
        w.WriteEndObject();
    }
}
