using System.Text.Json;
using System.Text.Json.Serialization;

namespace CityTwin.Domain.Chemicals;

/// <summary>One chemical of the catalog: GB 18218 critical quantity Q (t) and correction factor β, and physical data.</summary>
public sealed record Chemical
{
    [JsonPropertyName("id")] public required string Id { get; init; }
    [JsonPropertyName("zh")] public required string NameZh { get; init; }
    [JsonPropertyName("en")] public required string NameEn { get; init; }
    [JsonPropertyName("cas")] public string Cas { get; init; } = "";
    /// <summary>Critical quantity Q in tonnes (GB 18218 Table 1, else Table 2 by category).</summary>
    [JsonPropertyName("q")] public required double CriticalQuantityT { get; init; }
    /// <summary>Correction factor β (Table 3, else Table 4 by category).</summary>
    [JsonPropertyName("beta")] public required double Beta { get; init; }
    [JsonPropertyName("category")] public string Category { get; init; } = "";
    [JsonPropertyName("molarMass")] public double MolarMass { get; init; }
}

/// <summary>
/// The chemical table, read from the versioned data file <c>chemicals.json</c> embedded in this assembly,
/// so a corrected value is a data change, not a code change.
/// </summary>
public sealed class ChemicalCatalog
{
    private readonly Dictionary<string, Chemical> _byId;

    private ChemicalCatalog(string version, IEnumerable<Chemical> chemicals)
    {
        Version = version;
        _byId = chemicals.ToDictionary(c => c.Id, StringComparer.Ordinal);
    }

    public static ChemicalCatalog Default { get; } = LoadEmbedded();

    public string Version { get; }

    public IReadOnlyCollection<Chemical> All => _byId.Values;

    public bool TryGet(string id, out Chemical chemical) => _byId.TryGetValue(id, out chemical!);

    public Chemical Get(string id) =>
        _byId.TryGetValue(id, out var c) ? c : throw new KeyNotFoundException($"unknown chemical '{id}'");

    public static ChemicalCatalog Parse(Stream json)
    {
        var file = JsonSerializer.Deserialize<CatalogFile>(json) ?? throw new InvalidDataException("empty chemical catalog");
        return new ChemicalCatalog(file.Version, file.Chemicals);
    }

    private static ChemicalCatalog LoadEmbedded()
    {
        using var stream = typeof(ChemicalCatalog).Assembly.GetManifestResourceStream("CityTwin.Domain.Chemicals.chemicals.json")
            ?? throw new InvalidOperationException("chemicals.json is not embedded in CityTwin.Domain");
        return Parse(stream);
    }

    private sealed record CatalogFile(
        [property: JsonPropertyName("version")] string Version,
        [property: JsonPropertyName("chemicals")] List<Chemical> Chemicals);
}
