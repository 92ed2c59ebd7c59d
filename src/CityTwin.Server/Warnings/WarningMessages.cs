using CityTwin.Domain.Inspections;
using CityTwin.Server.Calls;
using CityTwin.Server.Inspections;
using CityTwin.Server.Risk;
using Google.Protobuf.WellKnownTypes;
using Proto = CityTwin.Protos.V1;

namespace CityTwin.Server.Warnings;

/// <summary>Maps warnings between the domain and citytwin.v1.</summary>
public static class WarningMessages
{
    public static Proto.WarningRecord ToProto(this Warning w, DateTimeOffset asOf)
    {
        var m = new Proto.WarningRecord
        {
            Id = w.Id, EnterpriseCode = w.EnterpriseCode, UnitCode = w.UnitCode, Trigger = Trigger(w.Trigger), Level = w.Level.ToProto(),
            Reason = w.Reason, EvidenceId = w.EvidenceId ?? "", RaisedAt = Timestamp.FromDateTimeOffset(w.RaisedAt), State = State(w.State),
            AtLevel = InspectionMessages.Reaches(w.AtLevel), AnswerDueAt = Time(w.AnswerDueAt),
            Cause = w.Answer?.Cause ?? "", Measures = w.Answer?.Measures ?? "", AnsweredBy = w.Answer?.AnsweredBy ?? "", AnsweredAt = Time(w.Answer?.At),
            AnsweredOnTime = w.AnsweredOnTime == true, VerifiedBy = w.Verification?.VerifiedBy ?? "", ClosedAt = Time(w.ClosedAt),
            Overdue = w.State == WarningState.Raised && w.AnswerDueAt is { } due && due <= asOf,
        };
        m.Escalations.AddRange(w.Escalations.Select(e => new Proto.WarningEscalationStep
        {
            From = InspectionMessages.Reaches(e.From), To = InspectionMessages.Reaches(e.To), At = Timestamp.FromDateTimeOffset(e.At),
        }));
        m.History.AddRange(w.History.Select(h => new Proto.WarningHistoryEntry
        {
            Sequence = h.Sequence, At = Timestamp.FromDateTimeOffset(h.At), Command = h.Command, Subject = h.Subject, Role = h.Role,
            From = State(h.From), To = State(h.To), Note = h.Note ?? "",
        }));
        return m;
    }

    public static Proto.WarningStats ToProto(this WarningStats s, DateTimeOffset asOf)
    {
        var m = new Proto.WarningStats
        {
            Raised = s.Raised, AnsweredOnTime = s.AnsweredOnTime, AnsweredLate = s.AnsweredLate, Escalated = s.Escalated, Open = s.Open, Closed = s.Closed,
            OnTimeRate = s.OnTimeRate ?? 0, HasOnTimeRate = s.OnTimeRate is not null, AsOf = Timestamp.FromDateTimeOffset(asOf),
        };
        m.ByLevel.AddRange(s.ByLevel.OrderBy(kv => kv.Key).Select(kv => new Proto.WarningLevelCount { Level = kv.Key.ToProto(), Count = kv.Value }));
        return m;
    }

    public static Proto.WarningState State(WarningState s) => s switch
    {
        WarningState.Raised => Proto.WarningState.Raised,
        WarningState.Answered => Proto.WarningState.Answered,
        WarningState.Verified => Proto.WarningState.Verified,
        _ => Proto.WarningState.Closed,
    };

    public static WarningState State(Proto.WarningState s) => s switch
    {
        Proto.WarningState.Raised => WarningState.Raised,
        Proto.WarningState.Answered => WarningState.Answered,
        Proto.WarningState.Verified => WarningState.Verified,
        Proto.WarningState.Closed => WarningState.Closed,
        _ => throw Failures.InvalidArgument("states", $"'{s}' is not a warning state (raised, answered, verified, closed)"),
    };

    public static Proto.WarningTrigger Trigger(WarningTrigger t) => t switch
    {
        WarningTrigger.RiskLevel => Proto.WarningTrigger.RiskLevel,
        WarningTrigger.HighHighAlarm => Proto.WarningTrigger.HighHighAlarm,
        _ => Proto.WarningTrigger.MissingCommitment,
    };

    private static Timestamp? Time(DateTimeOffset? at) => at is { } t ? Timestamp.FromDateTimeOffset(t) : null;
}
