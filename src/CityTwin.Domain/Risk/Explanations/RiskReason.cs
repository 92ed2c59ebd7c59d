using System.Globalization;

namespace CityTwin.Domain.Risk.Explanations;

/// <summary>One input of a rule with its value: a number (with its engineering unit) or a text.</summary>
public sealed record ReasonInput(string Name, double? Number = null, string? Text = null, string? Unit = null)
{
    public static ReasonInput Of(string name, double number, string? unit = null) => new(name, number, null, unit);

    public static ReasonInput Of(string name, string text) => new(name, null, text);

    public override string ToString() =>
        Number is { } n ? $"{Name}={n.ToString("0.###", CultureInfo.InvariantCulture)}{Unit}" : $"{Name}={Text}";
}

/// <summary>
/// Why a level is what it is: the rule that fired (<see cref="RuleCodes"/>), the unit it fired on, the inputs
/// and their values, the level it sets (its effect), since when, and optionally the evidence (alarm, hidden
/// danger, operation) it rests on. <see cref="Zh"/> and <see cref="En"/> render it as one sentence.
/// </summary>
public sealed record RiskReason(
    string Rule,
    string UnitCode,
    string UnitName,
    RiskLevel Level,
    DateTimeOffset? Since,
    IReadOnlyList<ReasonInput> Inputs,
    string? EvidenceId = null)
{
    public RuleBasis Basis => RuleCatalog.Get(Rule).Basis;

    public double? Number(string name) => Inputs.FirstOrDefault(i => i.Name == name)?.Number;

    public string? Text(string name) => Inputs.FirstOrDefault(i => i.Name == name)?.Text;

    public ReasonInput? Input(string name) => Inputs.FirstOrDefault(i => i.Name == name);

    public string Zh => ReasonText.Zh(this);

    public string En => ReasonText.En(this);

    public override string ToString() => $"{Rule} {UnitCode} → {Level} [{string.Join(", ", Inputs)}]";
}

/// <summary>The input names rules use, so producers and the text renderer agree.</summary>
public static class ReasonKeys
{
    public const string S = "S";
    public const string Alpha = "alpha";
    public const string R = "R";
    public const string Grade = "grade";
    public const string People = "people";
    public const string L = "L";
    public const string E = "E";
    public const string C = "C";
    public const string D = "D";
    public const string Score = "score";
    public const string Veto = "veto";
    public const string VetoZh = "vetoZh";
    public const string VetoEn = "vetoEn";
    public const string GasClass = "gasClass";
    public const string RockBurst = "rockBurst";
    public const string WaterHazard = "waterHazard";
    public const string ParkGrade = "parkGrade";
    public const string Sensor = "sensor";
    public const string Kind = "kind";
    public const string Chemical = "chemical";
    public const string State = "state";
    public const string Value = "value";
    public const string Threshold = "threshold";
    public const string Sensors = "sensors";
    public const string Minutes = "minutes";
    public const string LimitMinutes = "limitMinutes";
    public const string Inherent = "inherent";
    public const string Computed = "computed";
    public const string Count = "count";
    public const string Limit = "limit";
    public const string MaxDays = "maxDays";
    public const string LimitDays = "limitDays";
    public const string Operation = "operation";
    public const string HazardSource = "hazardSource";
    public const string HazardSourceName = "hazardSourceName";
    public const string Abnormal = "abnormal";
    /// <summary>The daily commitment (安全承诺) that declared it: enterprise/day.</summary>
    public const string Commitment = "commitment";
    public const string Child = "child";
    public const string ChildName = "childName";
    public const string ChildLevel = "childLevel";
    public const string Matching = "m";
    public const string Children = "n";
    public const string Needed = "needed";
    public const string Members = "members";
    /// <summary>The hidden-danger records behind a hidden-danger reason, comma-separated ids.</summary>
    public const string Records = "records";
}
