using CityTwin.Domain.Inspections;
using CityTwin.Domain.Risk;

namespace CityTwin.Abstractions.Serialization;

// The hidden-danger ledger's records and commands cross grain boundaries, and are stored, through these typed
// surrogates: the domain stays free of Orleans, and the stored format is the [Id] contract below.

[GenerateSerializer, Alias("citytwin.FindingLocation")]
public struct FindingLocationSurrogate
{
    [Id(0)] public string Text;
    [Id(1)] public double? Longitude;
    [Id(2)] public double? Latitude;
}

[RegisterConverter]
public sealed class FindingLocationConverter : IConverter<FindingLocation, FindingLocationSurrogate>
{
    public FindingLocation ConvertFromSurrogate(in FindingLocationSurrogate s) => new(s.Text, s.Longitude, s.Latitude);
    public FindingLocationSurrogate ConvertToSurrogate(in FindingLocation v) => new() { Text = v.Text, Longitude = v.Longitude, Latitude = v.Latitude };
}

[GenerateSerializer, Alias("citytwin.RectificationPlan")]
public struct RectificationPlanSurrogate
{
    [Id(0)] public string Objective;
    [Id(1)] public string Measures;
    [Id(2)] public string ResponsibleOrganisation;
    [Id(3)] public string ResponsiblePerson;
    [Id(4)] public DateOnly Deadline;
    [Id(5)] public decimal? Funds;
    [Id(6)] public string? SafetyMeasures;
    [Id(7)] public string? EmergencyPlan;
}

[RegisterConverter]
public sealed class RectificationPlanConverter : IConverter<RectificationPlan, RectificationPlanSurrogate>
{
    public RectificationPlan ConvertFromSurrogate(in RectificationPlanSurrogate s) =>
        new(s.Objective, s.Measures, s.ResponsibleOrganisation, s.ResponsiblePerson, s.Deadline, s.Funds, s.SafetyMeasures, s.EmergencyPlan);

    public RectificationPlanSurrogate ConvertToSurrogate(in RectificationPlan v) => new()
    {
        Objective = v.Objective, Measures = v.Measures, ResponsibleOrganisation = v.ResponsibleOrganisation, ResponsiblePerson = v.ResponsiblePerson,
        Deadline = v.Deadline, Funds = v.Funds, SafetyMeasures = v.SafetyMeasures, EmergencyPlan = v.EmergencyPlan,
    };
}

[GenerateSerializer, Alias("citytwin.Verification")]
public struct VerificationSurrogate
{
    [Id(0)] public string VerifiedBy;
    [Id(1)] public DateTimeOffset VerifiedAt;
    [Id(2)] public bool Passed;
    [Id(3)] public string? Note;
}

[RegisterConverter]
public sealed class VerificationConverter : IConverter<Verification, VerificationSurrogate>
{
    public Verification ConvertFromSurrogate(in VerificationSurrogate s) => new(s.VerifiedBy, s.VerifiedAt, s.Passed, s.Note);
    public VerificationSurrogate ConvertToSurrogate(in Verification v) => new() { VerifiedBy = v.VerifiedBy, VerifiedAt = v.VerifiedAt, Passed = v.Passed, Note = v.Note };
}

[GenerateSerializer, Alias("citytwin.SignOff")]
public struct SignOffSurrogate
{
    [Id(0)] public SignOffLevel Level;
    [Id(1)] public string Subject;
    [Id(2)] public string Role;
    [Id(3)] public DateTimeOffset At;
    [Id(4)] public string? Comment;
}

[RegisterConverter]
public sealed class SignOffConverter : IConverter<SignOff, SignOffSurrogate>
{
    public SignOff ConvertFromSurrogate(in SignOffSurrogate s) => new(s.Level, s.Subject, s.Role, s.At, s.Comment);
    public SignOffSurrogate ConvertToSurrogate(in SignOff v) => new() { Level = v.Level, Subject = v.Subject, Role = v.Role, At = v.At, Comment = v.Comment };
}

[GenerateSerializer, Alias("citytwin.HistoryEntry")]
public struct HistoryEntrySurrogate
{
    [Id(0)] public int Sequence;
    [Id(1)] public DateTimeOffset At;
    [Id(2)] public string Command;
    [Id(3)] public string Subject;
    [Id(4)] public string Role;
    [Id(5)] public HiddenDangerState From;
    [Id(6)] public HiddenDangerState To;
    [Id(7)] public string IdempotencyKey;
    [Id(8)] public string? Note;
}

