using System.Globalization;
using CityTwin.Domain.Inspections;
using CityTwin.Server.Calls;
using Google.Protobuf.WellKnownTypes;
using Proto = CityTwin.Protos.V1;

namespace CityTwin.Server.Inspections;

/// <summary>Maps hidden-danger records and commands to and from their citytwin.v1 messages; bad input is INVALID_ARGUMENT naming the field.</summary>
public static class InspectionMessages
{
    public const string DateFormat = "yyyy-MM-dd";

    public static Proto.HiddenDanger ToProto(this HiddenDanger r, DateTimeOffset asOf, CityCalendar calendar)
    {
        var m = new Proto.HiddenDanger
        {
            Id = r.Id,
            EnterpriseCode = r.EnterpriseCode,
            HazardSourceCode = r.HazardSourceCode ?? "",
            Level = r.Level.ToProto(),
            CriterionCode = r.CriterionCode ?? "",
            FoundBy = r.FoundBy,
            FoundByRole = r.FoundByRole,
            Source = r.Source.ToProto(),
            FoundAt = Timestamp.FromDateTimeOffset(r.FoundAt),
            Location = r.Location.Text,
            Description = r.Description,
            Category = r.Category.ToProto(),
            InterimMeasures = r.InterimMeasures ?? "",
            ResponsiblePerson = r.ResponsiblePerson ?? "",
            Deadline = Date(r.Deadline),
            Plan = r.Plan?.ToProto(),
            StopWork = (Proto.StopWork)(int)r.StopWork,
            ReportedTo = r.ReportedTo ?? "",
            ReportedAt = Time(r.ReportedAt),
            RectifiedAt = Time(r.RectifiedAt),
            VerifiedBy = r.Verification?.VerifiedBy ?? "",
            VerifiedAt = Time(r.Verification?.VerifiedAt),
            VerificationNote = r.Verification?.Note ?? "",
            ClosedAt = Time(r.ClosedAt),
            RejectionReason = r.RejectionReason ?? "",
            ReopenCount = r.ReopenCount,
            State = r.State.ToProto(),
            Overdue = r.IsOverdue(asOf, calendar),
            DueAt = Timestamp.FromDateTimeOffset(r.DueAt(calendar)),
        };
        if (r.Location.Longitude is { } lon) m.Longitude = lon;
        if (r.Location.Latitude is { } lat) m.Latitude = lat;
        if (r.Verification is { } v) m.VerificationPassed = v.Passed;
        m.Photos.AddRange(r.Photos);
        m.RectificationEvidence.AddRange(r.RectificationEvidence);
        m.SignOffs.AddRange(r.SignOffs.Select(s => new Proto.SignOffEntry
        {
            Level = (int)s.Level, Subject = s.Subject, Role = s.Role, At = Timestamp.FromDateTimeOffset(s.At), Comment = s.Comment ?? "",
        }));
        m.RequiredSignOffs.AddRange(r.RequiredSignOffs.Select(l => (int)l));
        m.History.AddRange(r.History.Select(h => new Proto.HistoryEntry
        {
            Sequence = h.Sequence, At = Timestamp.FromDateTimeOffset(h.At), Command = h.Command, Subject = h.Subject, Role = h.Role,
            From = h.From.ToProto(), To = h.To.ToProto(), IdempotencyKey = h.IdempotencyKey, Note = h.Note ?? "",
        }));
        return m;
    }

    public static Proto.LoopNotice ToProto(this Abstractions.Live.LoopNotice n) => new()
    {
        Kind = n.Kind, RecordId = n.RecordId, EnterpriseCode = n.EnterpriseCode, Reaches = Reaches(n.Reaches), DaysOverdue = n.DaysOverdue,
        Deadline = Date(n.Deadline), At = Timestamp.FromDateTimeOffset(n.At), Message = n.Message, Major = n.Level == HiddenDangerLevel.Major,
        WarningLevel = n.WarningLevel is { } level ? (Proto.RiskLevel)((int)level + 1) : Proto.RiskLevel.Unspecified,
        UnitCode = n.UnitCode ?? "", DueAt = Time(n.DueAt), Trigger = n.Trigger ?? "",
    };

    public static string Reaches(EscalationLevel level) => level switch
    {
        EscalationLevel.Enterprise => "enterprise",
        EscalationLevel.EnterprisePrincipal => "enterprise-principal",
        EscalationLevel.SupervisingDepartment => "supervising-department",
        EscalationLevel.DistrictCommittee => "district-committee",
        EscalationLevel.CityCommittee => "city-committee",
        _ => level.ToString(),
    };

    private static Timestamp? Time(DateTimeOffset? at) => at is { } t ? Timestamp.FromDateTimeOffset(t) : null;

    private static string Date(DateOnly d) => d.ToString(DateFormat, CultureInfo.InvariantCulture);

    public static Proto.RectificationPlan ToProto(this RectificationPlan p)
    {
        var m = new Proto.RectificationPlan
        {
            Objective = p.Objective, Measures = p.Measures, ResponsibleOrganisation = p.ResponsibleOrganisation, ResponsiblePerson = p.ResponsiblePerson,
            Deadline = Date(p.Deadline), SafetyMeasures = p.SafetyMeasures ?? "", EmergencyPlan = p.EmergencyPlan ?? "",
        };
        if (p.Funds is { } funds) m.Funds = (double)funds;
        return m;
    }

    public static Proto.HiddenDangerLevel ToProto(this HiddenDangerLevel level) =>
        level == HiddenDangerLevel.Major ? Proto.HiddenDangerLevel.Major : Proto.HiddenDangerLevel.General;

