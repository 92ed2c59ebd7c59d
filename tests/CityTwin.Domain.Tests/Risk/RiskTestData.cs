using CityTwin.Domain.Risk;
using CityTwin.Domain.Risk.Alarms;
using CityTwin.Domain.Risk.Rollup;
using CityTwin.Domain.Units;
using CsCheck;
using NetTopologySuite.Geometries;

namespace CityTwin.Domain.Tests.Risk;

/// <summary>Builders shared by the risk tests: fixed times, sensors, units, summaries, and the property-test seed.</summary>
internal static class RiskTestData
{
    /// <summary>One fixed seed for every property test, so a failure reproduces.</summary>
    public static readonly string Seed = new PCG(7, 20_260_424).ToString();

    public static readonly DateTimeOffset T0 = new(2026, 4, 24, 8, 0, 0, TimeSpan.Zero);

    public static DateTimeOffset At(double seconds) => T0.AddSeconds(seconds);

    private static readonly Point Here = new(109.95, 39.80) { SRID = 4326 };

    /// <summary>A level transmitter, range 0–100 %, H 80 / HH 90 / L 20 / LL 10, deadband 1 (1 % of span).</summary>
    public static Sensor LevelSensor(string code = "LT-101") => new()
    {
        Code = code,
        Kind = "level",
        Unit = "%",
        RangeMin = 0,
        RangeMax = 100,
        SetPoints = new SetPoints(LowLow: 10, Low: 20, High: 80, HighHigh: 90),
    };

    /// <summary>A chlorine detector, 0–10 mg/m³, AL 1 / AH 2 (GB/T 50493 table, §3.1), deadband 5 % of each threshold.</summary>
    public static Sensor ChlorineDetector(string code = "AT-Cl2-1") => new()
    {
        Code = code,
        Kind = "toxic-gas",
        Unit = "mg/m3",
        RangeMin = 0,
        RangeMax = 10,
        Chemical = "chlorine",
        SetPoints = new SetPoints(null, null, High: 1, HighHigh: 2),
    };

    public static SensorAlarmConfig Config(Sensor sensor) => SensorAlarmConfig.From(sensor, RiskRules.Default.Alarms);

    /// <summary>A sensor state after one reading of <paramref name="value"/> at <paramref name="seconds"/>.</summary>
    public static SensorState After(SensorAlarmConfig config, params (double Seconds, double Value)[] readings)
    {
        var state = SensorState.Initial(T0);
        long seq = 0;
        foreach (var (s, v) in readings)
            AlarmStateMachine.Apply(config, ref state, new SensorReading(++seq, At(s), v));
        return state;
    }

    public static Unit HazardSource(string code, string name, int people, params (string Chemical, double T)[] inventory) => new()
    {
        Code = code,
        Kind = UnitKind.HazardSource,
        Name = name,
        Parent = "E1",
        Geometry = Here,
        HazardSource = new HazardSourceProfile
        {
            Type = "tank-farm",
            PeopleWithin500m = people,
            Inventory = [.. inventory.Select(i => new InventoryItem(i.Chemical, i.T))],
        },
    };

    public static Unit Enterprise(string code, string name, EnterpriseProfile? profile) => new()
    {
        Code = code,
        Kind = UnitKind.Enterprise,
        Name = name,
        Parent = "P1",
        Geometry = Here,
        Enterprise = profile,
    };

    public static EnterpriseProfile Profile(DiagnosticAssessment? diagnostic = null, LecAssessment? lec = null, LsAssessment? ls = null, CoalMineProfile? mine = null) =>
        new() { Sector = Sectors.HazardousChemicals, Department = Departments.Emergency, Diagnostic = diagnostic, Lec = lec, Ls = ls, CoalMine = mine };

    public static RiskSummary Leaf(string code, RiskLevel level, double? score = null) => new()
    {
        Code = code,
        Name = code,
        Level = level,
        Score = score ?? 25 * (int)level,
        Enterprises = ColourCounts.Of(level),
        HazardSources = ColourCounts.Of(level),
        Version = 1,
    };

    public static RiskSummary[] Children(string colours) =>
        [.. colours.Select((c, i) => Leaf($"E{i:00}", c switch { 'R' => RiskLevel.Red, 'O' => RiskLevel.Orange, 'Y' => RiskLevel.Yellow, _ => RiskLevel.Blue }))];

    public static readonly RollupParent Park = new("P1", "园区P1", RollupScope.Park);
}
