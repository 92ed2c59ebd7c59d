using System.Globalization;
using CityTwin.Domain.Inspections;
using CityTwin.Domain.Risk;
using CityTwin.Server.Calls;
using Google.Protobuf.WellKnownTypes;
using Proto = CityTwin.Protos.V1;

namespace CityTwin.Server.Commitments;

/// <summary>Maps daily commitments between the domain and citytwin.v1.</summary>
public static class CommitmentMessages
{
    public const string DateFormat = "yyyy-MM-dd";

    public static Proto.Commitment ToProto(this DailyCommitment c)
    {
        var m = new Proto.Commitment
        {
            Id = c.Id, EnterpriseCode = c.EnterpriseCode, Day = Date(c.Day), CommittedBy = c.CommittedBy, CommittedByRole = c.CommittedByRole,
            CommittedAt = Timestamp.FromDateTimeOffset(c.CommittedAt), MajorHazardsUnderControl = c.MajorHazardsUnderControl, Note = c.Note ?? "",
        };
        m.Units.AddRange(c.Units.Select(u => new Proto.UnitOperatingState { UnitCode = u.UnitCode, State = State(u.State) }));
        m.Operations.AddRange(c.Operations.Select(o => new Proto.PlannedOperation
        {
            Kind = Kind(o.Kind), HazardSourceCode = o.HazardSourceCode ?? "", Count = o.Count, PermitId = o.PermitId ?? "",
        }));
        return m;
    }

    public static string Date(DateOnly d) => d.ToString(DateFormat, CultureInfo.InvariantCulture);

    /// <summary>A local date, or null when empty (today).</summary>
    public static DateOnly? OptionalDay(string text, string field) =>
        text.Length == 0 ? null
        : DateOnly.TryParseExact(text, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d
        : throw Failures.InvalidArgument(field, $"'{Clip(text)}' is not a date (YYYY-MM-DD)");

    public static UnitOperatingState State(Proto.OperatingState s, string field) => s switch
    {
        Proto.OperatingState.Running => UnitOperatingState.Running,
        Proto.OperatingState.Shutdown => UnitOperatingState.Shutdown,
        Proto.OperatingState.StartUpShutdown => UnitOperatingState.StartUpShutdown,
        Proto.OperatingState.TrialRun => UnitOperatingState.TrialRun,
        Proto.OperatingState.Overhaul => UnitOperatingState.Overhaul,
        _ => throw Failures.InvalidArgument(field, "give running, shutdown, start-up-shutdown, trial-run or overhaul"),
    };

    public static Proto.OperatingState State(UnitOperatingState s) => s switch
    {
        UnitOperatingState.Running => Proto.OperatingState.Running,
        UnitOperatingState.Shutdown => Proto.OperatingState.Shutdown,
        UnitOperatingState.StartUpShutdown => Proto.OperatingState.StartUpShutdown,
        UnitOperatingState.TrialRun => Proto.OperatingState.TrialRun,
        _ => Proto.OperatingState.Overhaul,
    };

    public static SpecialOperationKind Kind(Proto.SpecialOperationKind k, string field) => k switch
    {
        Proto.SpecialOperationKind.HotWorkSpecial => SpecialOperationKind.HotWorkSpecial,
        Proto.SpecialOperationKind.HotWorkGrade1 => SpecialOperationKind.HotWorkGrade1,
        Proto.SpecialOperationKind.HotWorkGrade2 => SpecialOperationKind.HotWorkGrade2,
        Proto.SpecialOperationKind.ConfinedSpace => SpecialOperationKind.ConfinedSpace,
        Proto.SpecialOperationKind.Other => SpecialOperationKind.Other,
        _ => throw Failures.InvalidArgument(field, "give hot-work-special, hot-work-grade1, hot-work-grade2, confined-space or other"),
    };

    public static Proto.SpecialOperationKind Kind(SpecialOperationKind k) => k switch
    {
        SpecialOperationKind.HotWorkSpecial => Proto.SpecialOperationKind.HotWorkSpecial,
        SpecialOperationKind.HotWorkGrade1 => Proto.SpecialOperationKind.HotWorkGrade1,
        SpecialOperationKind.HotWorkGrade2 => Proto.SpecialOperationKind.HotWorkGrade2,
        SpecialOperationKind.ConfinedSpace => Proto.SpecialOperationKind.ConfinedSpace,
        _ => Proto.SpecialOperationKind.Other,
    };

    private static string Clip(string text) => text.Length > 40 ? text[..40] + "…" : text;
}
