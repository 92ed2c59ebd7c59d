using CityTwin.Host;
using CityTwin.Protos.V1;
using Grpc.Core;
using Grpc.Reflection.V1Alpha;
using Microsoft.Extensions.Options;
using Xunit;
using static CityTwin.EndToEnd.Tests.Security.SecurityCalls;

namespace CityTwin.EndToEnd.Tests.Security;

/// <summary>The loopback rule: only loopback runs without authentication; with it, any address serves and refuses strangers.</summary>
public class NonLoopbackBindTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void A_non_loopback_bind_without_authentication_refuses_to_start_saying_how_to_configure_it()
    {
        var e = Assert.Throws<OptionsValidationException>(() => CityTwinHost.Build(["--CityTwin:Bind=0.0.0.0", "--CityTwin:SampleCity="]));

        Assert.Contains("refusing to bind 0.0.0.0 without authentication", e.Message);
        Assert.Contains("CityTwin:Auth:Jwt:SigningKey", e.Message);
        Assert.Contains("CityTwin:Auth:ApiKeys", e.Message);
    }

    [Fact]
    public void Unusable_authentication_settings_refuse_to_start()
    {
        var e = Assert.Throws<OptionsValidationException>(() => CityTwinHost.Build(
            ["--CityTwin:Auth:Jwt:SigningKey=short", "--CityTwin:Auth:ApiKeys:0:Subject=x", "--CityTwin:Auth:ApiKeys:0:Role=boss", "--CityTwin:SampleCity="]));

        Assert.Contains("SigningKey must be at least 32 bytes", e.Message);
        Assert.Contains("ApiKeys:0:Role 'boss'", e.Message);
    }

    [Fact]
    public async Task With_authentication_a_non_loopback_bind_serves_health_and_refuses_every_anonymous_rpc()
    {
        await using var host = await RunningHost.StartAsync(sampleCity: "", configuration: [.. Identities.AuthConfiguration(), "--CityTwin:Bind=0.0.0.0"]);
        var registry = new RegistryService.RegistryServiceClient(host.Channel);
        var query = new QueryService.QueryServiceClient(host.Channel);
        var alarms = new AlarmService.AlarmServiceClient(host.Channel);

        var statuses = new Dictionary<string, StatusCode>
        {
            ["LoadBundle"] = await StatusOf(() => LoadSampleDryRunAsync(host, null, Ct)),
            ["UpsertUnits"] = await StatusOf(() => UpsertAsync(host, null, Ct, NewTeam("150622", "team-anonymous"))),
            ["RemoveUnits"] = await StatusOf(() => RemoveAsync(host, null, Ct, "150622")),
            ["GetUnit"] = await StatusOf(() => query.GetUnitAsync(new GetUnitRequest { Code = "150600" }, cancellationToken: Ct).ResponseAsync),
            ["ListChildren"] = await StatusOf(() => query.ListChildrenAsync(new ListChildrenRequest { Code = "150600" }, cancellationToken: Ct).ResponseAsync),
            ["FindUnits"] = await StatusOf(() => query.FindUnitsAsync(new FindUnitsRequest(), cancellationToken: Ct).ResponseAsync),
            ["GetLevel"] = await StatusOf(() => query.GetLevelAsync(new GetLevelRequest { Code = "150600" }, cancellationToken: Ct).ResponseAsync),
            ["TopUnits"] = await StatusOf(() => query.TopUnitsAsync(new TopUnitsRequest { Kind = UnitKind.Enterprise }, cancellationToken: Ct).ResponseAsync),
            ["Watch"] = await StatusOf(() => WatchSnapshotAsync(host, null, Ct)),
            ["CheckInvariant"] = await StatusOf(() => query.CheckInvariantAsync(new CheckInvariantRequest { Scope = "150600" }, cancellationToken: Ct).ResponseAsync),
            ["StreamReadings"] = await StatusOf(() => SendReadingAsync(host, null, Ct)),
            ["GetSensorWindow"] = await StatusOf(() => query.GetSensorWindowAsync(new GetSensorWindowRequest { Sensor = "hs-150622-0001-1.GT-01" }, cancellationToken: Ct).ResponseAsync),
            ["GetLevelHistory"] = await StatusOf(() => query.GetLevelHistoryAsync(new GetLevelHistoryRequest { Code = "150600" }, cancellationToken: Ct).ResponseAsync),
            ["ListAlarms"] = await StatusOf(() => alarms.ListAlarmsAsync(new ListAlarmsRequest(), cancellationToken: Ct).ResponseAsync),
            ["AcknowledgeAlarms"] = await StatusOf(() => alarms.AcknowledgeAlarmsAsync(new AcknowledgeAlarmsRequest { Ids = { "hs-150622-0001-1/hs-150622-0001-1.GT-01/1" } }, cancellationToken: Ct).ResponseAsync),
            ["GetReadings"] = await StatusOf(() => new HistoryService.HistoryServiceClient(host.Channel).GetReadingsAsync(new GetReadingsRequest { Sensor = "hs-150622-0001-1.GT-01" }, cancellationToken: Ct).ResponseAsync),
            ["GetSeries"] = await StatusOf(() => new HistoryService.HistoryServiceClient(host.Channel).GetSeriesAsync(new GetSeriesRequest { Sensor = "hs-150622-0001-1.GT-01" }, cancellationToken: Ct).ResponseAsync),
            ["GetAlarmStats"] = await StatusOf(() => alarms.GetAlarmStatsAsync(new AlarmStatsRequest(), cancellationToken: Ct).ResponseAsync),
            ["ValidateScenario"] = await StatusOf(() => DrillCalls.Client(host).ValidateScenarioAsync(new ValidateScenarioRequest { ScenarioJson = DrillCalls.Scenario }, cancellationToken: Ct).ResponseAsync),
            ["StartDrill"] = await StatusOf(() => DrillCalls.StartAsync(host, null, Ct)),
            ["StepDrill"] = await StatusOf(() => DrillCalls.Client(host).StepDrillAsync(new StepDrillRequest { DrillId = "drill-0123456789ab" }, cancellationToken: Ct).ResponseAsync),
            ["GetDrill"] = await StatusOf(() => DrillCalls.Client(host).GetDrillAsync(new DrillRef { DrillId = "drill-0123456789ab" }, cancellationToken: Ct).ResponseAsync),
            ["ListDrills"] = await StatusOf(() => DrillCalls.Client(host).ListDrillsAsync(new ListDrillsRequest(), cancellationToken: Ct).ResponseAsync),
            ["GetDrillReport"] = await StatusOf(() => DrillCalls.Client(host).GetDrillReportAsync(new DrillRef { DrillId = "drill-0123456789ab" }, cancellationToken: Ct).ResponseAsync),
            ["WatchDrill"] = await StatusOf(() => DrillCalls.WatchFirstAsync(host, null, "drill-0123456789ab", Ct)),
            ["DeleteDrill"] = await StatusOf(() => DrillCalls.Client(host).DeleteDrillAsync(new DrillRef { DrillId = "drill-0123456789ab" }, cancellationToken: Ct).ResponseAsync),
            ["ReportHiddenDanger"] = await StatusOf(() => DangerCalls.ReportAsync(host, null, "enterprise", "hd-anonymous", Ct)),
            ["TransitionHiddenDanger"] = await StatusOf(() => DangerCalls.Client(host).TransitionHiddenDangerAsync(DangerCalls.StepFor("enterprise", "hd-anonymous"), cancellationToken: Ct).ResponseAsync),
            ["SignHiddenDanger"] = await StatusOf(() => DangerCalls.SignAsync(host, null, "hd-anonymous", 1, Ct)),
            ["GetHiddenDanger"] = await StatusOf(() => DangerCalls.Client(host).GetHiddenDangerAsync(new GetHiddenDangerRequest { EnterpriseCode = Identities.Enterprise, Id = "hd-anonymous" }, cancellationToken: Ct).ResponseAsync),
            ["ListHiddenDangers"] = await StatusOf(() => DangerCalls.Client(host).ListHiddenDangersAsync(new ListHiddenDangersRequest(), cancellationToken: Ct).ResponseAsync),
            ["GetHiddenDangerStats"] = await StatusOf(() => DangerCalls.Client(host).GetHiddenDangerStatsAsync(new HiddenDangerStatsRequest(), cancellationToken: Ct).ResponseAsync),
            ["PlanInspections"] = await StatusOf(() => DangerCalls.Client(host).PlanInspectionsAsync(new PlanInspectionsRequest { From = "2026-07-01", To = "2026-09-30" }, cancellationToken: Ct).ResponseAsync),
            ["ListAuditRecords"] = await StatusOf(() => new AuditService.AuditServiceClient(host.Channel).ListAuditRecordsAsync(new ListAuditRecordsRequest(), cancellationToken: Ct).ResponseAsync),
            ["ReadAuditChain"] = await StatusOf(() => ReadChainAsync(host, null, Ct)),
            ["ListWarnings"] = await StatusOf(() => WarningCalls.Client(host).ListWarningsAsync(new ListWarningsRequest(), cancellationToken: Ct).ResponseAsync),
            ["GetWarning"] = await StatusOf(() => WarningCalls.Client(host).GetWarningAsync(new GetWarningRequest { EnterpriseCode = Identities.Enterprise, Id = "w-1" }, cancellationToken: Ct).ResponseAsync),
            ["GetWarningStats"] = await StatusOf(() => WarningCalls.Client(host).GetWarningStatsAsync(new GetWarningStatsRequest(), cancellationToken: Ct).ResponseAsync),
            ["AnswerWarning"] = await StatusOf(() => WarningCalls.Client(host).AnswerWarningAsync(WarningCalls.Answer("w-1", "k-anonymous-answer"), cancellationToken: Ct).ResponseAsync),
            ["VerifyWarning"] = await StatusOf(() => WarningCalls.Client(host).VerifyWarningAsync(WarningCalls.Verify("w-1", "k-anonymous-verify"), cancellationToken: Ct).ResponseAsync),
            ["SubmitCommitment"] = await StatusOf(() => WarningCalls.Commitments(host).SubmitCommitmentAsync(WarningCalls.Commitment("k-anonymous-commit"), cancellationToken: Ct).ResponseAsync),
            ["GetCommitment"] = await StatusOf(() => WarningCalls.Commitments(host).GetCommitmentAsync(new GetCommitmentRequest { EnterpriseCode = Identities.Enterprise }, cancellationToken: Ct).ResponseAsync),
            ["ListCommitments"] = await StatusOf(() => WarningCalls.Commitments(host).ListCommitmentsAsync(new ListCommitmentsRequest(), cancellationToken: Ct).ResponseAsync),
        };
        Assert.Equal(AuthorizationMatrixTests.Rpcs.Count, statuses.Count);
        Assert.All(statuses, s => Assert.Equal(StatusCode.Unauthenticated, s.Value));

        var health = await new Grpc.Health.V1.Health.HealthClient(host.Channel).CheckAsync(new Grpc.Health.V1.HealthCheckRequest(), cancellationToken: Ct);
        Assert.Equal(Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus.Serving, health.Status);

        Assert.Equal(StatusCode.Unauthenticated, await StatusOf(() => ListServicesAsync(host, null)));
        Assert.Equal(StatusCode.OK, await StatusOf(() => ListServicesAsync(host, Identities.Platform.Headers)));
        Assert.Equal(StatusCode.OK, await StatusOf(() => query.FindUnitsAsync(new FindUnitsRequest(), Identities.Platform.Headers, cancellationToken: Ct).ResponseAsync));
    }

    private static async Task ListServicesAsync(RunningHost host, Metadata? headers)
    {
        using var call = new ServerReflection.ServerReflectionClient(host.Channel).ServerReflectionInfo(headers, cancellationToken: Ct);
        try
        {
            await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" }, Ct);
            await call.RequestStream.CompleteAsync();
        }
        catch (RpcException)
        {
            // The server may refuse before the request is written; its answer is the call's status, read below.
        }
        await foreach (var _ in call.ResponseStream.ReadAllAsync(Ct)) { }
    }
}