    public static Proto.FindingSource ToProto(this FindingSource source) => source switch
    {
        FindingSource.SelfInspection => Proto.FindingSource.SelfInspection,
        FindingSource.DepartmentInspection => Proto.FindingSource.DepartmentInspection,
        FindingSource.Unannounced => Proto.FindingSource.Unannounced,
        FindingSource.PublicReport => Proto.FindingSource.PublicReport,
        _ => Proto.FindingSource.Unspecified,
    };

    public static Proto.HazardCategory ToProto(this HazardCategory category) => category switch
    {
        HazardCategory.People => Proto.HazardCategory.People,
        HazardCategory.Equipment => Proto.HazardCategory.Equipment,
        HazardCategory.Management => Proto.HazardCategory.Management,
        HazardCategory.Environment => Proto.HazardCategory.Environment,
        _ => Proto.HazardCategory.Unspecified,
    };

    public static Proto.HiddenDangerState ToProto(this HiddenDangerState state) => state switch
    {
        HiddenDangerState.Found => Proto.HiddenDangerState.Found,
        HiddenDangerState.Assigned => Proto.HiddenDangerState.Assigned,
        HiddenDangerState.Rectifying => Proto.HiddenDangerState.Rectifying,
        HiddenDangerState.Rectified => Proto.HiddenDangerState.Rectified,
        HiddenDangerState.Verified => Proto.HiddenDangerState.Verified,
        HiddenDangerState.Closed => Proto.HiddenDangerState.Closed,
        HiddenDangerState.Rejected => Proto.HiddenDangerState.Rejected,
        _ => Proto.HiddenDangerState.Unspecified,
    };

    public static HiddenDangerLevel Level(Proto.HiddenDangerLevel level, string field) => level switch
    {
        Proto.HiddenDangerLevel.General => HiddenDangerLevel.General,
        Proto.HiddenDangerLevel.Major => HiddenDangerLevel.Major,
        _ => throw Failures.InvalidArgument(field, "must be general or major"),
    };

    public static FindingSource Source(Proto.FindingSource source) => source switch
    {
        Proto.FindingSource.SelfInspection => FindingSource.SelfInspection,
        Proto.FindingSource.DepartmentInspection => FindingSource.DepartmentInspection,
        Proto.FindingSource.Unannounced => FindingSource.Unannounced,
        Proto.FindingSource.PublicReport => FindingSource.PublicReport,
        _ => throw Failures.InvalidArgument("source", "must be self-inspection, department-inspection, unannounced or public-report"),
    };

    public static HazardCategory Category(Proto.HazardCategory category) => category switch
    {
        Proto.HazardCategory.People => HazardCategory.People,
        Proto.HazardCategory.Equipment => HazardCategory.Equipment,
        Proto.HazardCategory.Management => HazardCategory.Management,
        Proto.HazardCategory.Environment => HazardCategory.Environment,
        _ => throw Failures.InvalidArgument("category", "must be people, equipment, management or environment"),
    };

    public static HiddenDangerState State(Proto.HiddenDangerState state) => state switch
    {
        Proto.HiddenDangerState.Found => HiddenDangerState.Found,
        Proto.HiddenDangerState.Assigned => HiddenDangerState.Assigned,
        Proto.HiddenDangerState.Rectifying => HiddenDangerState.Rectifying,
        Proto.HiddenDangerState.Rectified => HiddenDangerState.Rectified,
        Proto.HiddenDangerState.Verified => HiddenDangerState.Verified,
        Proto.HiddenDangerState.Closed => HiddenDangerState.Closed,
        Proto.HiddenDangerState.Rejected => HiddenDangerState.Rejected,
        _ => throw Failures.InvalidArgument("states", $"'{state}' is not a hidden-danger state"),
    };

    public static StopWorkOrder StopWork(Proto.StopWork stop) => stop switch
    {
        Proto.StopWork.None => StopWorkOrder.None,
        Proto.StopWork.Partial => StopWorkOrder.Partial,
        Proto.StopWork.Full => StopWorkOrder.Full,
        _ => throw Failures.InvalidArgument("stop_work", "must be none, partial or full"),
    };

    /// <summary>A local date YYYY-MM-DD; empty is null.</summary>
    public static DateOnly? OptionalDate(string text, string field) =>
        text.Length == 0 ? null
        : DateOnly.TryParseExact(text, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d
        : throw Failures.InvalidArgument(field, $"'{Shorten(text)}' is not a date YYYY-MM-DD");

    public static RectificationPlan? Plan(Proto.RectificationPlan? p, string field)
    {
        if (p is null) return null;
        var deadline = OptionalDate(p.Deadline, $"{field}.deadline") ?? throw Failures.InvalidArgument($"{field}.deadline", "is required (YYYY-MM-DD)");
        decimal? funds = null;
        if (p.HasFunds)
        {
            if (!double.IsFinite(p.Funds) || p.Funds < 0 || p.Funds > 1e15) throw Failures.InvalidArgument($"{field}.funds", "must be a non-negative amount in yuan");
            funds = (decimal)p.Funds;
        }
        foreach (var (name, value) in new[] { ("objective", p.Objective), ("measures", p.Measures), ("responsible_organisation", p.ResponsibleOrganisation), ("responsible_person", p.ResponsiblePerson) })
        {
            if (string.IsNullOrWhiteSpace(value)) throw Failures.InvalidArgument($"{field}.{name}", "is required");
        }
        return new RectificationPlan(p.Objective, p.Measures, p.ResponsibleOrganisation, p.ResponsiblePerson, deadline, funds,
            NullIfEmpty(p.SafetyMeasures), NullIfEmpty(p.EmergencyPlan));
    }

    public static string? NullIfEmpty(string text) => text.Length == 0 ? null : text;

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
