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

    // Drill data (DOMAIN.md §7.2–7.3); absent where the catalog has no value.
    /// <summary>AEGL-1, -2, -3 for 60 min, ppm (ALOHA's default toxic levels of concern).</summary>
    [JsonPropertyName("aegl60")] public IReadOnlyList<double>? Aegl60Ppm { get; init; }
    /// <summary>AEGL-1, -2, -3 for 10 min, ppm.</summary>
    [JsonPropertyName("aegl10")] public IReadOnlyList<double>? Aegl10Ppm { get; init; }
    /// <summary>ERPG-1, -2, -3, ppm (the fallback when AEGLs are missing).</summary>
    [JsonPropertyName("erpg")] public IReadOnlyList<double>? ErpgPpm { get; init; }
    /// <summary>NIOSH IDLH, ppm.</summary>
    [JsonPropertyName("idlh")] public double? IdlhPpm { get; init; }
    /// <summary>Heat of combustion ΔHc, kJ/kg.</summary>
    [JsonPropertyName("heatOfCombustion")] public double? HeatOfCombustionKjPerKg { get; init; }
    /// <summary>Large-pool burning rate m'', kg/(m²·s).</summary>
    [JsonPropertyName("burningRate")] public double? BurningRateKgPerM2S { get; init; }
    /// <summary>Normal boiling point, °C (GB 18218 J4 needs bp ≤ 35 °C; drills need it for flashing releases).</summary>
    [JsonPropertyName("boilingPointC")] public double? BoilingPointC { get; init; }

    /// <summary>AEGL level 1–3 at 60 min in ppm, or null.</summary>
    public double? Aegl60(int level) => Aegl60Ppm is { Count: 3 } a && level is >= 1 and <= 3 ? a[level - 1] : null;

    /// <summary>ERPG level 1–3 in ppm, or null.</summary>
    public double? Erpg(int level) => ErpgPpm is { Count: 3 } a && level is >= 1 and <= 3 ? a[level - 1] : null;
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
