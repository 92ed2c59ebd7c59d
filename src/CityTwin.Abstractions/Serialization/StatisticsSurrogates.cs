using CityTwin.Domain.Inspections;

namespace CityTwin.Abstractions.Serialization;

// A ledger's statistics cross the grain boundary (each ledger summarises its own records; the analysis merges them).

[GenerateSerializer, Alias("citytwin.RepeatOffence")]
public struct RepeatOffenceSurrogate
{
    [Id(0)] public string EnterpriseCode;
    [Id(1)] public HazardCategory Category;
    [Id(2)] public string CriterionCode;
    [Id(3)] public List<string> RecordIds;
}

[RegisterConverter]
public sealed class RepeatOffenceConverter : IConverter<RepeatOffence, RepeatOffenceSurrogate>
{
    public RepeatOffence ConvertFromSurrogate(in RepeatOffenceSurrogate s) => new(s.EnterpriseCode, s.Category, s.CriterionCode, s.RecordIds ?? []);
    public RepeatOffenceSurrogate ConvertToSurrogate(in RepeatOffence v) => new() { EnterpriseCode = v.EnterpriseCode, Category = v.Category, CriterionCode = v.CriterionCode, RecordIds = [.. v.RecordIds] };
}

[GenerateSerializer, Alias("citytwin.HiddenDangerStats")]
public struct HiddenDangerStatsSurrogate
{
    [Id(0)] public int Found;
    [Id(1)] public int FoundMajor;
    [Id(2)] public int FoundGeneral;
    [Id(3)] public int Rejected;
    [Id(4)] public int Rectified;
    [Id(5)] public int RectifiedOnTime;
    [Id(6)] public int Closed;
    [Id(7)] public int Open;
    [Id(8)] public int OpenMajor;
    [Id(9)] public int Overdue;
    [Id(10)] public int OverdueMajor;
    [Id(11)] public int MajorSelfFound;
    [Id(12)] public double? OnTimeRate;
    [Id(13)] public double? SelfFoundMajorShare;
    [Id(14)] public List<RepeatOffence> RepeatOffences;
}

[RegisterConverter]
public sealed class HiddenDangerStatsConverter : IConverter<HiddenDangerStats, HiddenDangerStatsSurrogate>
{
    public HiddenDangerStats ConvertFromSurrogate(in HiddenDangerStatsSurrogate s) =>
        new(s.Found, s.FoundMajor, s.FoundGeneral, s.Rejected, s.Rectified, s.RectifiedOnTime, s.Closed, s.Open, s.OpenMajor, s.Overdue, s.OverdueMajor,
            s.MajorSelfFound, s.OnTimeRate, s.SelfFoundMajorShare, s.RepeatOffences ?? []);

    public HiddenDangerStatsSurrogate ConvertToSurrogate(in HiddenDangerStats v) => new()
    {
        Found = v.Found, FoundMajor = v.FoundMajor, FoundGeneral = v.FoundGeneral, Rejected = v.Rejected, Rectified = v.Rectified,
        RectifiedOnTime = v.RectifiedOnTime, Closed = v.Closed, Open = v.Open, OpenMajor = v.OpenMajor, Overdue = v.Overdue,
        OverdueMajor = v.OverdueMajor, MajorSelfFound = v.MajorSelfFound, OnTimeRate = v.OnTimeRate, SelfFoundMajorShare = v.SelfFoundMajorShare,
        RepeatOffences = [.. v.RepeatOffences],
    };
}
