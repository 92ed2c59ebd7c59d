using System.Text.Json;
using CityTwin.Domain.Units;

namespace CityTwin.Domain.Registry;

/// <summary>Writes a bundle directory: <c>units.geojson</c> + <c>details.json</c>, split into numbered parts when large.</summary>
public static class BundleWriter
{
    private static readonly JsonWriterOptions Pretty = new() { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JsonWriterOptions Compact = new() { Indented = false, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <returns>The paths written.</returns>
    public static IReadOnlyList<string> WriteDirectory(string directory, IReadOnlyList<Unit> units, int unitsPerFile = 50_000)
    {
        Directory.CreateDirectory(directory);
        var written = new List<string>();
        var parts = (units.Count + unitsPerFile - 1) / unitsPerFile;
        // Small bundles are meant to be read and copied as templates: indent them.
        var options = parts <= 1 ? Pretty : Compact;
        for (var part = 0; part < Math.Max(parts, 1); part++)
        {
            var slice = units.Skip(part * unitsPerFile).Take(unitsPerFile).ToList();
            var suffix = parts <= 1 ? "" : $"-{part + 1:D4}";
            var unitsPath = Path.Combine(directory, $"units{suffix}.geojson");
            // One feature per line: diffable, greppable, and still a plain GeoJSON FeatureCollection.
            using (var stream = File.Create(unitsPath))
            {
                stream.Write("{\"type\":\"FeatureCollection\",\"features\":[\n"u8);
                for (var i = 0; i < slice.Count; i++)
                {
                    using (var w = new Utf8JsonWriter(stream, Compact))
                        UnitJson.WriteFeature(w, slice[i], inlineDetails: false);
                    stream.Write(i < slice.Count - 1 ? ",\n"u8 : "\n"u8);
                }
                stream.Write("]}\n"u8);
            }
            written.Add(unitsPath);

            var detailsPath = Path.Combine(directory, $"details{suffix}.json");
            using (var stream = File.Create(detailsPath))
            using (var w = new Utf8JsonWriter(stream, options))
            {
                w.WriteStartObject();
                w.WriteString("format", BundleJson.DetailsFormat);
                w.WriteStartObject("units");
                foreach (var u in slice.Where(UnitJson.HasDetails))
                {
                    w.WritePropertyName(u.Code);
                    UnitJson.WriteDetails(w, u);
                }
                w.WriteEndObject();
                w.WriteEndObject();
            }
            written.Add(detailsPath);
        }
        return written;
    }
}
