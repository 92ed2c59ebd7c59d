using Proto = CityTwin.Protos.V1;

namespace CityTwin.Server.Security;

/// <summary>
/// The one table saying what each citytwin.v1 RPC requires, keyed by the RPC's full method name. A citytwin.v1
/// method missing here is refused (fail closed); a test checks the table covers every method of the API.
/// </summary>
public static class RpcPermissions
{
    public const string Package = "citytwin.v1";

    public static readonly IReadOnlyDictionary<string, Permission> Table = new Dictionary<string, Permission>(StringComparer.Ordinal)
    {
        [Method(Proto.RegistryService.Descriptor, "LoadBundle")] = Permission.LoadBundle,
        [Method(Proto.RegistryService.Descriptor, "UpsertUnits")] = Permission.WriteRegistry,
        [Method(Proto.RegistryService.Descriptor, "RemoveUnits")] = Permission.WriteRegistry,
        [Method(Proto.QueryService.Descriptor, "GetUnit")] = Permission.ReadUnits,
        [Method(Proto.QueryService.Descriptor, "ListChildren")] = Permission.ReadUnits,
        [Method(Proto.QueryService.Descriptor, "FindUnits")] = Permission.ReadUnits,
        [Method(Proto.QueryService.Descriptor, "GetLevel")] = Permission.ReadUnits,
        [Method(Proto.QueryService.Descriptor, "TopUnits")] = Permission.ReadUnits,
        [Method(Proto.QueryService.Descriptor, "CheckInvariant")] = Permission.ReadUnits,
        [Method(Proto.QueryService.Descriptor, "GetSensorWindow")] = Permission.ReadUnits,
        [Method(Proto.QueryService.Descriptor, "GetLevelHistory")] = Permission.ReadUnits,
        // Alarm lists and counters are filtered to the caller's scope; an acknowledgement needs each record's
        // hazard source within it.
        [Method(Proto.HistoryService.Descriptor, "GetReadings")] = Permission.ReadUnits,
        [Method(Proto.HistoryService.Descriptor, "GetSeries")] = Permission.ReadUnits,
        [Method(Proto.AlarmService.Descriptor, "ListAlarms")] = Permission.ReadUnits,
        [Method(Proto.AlarmService.Descriptor, "GetAlarmStats")] = Permission.ReadUnits,
        [Method(Proto.AlarmService.Descriptor, "AcknowledgeAlarms")] = Permission.AcknowledgeAlarms,
        // Snapshot and events are filtered to the caller's scope in the handler.
        [Method(Proto.WatchService.Descriptor, "Watch")] = Permission.ReadUnits,
        // Each reading's hazard source must also lie within the caller's scope: the ingest handler checks that
        // with ScopeResolver, as the query handlers filter with it.
        [Method(Proto.IngestService.Descriptor, "StreamReadings")] = Permission.WriteReadings,
        // Drills: the handler also holds the drill's hazard sources to the caller's scope.
        [Method(Proto.DrillService.Descriptor, "ValidateScenario")] = Permission.RunDrills,
        [Method(Proto.DrillService.Descriptor, "StartDrill")] = Permission.RunDrills,
        [Method(Proto.DrillService.Descriptor, "StepDrill")] = Permission.RunDrills,
        [Method(Proto.DrillService.Descriptor, "GetDrill")] = Permission.RunDrills,
        [Method(Proto.DrillService.Descriptor, "ListDrills")] = Permission.RunDrills,
        [Method(Proto.DrillService.Descriptor, "GetDrillReport")] = Permission.RunDrills,
        [Method(Proto.DrillService.Descriptor, "WatchDrill")] = Permission.RunDrills,
        [Method(Proto.DrillService.Descriptor, "DeleteDrill")] = Permission.RunDrills,
        // Hidden dangers: the enterprise must lie within the caller's scope (checked in the handler); which
        // lifecycle step the role may take is decided per step by the ledger (docs/inspections.md).
        [Method(Proto.InspectionService.Descriptor, "ReportHiddenDanger")] = Permission.WriteDangers,
        [Method(Proto.InspectionService.Descriptor, "TransitionHiddenDanger")] = Permission.WriteDangers,
        [Method(Proto.InspectionService.Descriptor, "SignHiddenDanger")] = Permission.WriteDangers,
        [Method(Proto.InspectionService.Descriptor, "GetHiddenDanger")] = Permission.ReadDangers,
        [Method(Proto.InspectionService.Descriptor, "ListHiddenDangers")] = Permission.ReadDangers,
        [Method(Proto.InspectionService.Descriptor, "GetHiddenDangerStats")] = Permission.ReadDangers,
        [Method(Proto.InspectionService.Descriptor, "PlanInspections")] = Permission.PlanInspections,
        // Audit: records filtered to the caller's scope; the chain (every record) only for a city-wide caller.
        [Method(Proto.AuditService.Descriptor, "ListAuditRecords")] = Permission.ReadAudit,
        [Method(Proto.AuditService.Descriptor, "ReadAuditChain")] = Permission.ReadAudit,
        // Warnings and commitments: the enterprise must lie within the caller's scope (checked in the handler);
        // who may answer, verify or close, and who may commit, is decided per step by the grain (docs/warnings.md).
        [Method(Proto.WarningService.Descriptor, "ListWarnings")] = Permission.ReadWarnings,
        [Method(Proto.WarningService.Descriptor, "GetWarning")] = Permission.ReadWarnings,
        [Method(Proto.WarningService.Descriptor, "GetWarningStats")] = Permission.ReadWarnings,
        [Method(Proto.WarningService.Descriptor, "AnswerWarning")] = Permission.WriteWarnings,
        [Method(Proto.WarningService.Descriptor, "VerifyWarning")] = Permission.WriteWarnings,
        [Method(Proto.CommitmentService.Descriptor, "SubmitCommitment")] = Permission.WriteCommitments,
        [Method(Proto.CommitmentService.Descriptor, "GetCommitment")] = Permission.ReadCommitments,
        [Method(Proto.CommitmentService.Descriptor, "ListCommitments")] = Permission.ReadCommitments,
    };

    /// <summary>True for methods of the citytwin.v1 package, which all need a permission from the table.</summary>
    public static bool IsCityTwin(string fullMethod) => fullMethod.StartsWith($"/{Package}.", StringComparison.Ordinal);

    /// <summary>The gRPC full method name, e.g. <c>/citytwin.v1.QueryService/GetUnit</c>; throws for a method the service lacks.</summary>
    public static string Method(Google.Protobuf.Reflection.ServiceDescriptor service, string name) =>
        service.FindMethodByName(name) is { } m ? $"/{service.FullName}/{m.Name}" : throw new ArgumentException($"{service.FullName} has no method {name}");
}
