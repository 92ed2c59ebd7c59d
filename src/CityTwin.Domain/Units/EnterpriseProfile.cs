namespace CityTwin.Domain.Units;

/// <summary>
/// An enterprise's sector, its supervising department (三管三必须) and the assessment inputs its inherent
/// level is computed from: the diagnostic grading (DOMAIN.md §3.1) for major-hazard chemical enterprises,
/// LEC or L×S (§2) for those without major hazards, and the coal-mine classification (§3.3).
/// </summary>
public sealed record EnterpriseProfile
{
    public required string Sector { get; init; }
    public required string Department { get; init; }
    public DiagnosticAssessment? Diagnostic { get; init; }
    public LecAssessment? Lec { get; init; }
    public LsAssessment? Ls { get; init; }
    public CoalMineProfile? CoalMine { get; init; }
    /// <summary>Designated benchmark enterprise (标杆企业): inspected less often.</summary>
    public bool Benchmark { get; init; }
}

/// <summary>
/// 危险化学品企业安全风险评估诊断分级: either a score already computed, or the scored items
/// (item code and how many times it applies), plus the direct-red (veto) conditions that hold.
/// </summary>
public sealed record DiagnosticAssessment(double? Score, IReadOnlyList<DiagnosticItem> Items, IReadOnlyList<string> Vetoes);

public sealed record DiagnosticItem(string Code, double Count);

/// <summary>D = L × E × C (Graham–Kinney).</summary>
public sealed record LecAssessment(double L, double E, double C);

/// <summary>R = L × S on the 5×5 matrix.</summary>
public sealed record LsAssessment(int L, int S);

public enum GasClass { LowGas, HighGas, Outburst }

public sealed record CoalMineProfile(GasClass GasClass, bool RockBurst, bool MajorWaterHazard);

/// <summary>Industry sectors and supervising departments known to the registry (DOMAIN.md §6).</summary>
public static class Sectors
{
    public const string HazardousChemicals = "hazchem";
    public const string CoalMining = "coal";
    public const string NonCoalMining = "noncoal";
    public const string TownGas = "gas";
    public const string Construction = "construction";
    public const string Transport = "transport";
    public const string SpecialEquipment = "special-equipment";
    public const string IndustryTrade = "industry-trade";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        HazardousChemicals, CoalMining, NonCoalMining, TownGas, Construction, Transport, SpecialEquipment, IndustryTrade,
    };
}

public static class Departments
{
    /// <summary>应急管理局</summary>
    public const string Emergency = "emergency";
    /// <summary>能源局 (coal mines)</summary>
    public const string Energy = "energy";
    /// <summary>住房和城乡建设局 (town gas, construction)</summary>
    public const string Housing = "housing";
    /// <summary>交通运输局</summary>
    public const string Transport = "transport";
    /// <summary>市场监督管理局 (special equipment)</summary>
    public const string Market = "market";
    /// <summary>工业和信息化局</summary>
    public const string Industry = "industry";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        Emergency, Energy, Housing, Transport, Market, Industry,
    };
}
