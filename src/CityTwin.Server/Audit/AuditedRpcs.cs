using CityTwin.Server.Security;
using Proto = CityTwin.Protos.V1;

namespace CityTwin.Server.Audit;

/// <summary>
/// The one table of audited operator actions (docs/audit.md), keyed by full method name like
/// <see cref="RpcPermissions.Table"/>. Every RPC of that table whose permission writes must appear here or in
/// <see cref="NotAudited"/> with the reason; a test fails otherwise. Adding a write RPC: one line here.
/// </summary>
public static class AuditedRpcs
{
    /// <summary>The permissions that only read; every other permission writes (fail closed: a new one counts as a write).</summary>
    public static readonly IReadOnlySet<Permission> ReadPermissions = new HashSet<Permission> { Permission.ReadUnits, Permission.ReadDangers, Permission.ReadAudit, Permission.PlanInspections, Permission.ReadWarnings, Permission.ReadCommitments };

    public static readonly IReadOnlyDictionary<string, AuditedRpc> Table = new Dictionary<string, AuditedRpc>(StringComparer.Ordinal)
    {
        [M(Proto.RegistryService.Descriptor, "LoadBundle")] = AuditedRpc.Of<Proto.BundleChunk, Proto.LoadProgress>(q => q.IdempotencyKey,
            (q, a) => q.DryRun || a.Phase != Proto.LoadProgress.Types.Phase.Done ? null
                : new AuditFacts(AuditRecorder.City, $"loaded a bundle of {a.TotalUnits} unit(s): {a.Upserted} upserted, {a.Unchanged} unchanged, {a.Removed} removed{(q.Prune ? " (prune)" : "")}")),
        [M(Proto.RegistryService.Descriptor, "UpsertUnits")] = AuditedRpc.Of<Proto.UpsertUnitsRequest, Proto.UpsertUnitsResponse>(q => q.IdempotencyKey,
            (q, a) => new([.. a.Units.Select(u => new AuditUnit(u.Code, u.Path))], $"upserted {Codes(a.Units.Select(u => $"{u.Code} v{u.Version}"))}")),
        [M(Proto.RegistryService.Descriptor, "RemoveUnits")] = AuditedRpc.Of<Proto.RemoveUnitsRequest, Proto.RemoveUnitsResponse>(q => q.IdempotencyKey,
            (q, a) => AuditFacts.Of(a.Removed, $"removed {Codes(a.Removed)}"), q => q.Codes),
        [M(Proto.AlarmService.Descriptor, "AcknowledgeAlarms")] = AuditedRpc.Of<Proto.AcknowledgeAlarmsRequest, Proto.AlarmList>(q => q.IdempotencyKey,
            (q, a) => new([.. a.Alarms.Select(x => new AuditUnit(x.Source, x.Path))], $"acknowledged {Codes(a.Alarms.Select(x => x.Id))}{Note(q.Note)}")),
        [M(Proto.InspectionService.Descriptor, "ReportHiddenDanger")] = AuditedRpc.Of<Proto.ReportHiddenDangerRequest, Proto.HiddenDangerReply>(q => q.IdempotencyKey,
            (q, a) => new(q.EnterpriseCode, $"reported hidden danger {a.Record.Id} ({a.Record.Level}){Replayed(a)}")),
        [M(Proto.InspectionService.Descriptor, "TransitionHiddenDanger")] = AuditedRpc.Of<Proto.TransitionHiddenDangerRequest, Proto.HiddenDangerReply>(q => q.IdempotencyKey,
            (q, a) => new(q.EnterpriseCode, $"hidden danger {q.Id}: {q.StepCase.ToString().ToLowerInvariant()} → {a.Record.State}{Replayed(a)}")),
        [M(Proto.InspectionService.Descriptor, "SignHiddenDanger")] = AuditedRpc.Of<Proto.SignHiddenDangerRequest, Proto.HiddenDangerReply>(q => q.IdempotencyKey,
            (q, a) => new(q.EnterpriseCode, $"hidden danger {q.Id}: signed level {q.Level}{Note(q.Comment)}{Replayed(a)}")),
        [M(Proto.WarningService.Descriptor, "AnswerWarning")] = AuditedRpc.Of<Proto.AnswerWarningRequest, Proto.WarningReply>(q => q.IdempotencyKey,
            (q, a) => new(q.EnterpriseCode, $"answered warning {q.Id} → {a.Warning.State}{Replayed(a.Replayed)}")),
        [M(Proto.WarningService.Descriptor, "VerifyWarning")] = AuditedRpc.Of<Proto.VerifyWarningRequest, Proto.WarningReply>(q => q.IdempotencyKey,
            (q, a) => new(q.EnterpriseCode, $"verified warning {q.Id}: {(q.Passed ? "passed" : "not passed")} → {a.Warning.State}{Note(q.Note)}{Replayed(a.Replayed)}")),
        [M(Proto.CommitmentService.Descriptor, "SubmitCommitment")] = AuditedRpc.Of<Proto.SubmitCommitmentRequest, Proto.CommitmentReply>(q => q.IdempotencyKey,
            (q, a) => new(q.EnterpriseCode, $"committed for {a.Commitment.Day}: {a.Commitment.Units.Count} unit state(s), {a.Commitment.Operations.Count} special operation(s), major hazards {(a.Commitment.MajorHazardsUnderControl ? "under control" : "NOT under control")}{Replayed(a.Replayed)}")),
        [M(Proto.DrillService.Descriptor, "StartDrill")] = AuditedRpc.Of<Proto.StartDrillRequest, Proto.DrillStatus>(q => q.IdempotencyKey,
            (q, a) => new(a.Origin, $"started drill {a.DrillId} '{a.Name}' ({a.State})")),
        [M(Proto.DrillService.Descriptor, "DeleteDrill")] = AuditedRpc.Of<Proto.DrillRef, Proto.DeleteDrillResponse>(q => q.IdempotencyKey,
            (q, a) => new(a.Origin, $"deleted drill {q.DrillId}")),
    };