[RegisterConverter]
public sealed class HistoryEntryConverter : IConverter<HistoryEntry, HistoryEntrySurrogate>
{
    public HistoryEntry ConvertFromSurrogate(in HistoryEntrySurrogate s) => new(s.Sequence, s.At, s.Command, s.Subject, s.Role, s.From, s.To, s.IdempotencyKey, s.Note);

    public HistoryEntrySurrogate ConvertToSurrogate(in HistoryEntry v) => new()
    {
        Sequence = v.Sequence, At = v.At, Command = v.Command, Subject = v.Subject, Role = v.Role, From = v.From, To = v.To, IdempotencyKey = v.IdempotencyKey, Note = v.Note,
    };
}

[GenerateSerializer, Alias("citytwin.HiddenDanger")]
public struct HiddenDangerSurrogate
{
    [Id(0)] public string Id;
    [Id(1)] public string EnterpriseCode;
    [Id(2)] public string? HazardSourceCode;
    [Id(3)] public HiddenDangerLevel Level;
    [Id(4)] public string? CriterionCode;
    [Id(5)] public string FoundBy;
    [Id(6)] public string FoundByRole;
    [Id(7)] public FindingSource Source;
    [Id(8)] public DateTimeOffset FoundAt;
    [Id(9)] public FindingLocation Location;
    [Id(10)] public string Description;
    [Id(11)] public List<string> Photos;
    [Id(12)] public HazardCategory Category;
    [Id(13)] public string? InterimMeasures;
    [Id(14)] public string? ResponsiblePerson;
    [Id(15)] public DateOnly Deadline;
    [Id(16)] public RectificationPlan? Plan;
    [Id(17)] public StopWorkOrder StopWork;
    [Id(18)] public string? ReportedTo;
    [Id(19)] public DateTimeOffset? ReportedAt;
    [Id(20)] public List<string> RectificationEvidence;
    [Id(21)] public DateTimeOffset? RectifiedAt;
    [Id(22)] public Verification? Verification;
    [Id(23)] public List<SignOff> SignOffs;
    [Id(24)] public DateTimeOffset? ClosedAt;
    [Id(25)] public string? RejectionReason;
    [Id(26)] public int ReopenCount;
    [Id(27)] public HiddenDangerState State;
    [Id(28)] public List<HistoryEntry> History;
}

[RegisterConverter]
public sealed class HiddenDangerConverter : IConverter<HiddenDanger, HiddenDangerSurrogate>
{
    public HiddenDanger ConvertFromSurrogate(in HiddenDangerSurrogate s) => new()
    {
        Id = s.Id, EnterpriseCode = s.EnterpriseCode, HazardSourceCode = s.HazardSourceCode, Level = s.Level, CriterionCode = s.CriterionCode,
        FoundBy = s.FoundBy, FoundByRole = s.FoundByRole, Source = s.Source, FoundAt = s.FoundAt, Location = s.Location, Description = s.Description,
        Photos = s.Photos ?? [], Category = s.Category, InterimMeasures = s.InterimMeasures, ResponsiblePerson = s.ResponsiblePerson, Deadline = s.Deadline,
        Plan = s.Plan, StopWork = s.StopWork, ReportedTo = s.ReportedTo, ReportedAt = s.ReportedAt, RectificationEvidence = s.RectificationEvidence ?? [],
        RectifiedAt = s.RectifiedAt, Verification = s.Verification, SignOffs = s.SignOffs ?? [], ClosedAt = s.ClosedAt, RejectionReason = s.RejectionReason,
        ReopenCount = s.ReopenCount, State = s.State, History = s.History ?? [],
    };

    public HiddenDangerSurrogate ConvertToSurrogate(in HiddenDanger v) => new()
    {
        Id = v.Id, EnterpriseCode = v.EnterpriseCode, HazardSourceCode = v.HazardSourceCode, Level = v.Level, CriterionCode = v.CriterionCode,
        FoundBy = v.FoundBy, FoundByRole = v.FoundByRole, Source = v.Source, FoundAt = v.FoundAt, Location = v.Location, Description = v.Description,
        Photos = [.. v.Photos], Category = v.Category, InterimMeasures = v.InterimMeasures, ResponsiblePerson = v.ResponsiblePerson, Deadline = v.Deadline,
        Plan = v.Plan, StopWork = v.StopWork, ReportedTo = v.ReportedTo, ReportedAt = v.ReportedAt, RectificationEvidence = [.. v.RectificationEvidence],
        RectifiedAt = v.RectifiedAt, Verification = v.Verification, SignOffs = [.. v.SignOffs], ClosedAt = v.ClosedAt, RejectionReason = v.RejectionReason,
        ReopenCount = v.ReopenCount, State = v.State, History = [.. v.History],
    };
}

