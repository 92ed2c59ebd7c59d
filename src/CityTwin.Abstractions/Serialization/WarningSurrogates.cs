using CityTwin.Domain.Inspections;
using CityTwin.Domain.Risk;

namespace CityTwin.Abstractions.Serialization;

// Warnings (预警) and daily commitments (安全承诺) cross grain boundaries and are stored through these typed surrogates,
// like the hidden-danger records: the domain stays free of Orleans, the stored format is the [Id] contract below.

[GenerateSerializer, Alias("citytwin.WarningAnswer")]
public struct WarningAnswerSurrogate
{
    [Id(0)] public string Cause;
    [Id(1)] public string Measures;
    [Id(2)] public string AnsweredBy;
    [Id(3)] public string Role;
    [Id(4)] public DateTimeOffset At;
}

[RegisterConverter]
public sealed class WarningAnswerConverter : IConverter<WarningAnswer, WarningAnswerSurrogate>
{
    public WarningAnswer ConvertFromSurrogate(in WarningAnswerSurrogate s) => new(s.Cause, s.Measures, s.AnsweredBy, s.Role, s.At);
    public WarningAnswerSurrogate ConvertToSurrogate(in WarningAnswer v) => new() { Cause = v.Cause, Measures = v.Measures, AnsweredBy = v.AnsweredBy, Role = v.Role, At = v.At };
}

[GenerateSerializer, Alias("citytwin.WarningEscalation")]
public struct WarningEscalationSurrogate
{
    [Id(0)] public string WarningId;
    [Id(1)] public EscalationLevel From;
    [Id(2)] public EscalationLevel To;
    [Id(3)] public DateTimeOffset At;
}

[RegisterConverter]
public sealed class WarningEscalationConverter : IConverter<WarningEscalation, WarningEscalationSurrogate>
{
    public WarningEscalation ConvertFromSurrogate(in WarningEscalationSurrogate s) => new(s.WarningId, s.From, s.To, s.At);
    public WarningEscalationSurrogate ConvertToSurrogate(in WarningEscalation v) => new() { WarningId = v.WarningId, From = v.From, To = v.To, At = v.At };
}

[GenerateSerializer, Alias("citytwin.WarningHistoryEntry")]
public struct WarningHistoryEntrySurrogate
{
    [Id(0)] public int Sequence;
    [Id(1)] public DateTimeOffset At;
    [Id(2)] public string Command;
    [Id(3)] public string Subject;
    [Id(4)] public string Role;
    [Id(5)] public WarningState From;
    [Id(6)] public WarningState To;
    [Id(7)] public string IdempotencyKey;
    [Id(8)] public string? Note;
}

[RegisterConverter]
public sealed class WarningHistoryEntryConverter : IConverter<WarningHistoryEntry, WarningHistoryEntrySurrogate>
{
    public WarningHistoryEntry ConvertFromSurrogate(in WarningHistoryEntrySurrogate s) => new(s.Sequence, s.At, s.Command, s.Subject, s.Role, s.From, s.To, s.IdempotencyKey, s.Note);

    public WarningHistoryEntrySurrogate ConvertToSurrogate(in WarningHistoryEntry v) => new()
    {
        Sequence = v.Sequence, At = v.At, Command = v.Command, Subject = v.Subject, Role = v.Role, From = v.From, To = v.To, IdempotencyKey = v.IdempotencyKey, Note = v.Note,
    };
}

[GenerateSerializer, Alias("citytwin.Warning")]
public struct WarningSurrogate
{
    [Id(0)] public string Id;
    [Id(1)] public string UnitCode;
    [Id(2)] public string EnterpriseCode;
    [Id(3)] public WarningTrigger Trigger;
    [Id(4)] public RiskLevel Level;
    [Id(5)] public string Reason;
    [Id(6)] public string? EvidenceId;
    [Id(7)] public DateTimeOffset RaisedAt;
    [Id(8)] public WarningState State;
    [Id(9)] public EscalationLevel AtLevel;
    [Id(10)] public DateTimeOffset? AnswerDueAt;
    [Id(11)] public WarningAnswer? Answer;
    [Id(12)] public bool? AnsweredOnTime;
    [Id(13)] public Verification? Verification;
    [Id(14)] public DateTimeOffset? ClosedAt;
    [Id(15)] public List<WarningEscalation> Escalations;
    [Id(16)] public List<WarningHistoryEntry> History;
}

