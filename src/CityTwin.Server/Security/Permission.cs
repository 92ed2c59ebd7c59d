namespace CityTwin.Server.Security;

/// <summary>
/// What an RPC asks of its caller. Roles grant permissions (<see cref="Roles"/>); the caller's scope then narrows
/// which units a permission reaches. Later RPCs reuse these or add one here and to the roles that hold it.
/// </summary>
public enum Permission
{
    /// <summary>Read units (get, children, finds; later: explain, history, watch) within the caller's scope.</summary>
    ReadUnits,
    /// <summary>Upsert and remove single units within the caller's scope.</summary>
    WriteRegistry,
    /// <summary>Load a whole city bundle (it may prune anything): the city-wide scope only.</summary>
    LoadBundle,
    /// <summary>Send sensor readings for hazard sources within the caller's scope (the ingest RPC comes later).</summary>
    WriteReadings,
    /// <summary>Start, follow and read drills (drill RPCs come later).</summary>
    RunDrills,
    /// <summary>Acknowledge alarm records of hazard sources within the caller's scope (duty officers).</summary>
    AcknowledgeAlarms,
    /// <summary>Read hidden-danger records (台账) of the enterprises within the caller's scope.</summary>
    ReadDangers,
    /// <summary>
    /// Report hidden dangers, move them through their lifecycle and sign them off, for enterprises within the
    /// caller's scope. Which step a role may take is decided per step by the domain (docs/inspections.md).
    /// </summary>
    WriteDangers,
    /// <summary>
    /// Propose risk-based inspection plans (分级分类监管) for the enterprises within the caller's scope. Apart from
    /// reading hidden dangers: a plan names the enterprises drawn for unannounced (四不两直) visits, which the
    /// enterprises themselves must not learn.
    /// </summary>
    PlanInspections,
    /// <summary>Read the audit trail (records of units within the caller's scope; the whole chain only city-wide).</summary>
    ReadAudit,
    /// <summary>Read warnings (预警) and their statistics for the enterprises within the caller's scope.</summary>
    ReadWarnings,
    /// <summary>Answer, verify and close warnings of enterprises within the caller's scope; the step's roles are checked per warning (docs/warnings.md).</summary>
    WriteWarnings,
    /// <summary>Read daily safety commitments (安全承诺) and who is missing one, within the caller's scope.</summary>
    ReadCommitments,
    /// <summary>Submit the daily commitment of an enterprise within the caller's scope (its principal or safety manager).</summary>
    WriteCommitments,
}

public static class PermissionNames
{
    /// <summary>The name messages and docs use.</summary>
    public static string Name(this Permission permission) => permission switch
    {
        Permission.ReadUnits => "units.read",
        Permission.WriteRegistry => "registry.write",
        Permission.LoadBundle => "registry.load",
        Permission.WriteReadings => "readings.write",
        Permission.RunDrills => "drills.run",
        Permission.AcknowledgeAlarms => "alarms.ack",
        Permission.ReadDangers => "dangers.read",
        Permission.WriteDangers => "dangers.write",
        Permission.PlanInspections => "inspections.plan",
        Permission.ReadAudit => "audit.read",
        Permission.ReadWarnings => "warnings.read",
        Permission.WriteWarnings => "warnings.write",
        Permission.ReadCommitments => "commitments.read",
        Permission.WriteCommitments => "commitments.write",
        _ => permission.ToString(),
    };
}