[GenerateSerializer, Alias("citytwin.Problem")]
public struct ProblemSurrogate
{
    [Id(0)] public OutcomeStatus Status;
    [Id(1)] public string Subject;
    [Id(2)] public string Message;
}

[RegisterConverter]
public sealed class ProblemConverter : IConverter<Problem, ProblemSurrogate>
{
    public Problem ConvertFromSurrogate(in ProblemSurrogate s) => new(s.Status, s.Subject, s.Message);
    public ProblemSurrogate ConvertToSurrogate(in Problem v) => new() { Status = v.Status, Subject = v.Subject, Message = v.Message };
}

[GenerateSerializer, Alias("citytwin.HiddenDangerCounts")]
public struct HiddenDangerCountsSurrogate
{
    [Id(0)] public int OpenMajor;
    [Id(1)] public int OverdueMajor;
    [Id(2)] public int OpenGeneral;
    [Id(3)] public int OverdueGeneral;
    [Id(4)] public double MaxGeneralOverdueDays;
    [Id(5)] public DateTimeOffset? MajorOpenSince;
    [Id(6)] public DateTimeOffset? MajorOverdueSince;
    [Id(7)] public DateTimeOffset? GeneralOverdueSince;
    [Id(8)] public List<string>? MajorOpenIds;
    [Id(9)] public List<string>? MajorOverdueIds;
    [Id(10)] public List<string>? GeneralOverdueIds;
}

[RegisterConverter]
public sealed class HiddenDangerCountsConverter : IConverter<HiddenDangerCounts, HiddenDangerCountsSurrogate>
{
    public HiddenDangerCounts ConvertFromSurrogate(in HiddenDangerCountsSurrogate s) =>
        new(s.OpenMajor, s.OverdueMajor, s.OpenGeneral, s.OverdueGeneral, s.MaxGeneralOverdueDays)
        {
            MajorOpenSince = s.MajorOpenSince, MajorOverdueSince = s.MajorOverdueSince, GeneralOverdueSince = s.GeneralOverdueSince,
            MajorOpenIds = Ids(s.MajorOpenIds), MajorOverdueIds = Ids(s.MajorOverdueIds), GeneralOverdueIds = Ids(s.GeneralOverdueIds),
        };

    private static IReadOnlyList<string> Ids(List<string>? ids) => ids is { Count: > 0 } ? ids : [];

    public HiddenDangerCountsSurrogate ConvertToSurrogate(in HiddenDangerCounts v) => new()
    {
        OpenMajor = v.OpenMajor, OverdueMajor = v.OverdueMajor, OpenGeneral = v.OpenGeneral, OverdueGeneral = v.OverdueGeneral,
        MaxGeneralOverdueDays = v.MaxGeneralOverdueDays, MajorOpenSince = v.MajorOpenSince, MajorOverdueSince = v.MajorOverdueSince,
        GeneralOverdueSince = v.GeneralOverdueSince, MajorOpenIds = [.. v.MajorOpenIds], MajorOverdueIds = [.. v.MajorOverdueIds],
        GeneralOverdueIds = [.. v.GeneralOverdueIds],
    };
}

[GenerateSerializer, Alias("citytwin.HiddenDangerEffect")]
public struct HiddenDangerEffectSurrogate
{
    [Id(0)] public HiddenDangerCounts Counts;
    [Id(1)] public List<string> OpenMajorIds;
    [Id(2)] public List<string> OverdueMajorIds;
    [Id(3)] public List<string> OpenGeneralIds;
    [Id(4)] public List<string> OverdueGeneralIds;
}

[RegisterConverter]
public sealed class HiddenDangerEffectConverter : IConverter<HiddenDangerEffect, HiddenDangerEffectSurrogate>
{
    public HiddenDangerEffect ConvertFromSurrogate(in HiddenDangerEffectSurrogate s) => new(s.Counts, s.OpenMajorIds, s.OverdueMajorIds, s.OpenGeneralIds, s.OverdueGeneralIds);

    public HiddenDangerEffectSurrogate ConvertToSurrogate(in HiddenDangerEffect v) => new()
    {
        Counts = v.Counts, OpenMajorIds = [.. v.OpenMajorIds], OverdueMajorIds = [.. v.OverdueMajorIds], OpenGeneralIds = [.. v.OpenGeneralIds], OverdueGeneralIds = [.. v.OverdueGeneralIds],
    };
}
