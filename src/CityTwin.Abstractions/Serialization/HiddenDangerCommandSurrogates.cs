using CityTwin.Domain.Inspections;

namespace CityTwin.Abstractions.Serialization;

// One surrogate per hidden-danger command: a command crosses the grain boundary as its concrete type, so the ledger
// grain takes any of them through one ApplyAsync.

[GenerateSerializer, Alias("citytwin.ReportHiddenDanger")]
public struct ReportHiddenDangerSurrogate
{
    [Id(0)] public string IdempotencyKey;
    [Id(1)] public string Id;
    [Id(2)] public string EnterpriseCode;
    [Id(3)] public HiddenDangerLevel Level;
    [Id(4)] public FindingSource Source;
    [Id(5)] public FindingLocation Location;
    [Id(6)] public string Description;
    [Id(7)] public HazardCategory Category;
    [Id(8)] public string? HazardSourceCode;
    [Id(9)] public string? CriterionCode;
    [Id(10)] public DateTimeOffset? FoundAt;
    [Id(11)] public List<string> Photos;
    [Id(12)] public string? InterimMeasures;
    [Id(13)] public string? ReportedTo;
}

[RegisterConverter]
public sealed class ReportHiddenDangerConverter : IConverter<ReportHiddenDanger, ReportHiddenDangerSurrogate>
{
    public ReportHiddenDanger ConvertFromSurrogate(in ReportHiddenDangerSurrogate s) =>
        new(s.IdempotencyKey, s.Id, s.EnterpriseCode, s.Level, s.Source, s.Location, s.Description, s.Category)
        {
            HazardSourceCode = s.HazardSourceCode, CriterionCode = s.CriterionCode, FoundAt = s.FoundAt, Photos = s.Photos ?? [],
            InterimMeasures = s.InterimMeasures, ReportedTo = s.ReportedTo,
        };

    public ReportHiddenDangerSurrogate ConvertToSurrogate(in ReportHiddenDanger v) => new()
    {
        IdempotencyKey = v.IdempotencyKey, Id = v.Id, EnterpriseCode = v.EnterpriseCode, Level = v.Level, Source = v.Source, Location = v.Location,
        Description = v.Description, Category = v.Category, HazardSourceCode = v.HazardSourceCode, CriterionCode = v.CriterionCode, FoundAt = v.FoundAt,
        Photos = [.. v.Photos], InterimMeasures = v.InterimMeasures, ReportedTo = v.ReportedTo,
    };
}

[GenerateSerializer, Alias("citytwin.GradeHiddenDanger")]
public struct GradeHiddenDangerSurrogate
{
    [Id(0)] public string IdempotencyKey;
    [Id(1)] public HiddenDangerLevel Level;
    [Id(2)] public string ResponsiblePerson;
    [Id(3)] public string? CriterionCode;
    [Id(4)] public DateOnly? Deadline;
    [Id(5)] public RectificationPlan? Plan;
    [Id(6)] public StopWorkOrder StopWork;
    [Id(7)] public string? InterimMeasures;
}

[RegisterConverter]
public sealed class GradeHiddenDangerConverter : IConverter<GradeHiddenDanger, GradeHiddenDangerSurrogate>
{
    public GradeHiddenDanger ConvertFromSurrogate(in GradeHiddenDangerSurrogate s) =>
        new(s.IdempotencyKey, s.Level, s.ResponsiblePerson)
        {
            CriterionCode = s.CriterionCode, Deadline = s.Deadline, Plan = s.Plan, StopWork = s.StopWork, InterimMeasures = s.InterimMeasures,
        };

    public GradeHiddenDangerSurrogate ConvertToSurrogate(in GradeHiddenDanger v) => new()
    {
        IdempotencyKey = v.IdempotencyKey, Level = v.Level, ResponsiblePerson = v.ResponsiblePerson, CriterionCode = v.CriterionCode,
        Deadline = v.Deadline, Plan = v.Plan, StopWork = v.StopWork, InterimMeasures = v.InterimMeasures,
    };
}

[GenerateSerializer, Alias("citytwin.StartRectification")]
public struct StartRectificationSurrogate
{
    [Id(0)] public string IdempotencyKey;
    [Id(1)] public RectificationPlan? Plan;
}

