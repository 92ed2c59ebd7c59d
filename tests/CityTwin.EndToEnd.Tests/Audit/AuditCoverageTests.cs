using CityTwin.Server.Audit;
using CityTwin.Server.Security;
using Xunit;

namespace CityTwin.EndToEnd.Tests.Audit;

/// <summary>The audit table covers every RPC that writes: a new write RPC without its audit line fails here.</summary>
public class AuditCoverageTests
{
    [Fact]
    public void Every_write_rpc_of_the_permission_table_is_audited_or_says_why_not()
    {
        var writes = RpcPermissions.Table.Where(e => !AuditedRpcs.ReadPermissions.Contains(e.Value)).Select(e => e.Key).Order(StringComparer.Ordinal).ToList();
        var classified = AuditedRpcs.Table.Keys.Concat(AuditedRpcs.NotAudited.Keys).Order(StringComparer.Ordinal).ToList();

        Assert.Empty(writes.Except(classified));          // a write RPC nobody decided about
        Assert.Empty(classified.Except(writes));          // an entry for an RPC that is gone or only reads
        Assert.Empty(AuditedRpcs.Table.Keys.Intersect(AuditedRpcs.NotAudited.Keys));
        // Only the sensor feed and the drill clock are writes left unaudited; the rest of NotAudited are reads under drills.run.
        Assert.Equal(["/citytwin.v1.DrillService/GetDrill", "/citytwin.v1.DrillService/GetDrillReport", "/citytwin.v1.DrillService/ListDrills", "/citytwin.v1.DrillService/StepDrill",
            "/citytwin.v1.DrillService/ValidateScenario", "/citytwin.v1.DrillService/WatchDrill", "/citytwin.v1.IngestService/StreamReadings"],
            AuditedRpcs.NotAudited.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_permission_counts_as_a_write_unless_it_is_named_a_read()
    {
        Permission[] reads = [Permission.ReadUnits, Permission.ReadDangers, Permission.ReadAudit, Permission.PlanInspections, Permission.ReadWarnings, Permission.ReadCommitments];
        Assert.True(AuditedRpcs.ReadPermissions.SetEquals(reads), $"reads: {string.Join(", ", AuditedRpcs.ReadPermissions)}");
        Assert.Contains(Enum.GetValues<Permission>(), p => !AuditedRpcs.ReadPermissions.Contains(p));
    }
}
