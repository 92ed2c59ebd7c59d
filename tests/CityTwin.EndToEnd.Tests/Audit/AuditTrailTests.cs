using CityTwin.EndToEnd.Tests.Security;
using CityTwin.Protos.V1;
using CityTwin.TestSupport;
using Grpc.Core;
using Npgsql;
using Xunit;
using static CityTwin.EndToEnd.Tests.Security.SecurityCalls;

namespace CityTwin.EndToEnd.Tests.Audit;

/// <summary>A host with authentication on, keeping its records (the audit trail among them) in a throwaway PostgreSQL.</summary>
public sealed class AuditHostFixture : IAsyncLifetime
{
    public PostgresServer Postgres { get; private set; } = null!;
    public RunningHost Host { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Postgres = await PostgresServer.CreateAsync();
        Host = await RunningHost.StartAsync(postgres: Postgres.ConnectionString, configuration:
            [.. Identities.AuthConfiguration(), "--CityTwin:Limits:RequestsPerSecond=5000", "--CityTwin:Limits:RequestBurst=10000"]);
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await Postgres.DisposeAsync();
    }
}

/// <summary>
/// Every audited write RPC, called once through gRPC by an authenticated caller, leaves exactly one record naming that
/// caller, role, unit and key; a retry with the same key leaves no second one; the chain verifies client-side, and a
/// row changed or deleted behind the server's back (trigger disabled as the superuser) is named by `audit verify`.
/// </summary>
public class AuditTrailTests(AuditHostFixture fixture) : IClassFixture<AuditHostFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private RunningHost Host => fixture.Host;

    private sealed record Expected(string Action, Identity Who, string Subject, string Role, string Unit, string Key, Func<Task> Call);

    [Fact]
    public async Task Every_audited_rpc_leaves_exactly_one_record_with_the_caller_and_a_retry_leaves_no_second()
    {
        var drills = DrillCalls.Client(Host);
        var dangers = DangerCalls.Client(Host);
        var alarm = await ActiveAlarmAsync(Host, Ct);
        await DangerCalls.AdminReportAsync(Host, "hd-audit-t", Ct);
        await DangerCalls.VerifiedAsync(Host, "hd-audit-s", 1, Ct);
        await UpsertAsync(Host, Identities.CityAdmin.Headers, Ct, NewTeam(Identities.Banner, "team-audit-rm"));
        var drillToDelete = await DrillCalls.StartAsync(Host, Identities.CityAdmin.Headers, Ct);
        var city = Identities.BannerPath.Split('/')[0];
        var toAnswer = await WarningCalls.RaiseAsync(Host, "k-audit-raise-answer");
        var toVerify = await WarningCalls.AnsweredAsync(Host, "k-audit-raise-verify", Ct);

        Expected[] calls =
        [
            new("RegistryService/LoadBundle", Identities.CityAdmin, "test-city-admin", "city-admin", city, "k-audit-load",
                async () => Assert.Equal(LoadProgress.Types.Phase.Done, (await AuditCalls.LoadSampleAsync(Host, Identities.CityAdmin.Headers, "k-audit-load", Ct)).Phase)),
            new("RegistryService/UpsertUnits", Identities.Supervisor, "test-scope-supervisor", "scope-supervisor", "team-audit-up", "k-audit-up",
                () => new RegistryService.RegistryServiceClient(Host.Channel).UpsertUnitsAsync(new UpsertUnitsRequest { Features = { Feature(NewTeam(Identities.Banner, "team-audit-up")) }, IdempotencyKey = "k-audit-up" }, Identities.Supervisor.Headers, cancellationToken: Ct).ResponseAsync),
            new("RegistryService/RemoveUnits", Identities.Supervisor, "test-scope-supervisor", "scope-supervisor", "team-audit-rm", "k-audit-rm",
                () => new RegistryService.RegistryServiceClient(Host.Channel).RemoveUnitsAsync(new RemoveUnitsRequest { Codes = { "team-audit-rm" }, IdempotencyKey = "k-audit-rm" }, Identities.Supervisor.Headers, cancellationToken: Ct).ResponseAsync),
            new("AlarmService/AcknowledgeAlarms", Identities.EnterpriseRole, "test-enterprise", "enterprise", Identities.HazardSource, "k-audit-ack",
                () => new AlarmService.AlarmServiceClient(Host.Channel).AcknowledgeAlarmsAsync(new AcknowledgeAlarmsRequest { Ids = { alarm }, Note = "值班确认", IdempotencyKey = "k-audit-ack" }, Identities.EnterpriseRole.Headers, cancellationToken: Ct).ResponseAsync),
            new("InspectionService/ReportHiddenDanger", Identities.Inspector, "inspector.li", "inspector", Identities.Enterprise, "k-hd-audit-r",
                () => DangerCalls.ReportAsync(Host, Identities.Inspector.Headers, "inspector", "hd-audit-r", Ct)),
            new("InspectionService/TransitionHiddenDanger", Identities.DepartmentHead, "head.wang", "department-head", Identities.Enterprise, "k-hd-audit-t-step",
                () => dangers.TransitionHiddenDangerAsync(DangerCalls.StepFor("department-head", "hd-audit-t"), Identities.DepartmentHead.Headers, cancellationToken: Ct).ResponseAsync),
            new("InspectionService/SignHiddenDanger", Identities.Inspector, "inspector.li", "inspector", Identities.Enterprise, "k-hd-audit-s-sign-1",
                () => DangerCalls.SignAsync(Host, Identities.Inspector.Headers, "hd-audit-s", 1, Ct)),
            new("WarningService/AnswerWarning", Identities.SafetyManager, "safety.zhao", "enterprise-safety-manager", Identities.Enterprise, "k-audit-answer",
                () => WarningCalls.Client(Host).AnswerWarningAsync(WarningCalls.Answer(toAnswer, "k-audit-answer"), Identities.SafetyManager.Headers, cancellationToken: Ct).ResponseAsync),
            new("WarningService/VerifyWarning", Identities.DepartmentHead, "head.wang", "department-head", Identities.Enterprise, "k-audit-verify",
                () => WarningCalls.Client(Host).VerifyWarningAsync(WarningCalls.Verify(toVerify, "k-audit-verify"), Identities.DepartmentHead.Headers, cancellationToken: Ct).ResponseAsync),
            new("CommitmentService/SubmitCommitment", Identities.Principal, "principal.chen", "enterprise-principal", Identities.Enterprise, "k-audit-commit",
                () => WarningCalls.Commitments(Host).SubmitCommitmentAsync(WarningCalls.Commitment("k-audit-commit"), Identities.Principal.Headers, cancellationToken: Ct).ResponseAsync),
            new("DrillService/StartDrill", Identities.DrillPlanner, "test-drill-planner", "drill-planner", Identities.HazardSource, "k-audit-drill",
                () => drills.StartDrillAsync(new StartDrillRequest { ScenarioJson = DrillCalls.Scenario, IdempotencyKey = "k-audit-drill" }, Identities.DrillPlanner.Headers, cancellationToken: Ct).ResponseAsync),
            new("DrillService/DeleteDrill", Identities.DrillPlanner, "test-drill-planner", "drill-planner", Identities.HazardSource, "k-audit-drill-del",
                () => drills.DeleteDrillAsync(new DrillRef { DrillId = drillToDelete, IdempotencyKey = "k-audit-drill-del" }, Identities.DrillPlanner.Headers, cancellationToken: Ct).ResponseAsync),
        ];

        // The test calls every RPC of the table, no more, no less.
        Assert.Equal(Server.Audit.AuditedRpcs.Table.Keys.Select(Server.Audit.AuditedRpcs.ActionOf).Order(), calls.Select(c => c.Action).Order());

        foreach (var c in calls)
        {
            var before = (await AuditCalls.AllAsync(Host, Ct)).Count;
            await c.Call();
            var records = await AuditCalls.AllAsync(Host, Ct);
            Assert.Equal(before + 1, records.Count);
            var r = records[^1];
            Assert.Equal((c.Action, c.Subject, c.Role, c.Unit, c.Key, "ok"), (r.Action, r.Actor, r.Role, r.Unit, r.IdempotencyKey, r.Outcome));
            Assert.StartsWith("ipv", r.Source);
            Assert.EndsWith(r.Unit, r.UnitPath);
            Assert.True(r.UnitPath == r.Unit || r.UnitPath.StartsWith(city + "/", StringComparison.Ordinal), r.UnitPath);
        }

        // Retries with the same keys: some repeat harmlessly (OK), some are refused now (NOT_FOUND); none adds a record.
        var count = (await AuditCalls.AllAsync(Host, Ct)).Count;
        foreach (var c in calls) await StatusOf(c.Call);
        var after = await AuditCalls.AllAsync(Host, Ct);
        Assert.Equal(count, after.Count);
        foreach (var c in calls) Assert.Single(after, r => r.IdempotencyKey == c.Key && r.Actor == c.Subject);

        var chain = await AuditCalls.VerifyAsync(Host, Ct);
        Assert.Null(chain.Break);
        Assert.Equal(after.Count, chain.Verified);
    }

    [Fact]
    public async Task Queries_filter_by_scope_unit_actor_action_and_time_and_scoped_callers_see_only_their_units()
    {
        var start = DateTimeOffset.UtcNow.AddSeconds(-1);
        await new RegistryService.RegistryServiceClient(Host.Channel).UpsertUnitsAsync(new UpsertUnitsRequest { Features = { Feature(NewTeam(Identities.Banner, "team-audit-q")) }, IdempotencyKey = "k-audit-q" }, Identities.Supervisor.Headers, cancellationToken: Ct);
        await new RegistryService.RegistryServiceClient(Host.Channel).UpsertUnitsAsync(new UpsertUnitsRequest { Features = { Feature(NewTeam("150602", "team-audit-q2")) }, IdempotencyKey = "k-audit-q2" }, Identities.CityAdmin.Headers, cancellationToken: Ct);
        var client = AuditCalls.Client(Host);

        async Task<List<string>> Units(ListAuditRecordsRequest q, Identity who) =>
            [.. (await client.ListAuditRecordsAsync(q, who.Headers, cancellationToken: Ct)).Records.Select(r => r.Unit)];

        Assert.Equal(["team-audit-q"], await Units(new() { Unit = "team-audit-q" }, Identities.CityAdmin));
        Assert.Contains("team-audit-q", await Units(new() { Scope = Identities.Banner }, Identities.CityAdmin));
        Assert.DoesNotContain("team-audit-q2", await Units(new() { Scope = Identities.Banner }, Identities.CityAdmin));
        Assert.Contains("team-audit-q2", await Units(new() { Scope = "150602", From = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(start) }, Identities.CityAdmin));
        Assert.Empty(await Units(new() { Scope = "150602", To = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(start) }, Identities.CityAdmin));
        Assert.Equal(["team-audit-q"], await Units(new() { Actor = "test-scope-supervisor", Action = "RegistryService/UpsertUnits", Unit = "team-audit-q" }, Identities.CityAdmin));

        // An auditor scoped to banner 150622 sees its records, not the other district's, and cannot read the whole chain.
        var scopedAuditor = new Identity("auditor of 150622", Identities.Bearer(Identities.Token("auditor", Identities.BannerPath, "auditor.zhou")));
        var seen = await Units(new() { PageSize = 1000 }, scopedAuditor);
        Assert.Contains("team-audit-q", seen);
        Assert.DoesNotContain("team-audit-q2", seen);
        var refusal = await Refusal(() => ReadChainAsync(Host, scopedAuditor.Headers, Ct));
        Assert.Equal(StatusCode.PermissionDenied, refusal.StatusCode);
        Assert.Contains("city-wide", refusal.Status.Detail);

        // The CLI's table, as the auditor of the banner.
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await CityTwin.Cli.CliApp.RunAsync(["audit", "list", "--scope", Identities.Banner, "--action", "RegistryService/UpsertUnits", "--server", Host.Address,
            "--token", Identities.Token("auditor", Identities.BannerPath, "auditor.zhou")], output, error);
        Assert.True(code == 0, error.ToString());
        Assert.Contains("team-audit-q", output.ToString());
        Assert.Contains("test-scope-supervisor", output.ToString());
        Assert.DoesNotContain("team-audit-q2", output.ToString());

        // Paging by sequence returns every record once.
        var all = await AuditCalls.AllAsync(Host, Ct);
        var paged = new List<long>();
        var request = new ListAuditRecordsRequest { PageSize = 2 };
        while (true)
        {
            var page = await client.ListAuditRecordsAsync(request, Identities.CityAdmin.Headers, cancellationToken: Ct);
            paged.AddRange(page.Records.Select(r => r.Sequence));
            if (page.NextAfterSequence == 0) break;
            request.AfterSequence = page.NextAfterSequence;
        }
        Assert.Equal(all.Select(r => r.Sequence), paged);
    }

    [Fact]
    public async Task Audit_verify_names_a_record_changed_or_deleted_in_PostgreSQL()
    {
        for (var i = 0; i < 4; i++)
            await new RegistryService.RegistryServiceClient(Host.Channel).UpsertUnitsAsync(new UpsertUnitsRequest { Features = { Feature(NewTeam(Identities.Banner, $"team-audit-v{i}")) }, IdempotencyKey = $"k-audit-v{i}" }, Identities.CityAdmin.Headers, cancellationToken: Ct);
        var (code, output, error) = await VerifyByCliAsync();
        Assert.True(code == 0, error);
        Assert.Contains("audit chain verified", output);

        var records = await AuditCalls.AllAsync(Host, Ct);
        var victim = records.Single(r => r.IdempotencyKey == "k-audit-v1").Sequence;
        var gone = records.Single(r => r.IdempotencyKey == "k-audit-v2").Sequence;

        await using var sql = NpgsqlDataSource.Create(fixture.Postgres.ConnectionString);
        // The trigger refuses the change...
        var refused = await Assert.ThrowsAsync<PostgresException>(async () => await sql.CreateCommand($"UPDATE audit_record SET actor = 'someone.else' WHERE seq = {victim}").ExecuteNonQueryAsync(Ct));
        Assert.Contains("append-only", refused.MessageText);
        await Assert.ThrowsAsync<PostgresException>(async () => await sql.CreateCommand($"DELETE FROM audit_record WHERE seq = {gone}").ExecuteNonQueryAsync(Ct));
        // ...until the superuser disables it.
        try
        {
            await sql.CreateCommand("ALTER TABLE audit_record DISABLE TRIGGER audit_record_no_change").ExecuteNonQueryAsync(Ct);
            await sql.CreateCommand($"UPDATE audit_record SET actor = 'someone.else' WHERE seq = {victim}").ExecuteNonQueryAsync(Ct);
            (code, _, error) = await VerifyByCliAsync();
            Assert.Equal(1, code);
            Assert.Contains($"BROKEN at record {victim}:", error);
            Assert.Contains("altered", error);

            await sql.CreateCommand($"UPDATE audit_record SET actor = 'test-city-admin' WHERE seq = {victim}").ExecuteNonQueryAsync(Ct);
            (code, _, error) = await VerifyByCliAsync();
            Assert.True(code == 0, error);

            await sql.CreateCommand($"DELETE FROM audit_record WHERE seq = {gone}").ExecuteNonQueryAsync(Ct);
            (code, _, error) = await VerifyByCliAsync();
            Assert.Equal(1, code);
            Assert.Contains($"BROKEN at record {gone}: record {gone} is missing", error);
        }
        finally
        {
            // Put the row back for the other tests of this host, then the trigger.
            if ((await AuditCalls.AllAsync(Host, Ct)).All(r => r.Sequence != gone))
            {
                var r = records.Single(x => x.Sequence == gone);
                await using var restore = sql.CreateCommand("""
                    INSERT INTO audit_record (seq, at, actor, role, source, action, unit_code, unit_path, idempotency_key, summary, outcome, previous_hash, hash)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
                    """);
                foreach (var v in new object[] { r.Sequence, DateTimeOffset.FromUnixTimeMilliseconds(r.AtUnixMs).UtcDateTime, r.Actor, r.Role, r.Source, r.Action, r.Unit, r.UnitPath, r.IdempotencyKey, r.Summary, r.Outcome, r.PreviousHash, r.Hash })
                    restore.Parameters.Add(new NpgsqlParameter { Value = v });
                await restore.ExecuteNonQueryAsync(Ct);
            }
            await sql.CreateCommand("ALTER TABLE audit_record ENABLE TRIGGER audit_record_no_change").ExecuteNonQueryAsync(Ct);
        }
        (code, _, error) = await VerifyByCliAsync();
        Assert.True(code == 0, error);
    }

    /// <summary>`citytwin audit verify` run in-process against the host, as the administrator.</summary>
    private async Task<(int Code, string Output, string Error)> VerifyByCliAsync()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var token = Identities.Token("city-admin");
        var code = await CityTwin.Cli.CliApp.RunAsync(["audit", "verify", "--server", Host.Address, "--token", token], output, error);
        return (code, output.ToString(), error.ToString());
    }
}