[RegisterConverter]
public sealed class StartRectificationConverter : IConverter<StartRectification, StartRectificationSurrogate>
{
    public StartRectification ConvertFromSurrogate(in StartRectificationSurrogate s) => new(s.IdempotencyKey, s.Plan);
    public StartRectificationSurrogate ConvertToSurrogate(in StartRectification v) => new() { IdempotencyKey = v.IdempotencyKey, Plan = v.Plan };
}

[GenerateSerializer, Alias("citytwin.SubmitRectification")]
public struct SubmitRectificationSurrogate
{
    [Id(0)] public string IdempotencyKey;
    [Id(1)] public List<string> Evidence;
    [Id(2)] public string? Note;
}

[RegisterConverter]
public sealed class SubmitRectificationConverter : IConverter<SubmitRectification, SubmitRectificationSurrogate>
{
    public SubmitRectification ConvertFromSurrogate(in SubmitRectificationSurrogate s) => new(s.IdempotencyKey, s.Evidence ?? [], s.Note);
    public SubmitRectificationSurrogate ConvertToSurrogate(in SubmitRectification v) => new() { IdempotencyKey = v.IdempotencyKey, Evidence = [.. v.Evidence], Note = v.Note };
}

[GenerateSerializer, Alias("citytwin.VerifyRectification")]
public struct VerifyRectificationSurrogate
{
    [Id(0)] public string IdempotencyKey;
    [Id(1)] public bool Passed;
    [Id(2)] public string? Note;
}

[RegisterConverter]
public sealed class VerifyRectificationConverter : IConverter<VerifyRectification, VerifyRectificationSurrogate>
{
    public VerifyRectification ConvertFromSurrogate(in VerifyRectificationSurrogate s) => new(s.IdempotencyKey, s.Passed, s.Note);
    public VerifyRectificationSurrogate ConvertToSurrogate(in VerifyRectification v) => new() { IdempotencyKey = v.IdempotencyKey, Passed = v.Passed, Note = v.Note };
}

[GenerateSerializer, Alias("citytwin.SignHiddenDanger")]
public struct SignHiddenDangerSurrogate
{
    [Id(0)] public string IdempotencyKey;
    [Id(1)] public SignOffLevel Level;
    [Id(2)] public string? Comment;
}

[RegisterConverter]
public sealed class SignHiddenDangerConverter : IConverter<SignHiddenDanger, SignHiddenDangerSurrogate>
{
    public SignHiddenDanger ConvertFromSurrogate(in SignHiddenDangerSurrogate s) => new(s.IdempotencyKey, s.Level, s.Comment);
    public SignHiddenDangerSurrogate ConvertToSurrogate(in SignHiddenDanger v) => new() { IdempotencyKey = v.IdempotencyKey, Level = v.Level, Comment = v.Comment };
}

[GenerateSerializer, Alias("citytwin.RejectHiddenDanger")]
public struct RejectHiddenDangerSurrogate
{
    [Id(0)] public string IdempotencyKey;
    [Id(1)] public string Reason;
}

[RegisterConverter]
public sealed class RejectHiddenDangerConverter : IConverter<RejectHiddenDanger, RejectHiddenDangerSurrogate>
{
    public RejectHiddenDanger ConvertFromSurrogate(in RejectHiddenDangerSurrogate s) => new(s.IdempotencyKey, s.Reason);
    public RejectHiddenDangerSurrogate ConvertToSurrogate(in RejectHiddenDanger v) => new() { IdempotencyKey = v.IdempotencyKey, Reason = v.Reason };
}

[GenerateSerializer, Alias("citytwin.ReopenHiddenDanger")]
public struct ReopenHiddenDangerSurrogate
{
    [Id(0)] public string IdempotencyKey;
    [Id(1)] public string Reason;
    [Id(2)] public DateOnly? Deadline;
}

[RegisterConverter]
public sealed class ReopenHiddenDangerConverter : IConverter<ReopenHiddenDanger, ReopenHiddenDangerSurrogate>
{
    public ReopenHiddenDanger ConvertFromSurrogate(in ReopenHiddenDangerSurrogate s) => new(s.IdempotencyKey, s.Reason, s.Deadline);
    public ReopenHiddenDangerSurrogate ConvertToSurrogate(in ReopenHiddenDanger v) => new() { IdempotencyKey = v.IdempotencyKey, Reason = v.Reason, Deadline = v.Deadline };
}
