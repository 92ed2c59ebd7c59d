using CityTwin.Domain.Units;

namespace CityTwin.Domain.Risk;

/// <summary>
/// Every threshold the risk engine uses, in one place. <see cref="Default"/> holds the values of DOMAIN.md;
/// rules tagged [DESIGN] there are CityTwin's choices and are marked so below. The rules that use these
/// values are listed, one row each, in <see cref="RuleCatalog"/> and docs/risk.md.
/// </summary>
public sealed record RiskRules
{
    public static RiskRules Default { get; } = new();

    public Gb18218Rules Gb18218 { get; init; } = new();
    public AssessmentRules Assessment { get; init; } = new();
    public AlarmRules Alarms { get; init; } = new();
    public HazardSourceRules HazardSource { get; init; } = new();
    public EnterpriseRules Enterprise { get; init; } = new();
    public ScoreRules Score { get; init; } = new();
    public RollupRules Rollup { get; init; } = new();
}

/// <summary>GB 18218-2018 (DOMAIN.md §1) and the grade → colour mapping of §3.2 step 0.</summary>
public sealed record Gb18218Rules
{
    /// <summary>α by permanent residents within 500 m outside the boundary (Table 5, §1.4) [STD].</summary>
    public BandTable<double> Alpha { get; init; } = new([new(100, 2.0), new(50, 1.5), new(30, 1.2), new(1, 1.0)], 0.5);

    /// <summary>Grade by R (Table 6, §1.3), lower-inclusive as written [STD].</summary>
    public BandTable<int> Grade { get; init; } = new([new(100, 1), new(50, 2), new(10, 3)], 4);

    /// <summary>S at or above this makes the unit a major hazard source (§1.2) [STD].</summary>
    public double MajorThresholdS { get; init; } = 1.0;

    /// <summary>
    /// [DESIGN, common provincial practice — not in GB 18218] grade 1 → Red, 2 → Orange, 3 → Yellow, 4 → Blue (§3.2 step 0).
    /// Index 0 is grade 1.
    /// </summary>
    public IReadOnlyList<RiskLevel> GradeColour { get; init; } = [RiskLevel.Red, RiskLevel.Orange, RiskLevel.Yellow, RiskLevel.Blue];

    /// <summary>[DESIGN] a registered installation with S &lt; 1 is Blue (§3.2 step 0).</summary>
    public RiskLevel NotMajorColour { get; init; } = RiskLevel.Blue;

    public RiskLevel ColourOf(int grade) => GradeColour[Math.Clamp(grade, 1, 4) - 1];
}

/// <summary>Inherent levels from assessments: LEC, L×S, diagnostic grading, coal mines, chemical parks.</summary>
public sealed record AssessmentRules
{
    /// <summary>
    /// LEC D → colour (§2.2). Colours: common practice [STD?]; lower bound inclusive [DESIGN].
    /// Red D ≥ 320, Orange ≥ 160, Yellow ≥ 70, else Blue.
    /// </summary>
    public BandTable<RiskLevel> Lec { get; init; } = new([new(320, RiskLevel.Red), new(160, RiskLevel.Orange), new(70, RiskLevel.Yellow)], RiskLevel.Blue);

    /// <summary>L×S R → colour (§2.3) [STD?/DESIGN]: Red ≥ 20, Orange ≥ 15, Yellow ≥ 9, else Blue.</summary>
    public BandTable<RiskLevel> Ls { get; init; } = new([new(20, RiskLevel.Red), new(15, RiskLevel.Orange), new(9, RiskLevel.Yellow)], RiskLevel.Blue);

    /// <summary>Diagnostic score → colour (§3.1 item 4) [STD]: ≥ 90 Blue, ≥ 75 Yellow, ≥ 60 Orange, else Red.</summary>
    public BandTable<RiskLevel> Diagnostic { get; init; } = new([new(90, RiskLevel.Blue), new(75, RiskLevel.Yellow), new(60, RiskLevel.Orange)], RiskLevel.Red);

    /// <summary>The diagnostic scoring sheet: items, points, category caps (§3.1 item 4).</summary>
    public DiagnosticSheet DiagnosticSheet { get; init; } = DiagnosticSheet.Default;

    /// <summary>[DESIGN] coal-mine inherent colour by gas class (§3.3).</summary>
    public IReadOnlyDictionary<GasClass, RiskLevel> CoalMineGasClass { get; init; } = new Dictionary<GasClass, RiskLevel>
    {
        [GasClass.LowGas] = RiskLevel.Blue,
        [GasClass.HighGas] = RiskLevel.Yellow,
        [GasClass.Outburst] = RiskLevel.Orange,
    };

    /// <summary>[DESIGN] steps a rock-burst or major water-hazard classification raises a mine (§3.3); both together still one step.</summary>
    public int CoalMineHazardRaise { get; init; } = 1;

    /// <summary>Park score → grade (§5) [STD]: ≥ 85 D, ≥ 70 C, ≥ 60 B, else A.</summary>
    public BandTable<ParkGrade> ParkGrade { get; init; } = new([new(85, Risk.ParkGrade.D), new(70, Risk.ParkGrade.C), new(60, Risk.ParkGrade.B)], Risk.ParkGrade.A);