    /// <summary>RPCs under a writing permission that leave no audit record, and why (docs/audit.md).</summary>
    public static readonly IReadOnlyDictionary<string, string> NotAudited = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [M(Proto.IngestService.Descriptor, "StreamReadings")] = "the sensor feed: machines' readings, kept by the monitoring history, not operator actions",
        [M(Proto.DrillService.Descriptor, "StepDrill")] = "advances a drill's simulated clock: changes nothing of the live city; the drill keeps who stepped it last, start and delete are audited",
        [M(Proto.DrillService.Descriptor, "ValidateScenario")] = "reads: checks a scenario, changes nothing",
        [M(Proto.DrillService.Descriptor, "GetDrill")] = "reads",
        [M(Proto.DrillService.Descriptor, "ListDrills")] = "reads",
        [M(Proto.DrillService.Descriptor, "GetDrillReport")] = "reads",
        [M(Proto.DrillService.Descriptor, "WatchDrill")] = "reads",
    };

    /// <summary>"Service/Method" of a full method name, as records name actions.</summary>
    public static string ActionOf(string fullMethod) =>
        fullMethod.StartsWith($"/{RpcPermissions.Package}.", StringComparison.Ordinal) ? fullMethod[(RpcPermissions.Package.Length + 2)..] : fullMethod.TrimStart('/');

    private static string M(Google.Protobuf.Reflection.ServiceDescriptor service, string name) => RpcPermissions.Method(service, name);

    private static string Codes(IEnumerable<string> codes)
    {
        var list = codes.ToList();
        var shown = string.Join(", ", list.Take(10));
        return list.Count > 10 ? $"{list.Count}: {shown} and {list.Count - 10} more" : shown;
    }

    private static string Note(string note) => note.Length == 0 ? "" : $" — \"{(note.Length > 120 ? note[..120] + "…" : note)}\"";

    private static string Replayed(Proto.HiddenDangerReply a) => Replayed(a.Replayed);

    private static string Replayed(bool replayed) => replayed ? " (replayed by key)" : "";
}
