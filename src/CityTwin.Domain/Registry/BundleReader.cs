using System.Text.Json;
using CityTwin.Domain.Units;

namespace CityTwin.Domain.Registry;

/// <summary>A file of a bundle: <c>*.geojson</c> holds unit features, <c>*.json</c> holds details by unit code.</summary>
public sealed record BundleFile(string Name, ReadOnlyMemory<byte> Content)
{
    public bool IsFeatures => Name.EndsWith(".geojson", StringComparison.OrdinalIgnoreCase);
}

/// <summary>
/// Parses a city bundle: GeoJSON FeatureCollections of units plus JSON details keyed by unit code.
/// Never throws on bad content: every problem is collected and named.
/// </summary>
public static class BundleReader
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = 64 };

    public static CityBundle Read(IEnumerable<BundleFile> files)
    {
        var problems = new List<BundleProblem>();
        var documents = new List<JsonDocument>();
        try
        {
            var all = files.ToList();
            var details = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            foreach (var file in all.Where(f => !f.IsFeatures))
            {
                if (Parse(file, problems) is not { } doc) continue;
                documents.Add(doc);
                ReadDetails(file.Name, doc.RootElement, details, problems);
            }

            var units = new List<Unit>();
            var reader = new UnitFeatureReader(problems);
            var used = new HashSet<string>(StringComparer.Ordinal);
            foreach (var file in all.Where(f => f.IsFeatures))
            {
                if (Parse(file, problems) is not { } doc) continue;
                documents.Add(doc);
                var root = doc.RootElement;
                if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("features", out var features) || features.ValueKind != JsonValueKind.Array)
                {
                    problems.Add(new BundleProblem(ProblemKind.Malformed, file.Name, "features", "a units file must be a GeoJSON FeatureCollection"));
                    continue;
                }
                var index = 0;
                foreach (var feature in features.EnumerateArray())
                {
                    var code = CodeOf(feature);
                    JsonElement? detail = code is not null && details.TryGetValue(code, out var d) ? d : null;
                    if (detail is not null) used.Add(code!);
                    if (reader.Read(feature, detail, code ?? $"{file.Name}#features[{index}]") is { } unit) units.Add(unit);
                    index++;
                }
            }
            foreach (var orphan in details.Keys.Where(k => !used.Contains(k)))
                problems.Add(new BundleProblem(ProblemKind.UnknownParent, orphan, "details", "details given for a unit that no units file defines"));
            return new CityBundle(units, problems);
        }
        finally
        {
            foreach (var doc in documents) doc.Dispose();
        }
    }

    /// <summary>Reads every *.geojson and *.json file of a directory (not recursive).</summary>
    public static CityBundle ReadDirectory(string directory) =>
        Read(Directory.EnumerateFiles(directory)
            .Where(f => f.EndsWith(".geojson", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .Select(f => new BundleFile(Path.GetFileName(f), File.ReadAllBytes(f))));

    /// <summary>Reads a single unit from its canonical JSON (a feature with inline details), as the registry stores it.</summary>
    public static Unit ReadUnit(ReadOnlySpan<byte> json)
    {
        var problems = new List<BundleProblem>();
        using var doc = JsonDocument.Parse(json.ToArray(), DocumentOptions);
        var unit = new UnitFeatureReader(problems).Read(doc.RootElement, null, CodeOf(doc.RootElement) ?? "?");
        if (unit is null || problems.Count > 0)
            throw new InvalidDataException("stored unit is invalid: " + string.Join("; ", problems));
        return unit;
    }

    private static JsonDocument? Parse(BundleFile file, List<BundleProblem> problems)
    {
        try
        {
            return JsonDocument.Parse(file.Content, DocumentOptions);
        }
        catch (JsonException e)
        {
            problems.Add(new BundleProblem(ProblemKind.Malformed, file.Name, $"line {e.LineNumber + 1}", $"is not valid JSON: {e.Message}"));
            return null;
        }
    }

    private static void ReadDetails(string name, JsonElement root, Dictionary<string, JsonElement> details, List<BundleProblem> problems)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("units", out var units) || units.ValueKind != JsonValueKind.Object)
        {
            problems.Add(new BundleProblem(ProblemKind.Malformed, name, "units", $"a details file must be an object {{\"format\": \"{BundleJson.DetailsFormat}\", \"units\": {{code: details}}}}"));
            return;
        }
        if (root.TryGetProperty("format", out var format) && format.ValueKind == JsonValueKind.String && format.GetString() != BundleJson.DetailsFormat)
            problems.Add(new BundleProblem(ProblemKind.Malformed, name, "format", $"'{format.GetString()}' is not {BundleJson.DetailsFormat}"));
        foreach (var p in units.EnumerateObject())
        {
            if (p.Value.ValueKind != JsonValueKind.Object)
                problems.Add(new BundleProblem(ProblemKind.InvalidValue, p.Name, "details", "must be an object"));
            else if (!details.TryAdd(p.Name, p.Value))
                problems.Add(new BundleProblem(ProblemKind.DuplicateCode, p.Name, "details", "details given twice"));
        }
    }

    private static string? CodeOf(JsonElement feature) =>
        feature.ValueKind == JsonValueKind.Object && feature.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Object
            && p.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
}
