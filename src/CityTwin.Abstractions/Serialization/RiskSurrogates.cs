using CityTwin.Domain.Risk;
using CityTwin.Domain.Risk.Explanations;
using CityTwin.Domain.Risk.Rollup;

namespace CityTwin.Abstractions.Serialization;

// The risk engine's records cross grain boundaries through these typed surrogates: the domain stays free of
// Orleans, and the wire format is the [Id] contract below, not the C# shapes.

[GenerateSerializer, Alias("citytwin.ReasonInput")]
public struct ReasonInputSurrogate
{
    [Id(0)] public string Name;
    [Id(1)] public double? Number;
    [Id(2)] public string? Text;
    [Id(3)] public string? Unit;
}

[RegisterConverter]
public sealed class ReasonInputConverter : IConverter<ReasonInput, ReasonInputSurrogate>
{
    public ReasonInput ConvertFromSurrogate(in ReasonInputSurrogate s) => new(s.Name, s.Number, s.Text, s.Unit);
    public ReasonInputSurrogate ConvertToSurrogate(in ReasonInput v) => new() { Name = v.Name, Number = v.Number, Text = v.Text, Unit = v.Unit };
}

[GenerateSerializer, Alias("citytwin.RiskReason")]
public struct RiskReasonSurrogate
{
    [Id(0)] public string Rule;
    [Id(1)] public string UnitCode;
    [Id(2)] public string UnitName;
    [Id(3)] public RiskLevel Level;
    [Id(4)] public DateTimeOffset? Since;
    [Id(5)] public List<ReasonInput> Inputs;
    [Id(6)] public string? EvidenceId;
}

[RegisterConverter]
public sealed class RiskReasonConverter : IConverter<RiskReason, RiskReasonSurrogate>
{
    public RiskReason ConvertFromSurrogate(in RiskReasonSurrogate s) => new(s.Rule, s.UnitCode, s.UnitName, s.Level, s.Since, s.Inputs, s.EvidenceId);
    public RiskReasonSurrogate ConvertToSurrogate(in RiskReason v) => new()
    {
        Rule = v.Rule, UnitCode = v.UnitCode, UnitName = v.UnitName, Level = v.Level, Since = v.Since, Inputs = [.. v.Inputs], EvidenceId = v.EvidenceId,
    };
}

[GenerateSerializer, Alias("citytwin.ColourCounts")]
public struct ColourCountsSurrogate
{
    [Id(0)] public int Blue;
    [Id(1)] public int Yellow;
    [Id(2)] public int Orange;
    [Id(3)] public int Red;
}

[RegisterConverter]
public sealed class ColourCountsConverter : IConverter<ColourCounts, ColourCountsSurrogate>
{
    public ColourCounts ConvertFromSurrogate(in ColourCountsSurrogate s) => new(s.Blue, s.Yellow, s.Orange, s.Red);
    public ColourCountsSurrogate ConvertToSurrogate(in ColourCounts v) => new() { Blue = v.Blue, Yellow = v.Yellow, Orange = v.Orange, Red = v.Red };
}

[GenerateSerializer, Alias("citytwin.ChildDigest")]
public struct ChildDigestSurrogate
{
    [Id(0)] public string Code;
    [Id(1)] public string Name;
    [Id(2)] public RiskLevel Level;
    [Id(3)] public double Score;
    [Id(4)] public List<RiskReason> Reasons;
}

[RegisterConverter]
public sealed class ChildDigestConverter : IConverter<ChildDigest, ChildDigestSurrogate>
{
    public ChildDigest ConvertFromSurrogate(in ChildDigestSurrogate s) => new(s.Code, s.Name, s.Level, s.Score, s.Reasons);
    public ChildDigestSurrogate ConvertToSurrogate(in ChildDigest v) => new() { Code = v.Code, Name = v.Name, Level = v.Level, Score = v.Score, Reasons = [.. v.Reasons] };
}

[GenerateSerializer, Alias("citytwin.RiskSummary")]
public struct RiskSummarySurrogate
{
    [Id(0)] public string Code;
    [Id(1)] public string Name;
    [Id(2)] public RiskLevel Level;
    [Id(3)] public double Score;
    [Id(4)] public ColourCounts Enterprises;
    [Id(5)] public ColourCounts HazardSources;
    [Id(6)] public List<ChildDigest> Worst;
    [Id(7)] public List<RiskReason> Reasons;
    [Id(8)] public long Version;
    [Id(9)] public double Weight;
    [Id(10)] public DateTimeOffset? Origin;
}

[RegisterConverter]
public sealed class RiskSummaryConverter : IConverter<RiskSummary, RiskSummarySurrogate>
{
    public RiskSummary ConvertFromSurrogate(in RiskSummarySurrogate s) => new()
    {
        Code = s.Code, Name = s.Name, Level = s.Level, Score = s.Score, Enterprises = s.Enterprises, HazardSources = s.HazardSources,
        Worst = s.Worst, Reasons = s.Reasons, Version = s.Version, Weight = s.Weight, Origin = s.Origin,
    };

    public RiskSummarySurrogate ConvertToSurrogate(in RiskSummary v) => new()
    {
        Code = v.Code, Name = v.Name, Level = v.Level, Score = v.Score, Enterprises = v.Enterprises, HazardSources = v.HazardSources,
        Worst = [.. v.Worst], Reasons = [.. v.Reasons], Version = v.Version, Weight = v.Weight, Origin = v.Origin,
    };
}

[GenerateSerializer, Alias("citytwin.HazardSourceAssessment")]
public struct HazardSourceAssessmentSurrogate
{
    [Id(0)] public string Code;
    [Id(1)] public string Name;
    [Id(2)] public RiskLevel Level;
    [Id(3)] public RiskLevel Computed;
    [Id(4)] public RiskLevel Inherent;
    [Id(5)] public int? Grade;
    [Id(6)] public RiskLevel HoldLevel;
    [Id(7)] public DateTimeOffset HoldSince;
    [Id(8)] public RiskLevel? HoldPending;
    [Id(9)] public DateTimeOffset HoldPendingSince;
    [Id(10)] public int HighHigh;
    [Id(11)] public int High;
    [Id(12)] public int Blind;
    [Id(13)] public double Score;
    [Id(14)] public List<RiskReason> Reasons;
}

[RegisterConverter]
public sealed class HazardSourceAssessmentConverter : IConverter<HazardSourceAssessment, HazardSourceAssessmentSurrogate>
{
    public HazardSourceAssessment ConvertFromSurrogate(in HazardSourceAssessmentSurrogate s) => new(
        s.Code, s.Name, s.Level, s.Computed, s.Inherent, s.Grade,
        new LevelHold { Level = s.HoldLevel, Since = s.HoldSince, Pending = s.HoldPending, PendingSince = s.HoldPendingSince },
        new AlarmCounts(s.HighHigh, s.High, s.Blind), s.Score, s.Reasons);

    public HazardSourceAssessmentSurrogate ConvertToSurrogate(in HazardSourceAssessment v) => new()
    {
        Code = v.Code, Name = v.Name, Level = v.Level, Computed = v.Computed, Inherent = v.Inherent, Grade = v.Grade,
        HoldLevel = v.Hold.Level, HoldSince = v.Hold.Since, HoldPending = v.Hold.Pending, HoldPendingSince = v.Hold.PendingSince,
        HighHigh = v.Counts.HighHigh, High = v.Counts.High, Blind = v.Counts.Blind, Score = v.Score, Reasons = [.. v.Reasons],
    };
}