    /// <summary>[DESIGN] park grade → colour (§5): A Red, B Orange, C Yellow, D Blue.</summary>
    public IReadOnlyDictionary<ParkGrade, RiskLevel> ParkGradeColour { get; init; } = new Dictionary<ParkGrade, RiskLevel>
    {
        [Risk.ParkGrade.A] = RiskLevel.Red,
        [Risk.ParkGrade.B] = RiskLevel.Orange,
        [Risk.ParkGrade.C] = RiskLevel.Yellow,
        [Risk.ParkGrade.D] = RiskLevel.Blue,
    };
}

/// <summary>The sensor alarm state machine (§3.2 step 1). All [DESIGN] except the GB/T 50493 set-points themselves.</summary>
public sealed record AlarmRules
{
    /// <summary>t_clear: a clear condition must hold this long before a state is left.</summary>
    public TimeSpan ClearDelay { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>t_stale: no reading for this long → OFFLINE.</summary>
    public TimeSpan StaleAfter { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>…or this many missed reporting periods, when the sensor reports faster.</summary>
    public int StaleMissedPeriods { get; init; } = 3;

    /// <summary>Default deadband of a gas detector: this fraction of the threshold.</summary>
    public double GasDeadbandOfThreshold { get; init; } = 0.05;

    /// <summary>Default deadband of a process variable: this fraction of the instrument span.</summary>
    public double ProcessDeadbandOfSpan { get; init; } = 0.01;

    /// <summary>Sensor kinds that are gas detectors (a sensor naming a chemical is one too).</summary>
    public IReadOnlySet<string> GasKinds { get; init; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "combustible-gas", "toxic-gas", "methane", "gas", "co", "h2s", "oxygen",
    };
}

/// <summary>Hazard-source dynamic level (§3.2 step 2). [DESIGN]</summary>
public sealed record HazardSourceRules
{
    /// <summary>HIGH-HIGH on at least this many distinct sensors confirms the alarm → Red.</summary>
    public int ConfirmedHighHighSensors { get; init; } = 2;

    /// <summary>…or one HIGH-HIGH held continuously this long → Red.</summary>
    public TimeSpan ConfirmedHighHighAfter { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>A mandatory point FAULT/OFFLINE this long makes the source blind → at least Yellow.</summary>
    public TimeSpan BlindAfter { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>t_hold: a computed decrease applies only after it has been stable this long.</summary>
    public TimeSpan DowngradeHold { get; init; } = TimeSpan.FromMinutes(5);
}

/// <summary>Enterprise dynamic level (§3.2 step 3). The colour effects are [DESIGN].</summary>
public sealed record EnterpriseRules
{
    /// <summary>General hidden dangers overdue at or above this count raise the level one step.</summary>
    public int GeneralOverdueCount { get; init; } = 3;

    /// <summary>…as does any general hidden danger overdue by more than this many days.</summary>
    public double GeneralOverdueDays { get; init; } = 30;

    /// <summary>Special operations that count (特级动火, 受限空间).</summary>
    public IReadOnlySet<SpecialOperationKind> SpecialOperationKinds { get; init; } =
        new HashSet<SpecialOperationKind> { SpecialOperationKind.HotWorkSpecial, SpecialOperationKind.ConfinedSpace };

    /// <summary>…when inside a hazard source of this GB 18218 grade or a more severe one (1 or 2).</summary>
    public int SpecialOperationMaxGrade { get; init; } = 2;

    /// <summary>Special operations and abnormal states lift by one step but never above this level by themselves.</summary>
    public RiskLevel OperationalLiftCap { get; init; } = RiskLevel.Orange;
}

/// <summary>Score for ranking inside a colour (§3.2 step 4) [DESIGN].</summary>
public sealed record ScoreRules
{
    public double PerLevel { get; init; } = 25;
    public double Cap { get; init; } = 24.9;
    public double HighHigh { get; init; } = 5;
    public double High { get; init; } = 2;
    public double MajorOpen { get; init; } = 8;
    public double GeneralOpen { get; init; } = 1;
    public double Overdue { get; init; } = 4;
    public double Blind { get; init; } = 2;
}

/// <summary>Cluster escalation parameters of one parent kind (§6 item 2) [DESIGN].</summary>
public sealed record ClusterRule(int KMin, double P);

/// <summary>Roll-up (§6) [DESIGN].</summary>
public sealed record RollupRules
{
    public static readonly ClusterRule DefaultCluster = new(3, 0.30);

    /// <summary>k_min and p per parent kind; a kind missing here uses <see cref="DefaultCluster"/>.</summary>
    public IReadOnlyDictionary<RollupScope, ClusterRule> Cluster { get; init; } = new Dictionary<RollupScope, ClusterRule>
    {
        [RollupScope.Park] = DefaultCluster,
        [RollupScope.Town] = DefaultCluster,
        [RollupScope.District] = DefaultCluster,
        [RollupScope.City] = DefaultCluster,
        [RollupScope.Sector] = DefaultCluster,
    };

    /// <summary>w(level) of the score: Blue 1, Yellow 3, Orange 9, Red 27 (index = level).</summary>
    public IReadOnlyList<double> LevelWeight { get; init; } = [1, 3, 9, 27];

    /// <summary>How many worst children a summary carries.</summary>
    public int WorstChildren { get; init; } = 3;

    /// <summary>How many reasons of each worst child a summary keeps.</summary>
    public int ReasonsPerChild { get; init; } = 3;

    public ClusterRule ClusterFor(RollupScope scope) => Cluster.TryGetValue(scope, out var rule) ? rule : DefaultCluster;
}
