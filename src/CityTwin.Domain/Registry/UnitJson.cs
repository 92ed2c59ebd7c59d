using System.Security.Cryptography;
using System.Text.Json;
using CityTwin.Domain.Units;

namespace CityTwin.Domain.Registry;

/// <summary>
/// Writes units in the bundle format. The canonical form of one unit is its feature with the details inline
/// (and its path); the registry stores it and fingerprints it to tell a real change from a re-load.
/// </summary>
public static class UnitJson
{
    public static byte[] ToCanonical(Unit unit)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
            WriteFeature(w, unit, inlineDetails: true, includePath: true);
        return buffer.ToArray();
    }

    /// <summary>A stable hash of the unit's canonical form: equal definitions, equal fingerprints.</summary>
    public static string Fingerprint(Unit unit) => Convert.ToHexString(SHA256.HashData(ToCanonical(unit)));

    public static void WriteFeature(Utf8JsonWriter w, Unit u, bool inlineDetails, bool includePath = false)
    {
        w.WriteStartObject();
        w.WriteString("type", "Feature");
        w.WritePropertyName("geometry");
        JsonSerializer.Serialize(w, u.Geometry, BundleJson.Options);
        w.WritePropertyName("properties");
        w.WriteStartObject();
        w.WriteString("code", u.Code);
        w.WriteString("kind", u.Kind.Name());
        w.WriteString("name", u.Name);
        if (u.Parent is not null) w.WriteString("parent", u.Parent);
        if (includePath && u.Path.Length > 0) w.WriteString("path", u.Path);
        w.WriteNumber("people", u.People);
        if (u.Town is { } town) w.WriteString("townType", JsonNames.Of(JsonNames.TownTypes, town.Type));
        if (u.Park is { } park)
        {
            w.WriteString("parkType", JsonNames.Of(JsonNames.ParkTypes, park.Type));
            if (park.AssessmentScore is { } score) w.WriteNumber("assessmentScore", score);
        }
        if (u.Enterprise is { } e)
        {
            w.WriteString("sector", e.Sector);
            w.WriteString("department", e.Department);
            if (e.Benchmark) w.WriteBoolean("benchmark", true);
        }
        if (u.RescueTeam is { } t) w.WriteString("status", JsonNames.Of(JsonNames.TeamStatuses, t.Status));
        if (inlineDetails && HasDetails(u))
        {
            w.WritePropertyName("details");
            WriteDetails(w, u);
        }
        w.WriteEndObject();
        w.WriteEndObject();
    }

    public static bool HasDetails(Unit u) =>
        u.HazardSource is not null || u.RescueTeam is not null ||
        u.Enterprise is { } e && (e.Diagnostic is not null || e.Lec is not null || e.Ls is not null || e.CoalMine is not null);

    public static void WriteDetails(Utf8JsonWriter w, Unit u)
    {
        w.WriteStartObject();
        if (u.Enterprise is { } e) WriteEnterprise(w, e);
        if (u.HazardSource is { } h) WriteHazardSource(w, h);
        if (u.RescueTeam is { } t)
        {
            w.WriteNumber("headcount", t.Headcount);
            w.WriteStartArray("capabilities");
            foreach (var c in t.Capabilities) w.WriteStringValue(c);
            w.WriteEndArray();
            w.WriteStartArray("equipment");
            foreach (var item in t.Equipment)
            {
                w.WriteStartObject();
                w.WriteString("name", item.Name);
                w.WriteNumber("count", item.Count);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        w.WriteEndObject();
    }

    private static void WriteEnterprise(Utf8JsonWriter w, EnterpriseProfile e)
    {
        if (e.Diagnostic is { } d)
        {
            w.WriteStartObject("diagnostic");
            if (d.Score is { } score) w.WriteNumber("score", score);
            w.WriteStartArray("items");
            foreach (var item in d.Items)
            {
                w.WriteStartObject();
                w.WriteString("code", item.Code);
                w.WriteNumber("count", item.Count);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("vetoes");
            foreach (var v in d.Vetoes) w.WriteStringValue(v);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        if (e.Lec is { } lec)
        {
            w.WriteStartObject("lec");
            w.WriteNumber("l", lec.L);
            w.WriteNumber("e", lec.E);
            w.WriteNumber("c", lec.C);
            w.WriteEndObject();
        }
        if (e.Ls is { } ls)
        {
            w.WriteStartObject("ls");
            w.WriteNumber("l", ls.L);
            w.WriteNumber("s", ls.S);
            w.WriteEndObject();
        }
        if (e.CoalMine is { } m)
        {
            w.WriteStartObject("coalMine");
            w.WriteString("gasClass", JsonNames.Of(JsonNames.GasClasses, m.GasClass));
            w.WriteBoolean("rockBurst", m.RockBurst);
            w.WriteBoolean("majorWaterHazard", m.MajorWaterHazard);
            w.WriteEndObject();
        }
    }

    private static void WriteHazardSource(Utf8JsonWriter w, HazardSourceProfile h)
    {
        w.WriteString("type", h.Type);
        if (h.Pressurised) w.WriteBoolean("pressurised", true);
        w.WriteNumber("peopleWithin500m", h.PeopleWithin500m);
        w.WriteStartArray("inventory");
        foreach (var item in h.Inventory)
        {
            w.WriteStartObject();
            w.WriteString("chemical", item.Chemical);
            w.WriteNumber("quantityT", item.QuantityT);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("sensors");
        foreach (var s in h.Sensors)
        {
            w.WriteStartObject();
            w.WriteString("code", s.Code);
            w.WriteString("kind", s.Kind);
            w.WriteString("unit", s.Unit);
            if (s.Chemical is not null) w.WriteString("chemical", s.Chemical);
            w.WriteNumber("rangeMin", s.RangeMin);
            w.WriteNumber("rangeMax", s.RangeMax);
            w.WriteStartObject("setPoints");
            if (s.SetPoints.LowLow is { } ll) w.WriteNumber("lowLow", ll);
            if (s.SetPoints.Low is { } lo) w.WriteNumber("low", lo);
            if (s.SetPoints.High is { } hi) w.WriteNumber("high", hi);
            if (s.SetPoints.HighHigh is { } hh) w.WriteNumber("highHigh", hh);
            w.WriteEndObject();
            if (s.Deadband is { } db) w.WriteNumber("deadband", db);
            if (!s.Mandatory) w.WriteBoolean("mandatory", false);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        if (h.Responsible is { } r)
        {
            w.WriteStartObject("responsible");
            w.WriteString("principal", r.Principal);
            w.WriteString("technical", r.Technical);
            w.WriteString("operational", r.Operational);
            w.WriteEndObject();
        }
    }
}