[RegisterConverter]
public sealed class WarningConverter : IConverter<Warning, WarningSurrogate>
{
    public Warning ConvertFromSurrogate(in WarningSurrogate s) => new()
    {
        Id = s.Id, UnitCode = s.UnitCode, EnterpriseCode = s.EnterpriseCode, Trigger = s.Trigger, Level = s.Level, Reason = s.Reason,
        EvidenceId = s.EvidenceId, RaisedAt = s.RaisedAt, State = s.State, AtLevel = s.AtLevel, AnswerDueAt = s.AnswerDueAt, Answer = s.Answer,
        AnsweredOnTime = s.AnsweredOnTime, Verification = s.Verification, ClosedAt = s.ClosedAt, Escalations = s.Escalations ?? [], History = s.History ?? [],
    };

    public WarningSurrogate ConvertToSurrogate(in Warning v) => new()
    {
        Id = v.Id, UnitCode = v.UnitCode, EnterpriseCode = v.EnterpriseCode, Trigger = v.Trigger, Level = v.Level, Reason = v.Reason,
        EvidenceId = v.EvidenceId, RaisedAt = v.RaisedAt, State = v.State, AtLevel = v.AtLevel, AnswerDueAt = v.AnswerDueAt, Answer = v.Answer,
        AnsweredOnTime = v.AnsweredOnTime, Verification = v.Verification, ClosedAt = v.ClosedAt, Escalations = [.. v.Escalations], History = [.. v.History],
    };
}

[GenerateSerializer, Alias("citytwin.UnitOperation")]
public struct UnitOperationSurrogate
{
    [Id(0)] public string UnitCode;
    [Id(1)] public UnitOperatingState State;
}

[RegisterConverter]
public sealed class UnitOperationConverter : IConverter<UnitOperation, UnitOperationSurrogate>
{
    public UnitOperation ConvertFromSurrogate(in UnitOperationSurrogate s) => new(s.UnitCode, s.State);
    public UnitOperationSurrogate ConvertToSurrogate(in UnitOperation v) => new() { UnitCode = v.UnitCode, State = v.State };
}

[GenerateSerializer, Alias("citytwin.PlannedOperation")]
public struct PlannedOperationSurrogate
{
    [Id(0)] public SpecialOperationKind Kind;
    [Id(1)] public string? HazardSourceCode;
    [Id(2)] public int Count;
    [Id(3)] public string? PermitId;
}

[RegisterConverter]
public sealed class PlannedOperationConverter : IConverter<PlannedOperation, PlannedOperationSurrogate>
{
    public PlannedOperation ConvertFromSurrogate(in PlannedOperationSurrogate s) => new(s.Kind, s.HazardSourceCode, s.Count, s.PermitId);
    public PlannedOperationSurrogate ConvertToSurrogate(in PlannedOperation v) => new() { Kind = v.Kind, HazardSourceCode = v.HazardSourceCode, Count = v.Count, PermitId = v.PermitId };
}

[GenerateSerializer, Alias("citytwin.DailyCommitment")]
public struct DailyCommitmentSurrogate
{
    [Id(0)] public string EnterpriseCode;
    [Id(1)] public DateOnly Day;
    [Id(2)] public string CommittedBy;
    [Id(3)] public string CommittedByRole;
    [Id(4)] public DateTimeOffset CommittedAt;
    [Id(5)] public List<UnitOperation> Units;
    [Id(6)] public List<PlannedOperation> Operations;
    [Id(7)] public bool MajorHazardsUnderControl;
    [Id(8)] public string? Note;
}

[RegisterConverter]
public sealed class DailyCommitmentConverter : IConverter<DailyCommitment, DailyCommitmentSurrogate>
{
    public DailyCommitment ConvertFromSurrogate(in DailyCommitmentSurrogate s) =>
        new(s.EnterpriseCode, s.Day, s.CommittedBy, s.CommittedByRole, s.CommittedAt, s.Units ?? [], s.Operations ?? [], s.MajorHazardsUnderControl, s.Note);

    public DailyCommitmentSurrogate ConvertToSurrogate(in DailyCommitment v) => new()
    {
        EnterpriseCode = v.EnterpriseCode, Day = v.Day, CommittedBy = v.CommittedBy, CommittedByRole = v.CommittedByRole, CommittedAt = v.CommittedAt,
        Units = [.. v.Units], Operations = [.. v.Operations], MajorHazardsUnderControl = v.MajorHazardsUnderControl, Note = v.Note,
    };
}
