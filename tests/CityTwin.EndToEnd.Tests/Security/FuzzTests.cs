using CityTwin.Protos.V1;
using Google.Protobuf;
using Grpc.Core;
using Xunit;
using static CityTwin.EndToEnd.Tests.Security.SecurityCalls;

namespace CityTwin.EndToEnd.Tests.Security;

/// <summary>
/// A seeded fuzz run against the real server, half unauthenticated and half with a city administrator's token so
/// the payloads reach the handlers: every citytwin.v1 RPC gets random and mutated messages (≥ 10,000 inputs;
/// CITYTWIN_FUZZ_INPUTS for more, CITYTWIN_FUZZ_SEED for another seed). Every call must end with a clean status
/// (never UNKNOWN or INTERNAL), health must stay SERVING, and refused calls must change nothing: after each batch
/// of calls the registry (every unit's version) is compared with before, unless a write in the batch succeeded.
/// </summary>
public class FuzzTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly Marshaller<byte[]> Raw = Marshallers.Create(b => b, b => b);
    private static readonly string[] Rpcs = ["GetUnit", "ListChildren", "FindUnits", "GetLevel", "TopUnits", "CheckInvariant", "Watch", "UpsertUnits", "RemoveUnits", "LoadBundle", "StreamReadings",
        "GetSensorWindow", "GetLevelHistory", "ListAlarms", "AcknowledgeAlarms", "GetAlarmStats", "GetReadings", "GetSeries",
        "ValidateScenario", "StartDrill", "StepDrill", "GetDrill", "ListDrills", "GetDrillReport", "WatchDrill", "DeleteDrill",
        "ReportHiddenDanger", "TransitionHiddenDanger", "SignHiddenDanger", "GetHiddenDanger", "ListHiddenDangers", "GetHiddenDangerStats", "PlanInspections",
        "ListAuditRecords", "ReadAuditChain",
        "ListWarnings", "GetWarning", "GetWarningStats", "AnswerWarning", "VerifyWarning", "SubmitCommitment", "GetCommitment", "ListCommitments"];
    private static readonly HashSet<string> Writes = ["UpsertUnits", "RemoveUnits", "LoadBundle", "ReportHiddenDanger", "TransitionHiddenDanger", "SignHiddenDanger",
        "AnswerWarning", "VerifyWarning", "SubmitCommitment"];
    private const int BatchSize = 64;
    private const int Parallelism = 8;

    private static int Inputs => int.TryParse(Environment.GetEnvironmentVariable("CITYTWIN_FUZZ_INPUTS"), out var n) && n > 0 ? n : 10_000;
    private static int Seed => int.TryParse(Environment.GetEnvironmentVariable("CITYTWIN_FUZZ_SEED"), out var s) ? s : 20_260_519;

    private sealed record Input(int Index, string Rpc, bool Authenticated, byte[] Payload);

    [Fact]
    public async Task Hostile_messages_get_clean_statuses_never_hurt_the_server_and_refusals_change_nothing()
    {
        await using var host = await RunningHost.StartAsync(configuration:
            [.. Identities.AuthConfiguration(), "--CityTwin:Limits:RequestsPerSecond=1000000", "--CityTwin:Limits:RequestBurst=1000000"]);
        var admin = Identities.CityAdmin.Headers!;
        var random = new Random(Seed);
        var inputs = new FuzzInputs(random);
        var features = Identities.Sample.Where(u => u.Path.StartsWith(Identities.BannerPath, StringComparison.Ordinal)).Take(40).Select(Feature).ToList();
        var seeds = Seeds(features);

        var statuses = new Dictionary<StatusCode, int>();
        var bad = new List<string>();
        var verifiedRefusals = 0;
        // The record the hidden-danger seeds name; re-reporting it with the same key is a replay.
        await DangerCalls.Client(host).ReportHiddenDangerAsync(DangerCalls.General("hd-fuzz-1", FindingSource.PublicReport, "k-fuzz-1"), admin, cancellationToken: Ct);
        // The warning the warning seeds name.
        await WarningCalls.RaiseAsync(host, "k-fuzz-warning");
        var before = await VersionsAsync(host, admin, Ct);
        var dangersBefore = await DangerFingerprintAsync(host, admin);

        for (var start = 0; start < Inputs; start += BatchSize)
        {
            var batch = Enumerable.Range(start, Math.Min(BatchSize, Inputs - start)).Select(i =>
            {
                var rpc = Rpcs[random.Next(Rpcs.Length)];
                var payload = random.Next(5) < 2
                    ? inputs.Structured(rpc, features).ToByteArray()
                    : inputs.Mutate(random.Next(3) == 0 ? inputs.Structured(rpc, features).ToByteArray() : seeds[rpc][random.Next(seeds[rpc].Count)], seeds[Rpcs[random.Next(Rpcs.Length)]][0]);
                return new Input(i, rpc, i % 2 == 1, payload);
            }).ToList();

            var results = new (Input Input, StatusCode Status, string Detail)[batch.Count];
            await Parallel.ForEachAsync(Enumerable.Range(0, batch.Count), new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = Ct }, async (j, ct) =>
            {
                var input = batch[j];
                var (status, detail) = await CallAsync(host, input, input.Authenticated ? admin : null, ct);
                results[j] = (input, status, detail);
            });

            foreach (var (input, status, detail) in results)
            {
                statuses[status] = statuses.GetValueOrDefault(status) + 1;
                // Besides UNAUTHENTICATED, a stranger may see RESOURCE_EXHAUSTED: Kestrel's HTTP/2 flood guard (ENHANCE_YOUR_CALM)
                // when a connection has many refused streams still sending; bounded below.
                if (status is StatusCode.Unknown or StatusCode.Internal or StatusCode.Unavailable or StatusCode.DataLoss
                    || (!input.Authenticated && status is not (StatusCode.Unauthenticated or StatusCode.ResourceExhausted)))
                    bad.Add($"#{input.Index} {input.Rpc} {(input.Authenticated ? "admin" : "anonymous")}: {status} {detail} payload {Convert.ToHexString(input.Payload.Take(64).ToArray())}");
            }

            var after = await VersionsAsync(host, admin, Ct);
            var dangersAfter = await DangerFingerprintAsync(host, admin);
            var wroteSomething = results.Any(r => r.Status == StatusCode.OK && Writes.Contains(r.Input.Rpc));
            if (!wroteSomething)
            {
                Assert.True(before.Count == after.Count && before.All(kv => after.TryGetValue(kv.Key, out var v) && v == kv.Value),
                    $"batch from #{start}: refused calls changed the registry");
                Assert.Equal(dangersBefore, dangersAfter);
                verifiedRefusals += results.Count(r => r.Status != StatusCode.OK);
            }
            before = after;
            dangersBefore = dangersAfter;
        }

        var health = await new Grpc.Health.V1.Health.HealthClient(host.Channel).CheckAsync(new Grpc.Health.V1.HealthCheckRequest(), cancellationToken: Ct);
        var summary = string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key} {s.Value}"));
        TestContext.Current.TestOutputHelper?.WriteLine($"fuzz seed {Seed}, {Inputs} inputs: {summary}; {verifiedRefusals} refusals verified unchanged");
        Assert.True(bad.Count == 0, $"{bad.Count} unclean statuses ({summary}):\n{string.Join("\n", bad.Take(20))}");
        Assert.Equal(Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
        Assert.Equal(Inputs, statuses.Values.Sum());
        Assert.True(statuses.GetValueOrDefault(StatusCode.ResourceExhausted) <= Inputs / 50, summary);
        Assert.True(statuses.GetValueOrDefault(StatusCode.Unauthenticated) >= Inputs / 2 - Inputs / 50, summary);
        Assert.True(verifiedRefusals > Inputs / 2, $"only {verifiedRefusals} refusals were verified to change nothing");
        // The payloads reached the handlers, not just the authentication: the administrator's half got handler answers.
        Assert.True(statuses.GetValueOrDefault(StatusCode.InvalidArgument) > Inputs / 20, summary);
    }

    /// <summary>Every hidden-danger record of the city with the length of its history: any accepted write changes it.</summary>
    private static async Task<string> DangerFingerprintAsync(RunningHost host, Metadata admin)
    {
        var list = await DangerCalls.Client(host).ListHiddenDangersAsync(new ListHiddenDangersRequest { PageSize = 10_000 }, admin, cancellationToken: Ct);
        return string.Join(";", list.Records.Select(r => $"{r.EnterpriseCode}/{r.Id}:{r.History.Count}"));
    }

    /// <summary>Valid messages per RPC, the starting points of the byte mutations. Their writes change nothing.</summary>
    private static Dictionary<string, List<byte[]>> Seeds(IReadOnlyList<string> features) => new()
    {
        ["GetUnit"] = [new GetUnitRequest { Code = "150622" }.ToByteArray(), new GetUnitRequest { Code = Identities.Enterprise }.ToByteArray()],
        ["ListChildren"] = [new ListChildrenRequest { Code = "150622", PageSize = 10 }.ToByteArray(), new ListChildrenRequest { Code = "150600", PageToken = "150602" }.ToByteArray()],
        ["FindUnits"] =
        [
            new FindUnitsRequest { Kinds = { UnitKind.Enterprise }, Sector = "hazchem", PathPrefix = Identities.BannerPath, PageSize = 20 }.ToByteArray(),
            new FindUnitsRequest { Bbox = new BoundingBox { MinLongitude = 109.7, MinLatitude = 39.55, MaxLongitude = 109.95, MaxLatitude = 39.68 } }.ToByteArray(),
            new FindUnitsRequest { PolygonGeojson = """{"type":"Polygon","coordinates":[[[109,39],[111,39],[111,41],[109,41],[109,39]]]}""", Department = "emergency" }.ToByteArray(),
        ],
        // Unchanged sample units: upserting them again changes nothing.
        ["UpsertUnits"] = [.. features.Take(10).Select(f => new UpsertUnitsRequest { Features = { f } }.ToByteArray())],
        ["GetLevel"] = [new GetLevelRequest { Code = Identities.Enterprise }.ToByteArray(), new GetLevelRequest { Code = "sector.hazchem.150622" }.ToByteArray()],
        ["TopUnits"] = [new TopUnitsRequest { Kind = UnitKind.Enterprise, PathPrefix = Identities.BannerPath, MinLevel = RiskLevel.Yellow, Limit = 5 }.ToByteArray()],
        ["Watch"] = [new WatchRequest { PathPrefix = Identities.PathOf(Identities.Enterprise), MinLevel = RiskLevel.Blue }.ToByteArray()],
        ["CheckInvariant"] = [new CheckInvariantRequest { Scope = Identities.Enterprise }.ToByteArray(), new CheckInvariantRequest { Scope = Identities.HazardSource }.ToByteArray()],
        ["StreamReadings"] = [FuzzInputs.Batch(1, $"{Identities.HazardSource}.GT-01", 1.5, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 60_000, 1).ToByteArray()],
        ["RemoveUnits"] = [new RemoveUnitsRequest { Codes = { "fuzz-unknown-1", "fuzz-unknown-2" } }.ToByteArray()],
        ["GetSensorWindow"] = [new GetSensorWindowRequest { Sensor = $"{Identities.HazardSource}.GT-01" }.ToByteArray()],
        ["GetLevelHistory"] = [new GetLevelHistoryRequest { Code = Identities.Enterprise, Limit = 10 }.ToByteArray(), new GetLevelHistoryRequest { Code = "sector.hazchem" }.ToByteArray()],
        ["ListAlarms"] = [new ListAlarmsRequest { PathPrefix = Identities.BannerPath, Limit = 5 }.ToByteArray()],
        // Ids of no record: refused with NOT_FOUND, nothing acknowledged.
        ["AcknowledgeAlarms"] = [new AcknowledgeAlarmsRequest { Ids = { $"{Identities.HazardSource}/{Identities.HazardSource}.GT-01/1" }, Note = "fuzz" }.ToByteArray()],
        ["GetReadings"] = [new GetReadingsRequest { Sensor = $"{Identities.HazardSource}.GT-01", Limit = 100 }.ToByteArray()],
        ["GetSeries"] = [new GetSeriesRequest { Sensor = $"{Identities.HazardSource}.GT-01", BucketSeconds = 300 }.ToByteArray()],
        ["GetAlarmStats"] = [new AlarmStatsRequest { PathPrefix = Identities.BannerPath, FromDay = "2026-01-01", ToDay = "2026-01-31" }.ToByteArray()],
        ["ValidateScenario"] = [new ValidateScenarioRequest { ScenarioJson = DrillCalls.Scenario }.ToByteArray()],
        // A valid scenario whose mutations are rarely valid; one that still is starts a short drill, which writes only its own world.
        ["StartDrill"] = [new StartDrillRequest { ScenarioJson = DrillCalls.Scenario }.ToByteArray()],
        ["StepDrill"] = [new StepDrillRequest { DrillId = "drill-0123456789ab", Steps = 1 }.ToByteArray()],
        ["GetDrill"] = [new DrillRef { DrillId = "drill-0123456789ab" }.ToByteArray()],
        ["ListDrills"] = [new ListDrillsRequest { State = "completed", PageSize = 5 }.ToByteArray(), new ListDrillsRequest { PageToken = "638000000000000000.drill-0123456789ab" }.ToByteArray()],
        ["GetDrillReport"] = [new DrillRef { DrillId = "drill-0123456789ab" }.ToByteArray()],
        ["WatchDrill"] = [new WatchDrillRequest { DrillId = "drill-0123456789ab" }.ToByteArray()],
        ["DeleteDrill"] = [new DrillRef { DrillId = "drill-0123456789ab" }.ToByteArray()],
        // Hidden dangers: a replayed report; steps and sign-offs on the existing record (most are refused by its state).
        ["ReportHiddenDanger"] = [DangerCalls.General("hd-fuzz-1", FindingSource.PublicReport, "k-fuzz-1").ToByteArray()],
        ["TransitionHiddenDanger"] =
        [
            new TransitionHiddenDangerRequest { IdempotencyKey = "k-fuzz-t", EnterpriseCode = Identities.Enterprise, Id = "hd-fuzz-1", Verify = new VerifyStep { Passed = true } }.ToByteArray(),
            new TransitionHiddenDangerRequest { IdempotencyKey = "k-fuzz-t2", EnterpriseCode = Identities.Enterprise, Id = "hd-fuzz-1",
                Grade = new GradeStep { Level = HiddenDangerLevel.Major, ResponsiblePerson = "x", CriterionCode = "HC2017-05", Deadline = "2026-12-31",
                    Plan = new RectificationPlan { Objective = "o", Measures = "m", ResponsibleOrganisation = "r", ResponsiblePerson = "p", Deadline = "2026-12-01", Funds = 1 } } }.ToByteArray(),
        ],
        ["SignHiddenDanger"] = [new SignHiddenDangerRequest { IdempotencyKey = "k-fuzz-s", EnterpriseCode = Identities.Enterprise, Id = "hd-fuzz-1", Level = 1 }.ToByteArray()],
        ["GetHiddenDanger"] = [new GetHiddenDangerRequest { EnterpriseCode = Identities.Enterprise, Id = "hd-fuzz-1" }.ToByteArray()],
        ["ListHiddenDangers"] = [new ListHiddenDangersRequest { PathPrefix = Identities.BannerPath, States = { HiddenDangerState.Found }, Level = HiddenDangerLevel.General, OverdueOnly = true, PageSize = 5 }.ToByteArray()],
        ["GetHiddenDangerStats"] = [new HiddenDangerStatsRequest { PathPrefix = Identities.BannerPath, By = StatsGrouping.Department }.ToByteArray()],
        ["PlanInspections"] = [new PlanInspectionsRequest { PathPrefix = Identities.BannerPath, From = "2026-07-01", To = "2026-09-30", Seed = 7 }.ToByteArray()],
        ["ListAuditRecords"] = [new ListAuditRecordsRequest { Scope = Identities.Banner, Actor = "test-city-admin", Action = "RegistryService/UpsertUnits", PageSize = 5,
            From = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(DateTimeOffset.UnixEpoch) }.ToByteArray()],
        ["ReadAuditChain"] = [new ReadAuditChainRequest { FromSequence = 2 }.ToByteArray()],
        // Warnings: steps on the warning the platform raised (the administrator may not answer it; verifying needs an answer).
        ["ListWarnings"] = [new ListWarningsRequest { PathPrefix = Identities.BannerPath, States = { WarningState.Raised }, Level = RiskLevel.Yellow, PageSize = 5 }.ToByteArray()],
        ["GetWarning"] = [new GetWarningRequest { EnterpriseCode = Identities.Enterprise, Id = "w-1" }.ToByteArray()],
        ["GetWarningStats"] = [new GetWarningStatsRequest { PathPrefix = Identities.BannerPath }.ToByteArray()],
        ["AnswerWarning"] = [WarningCalls.Answer("w-1", "k-fuzz-answer").ToByteArray()],
        ["VerifyWarning"] = [WarningCalls.Verify("w-1", "k-fuzz-verify").ToByteArray()],
        // Commitments: the administrator may not commit (only the enterprise's principal or safety manager).
        ["SubmitCommitment"] =
        [
            new SubmitCommitmentRequest { IdempotencyKey = "k-fuzz-c", EnterpriseCode = Identities.Enterprise, Day = "2026-12-31", MajorHazardsUnderControl = true,
                Units = { new UnitOperatingState { UnitCode = Identities.HazardSource, State = OperatingState.Overhaul } },
                Operations = { new PlannedOperation { Kind = SpecialOperationKind.HotWorkSpecial, HazardSourceCode = Identities.HazardSource, Count = 1, PermitId = "DH-1" } } }.ToByteArray(),
        ],
        ["GetCommitment"] = [new GetCommitmentRequest { EnterpriseCode = Identities.Enterprise, Day = "2026-12-31" }.ToByteArray()],
        ["ListCommitments"] = [new ListCommitmentsRequest { PathPrefix = Identities.BannerPath, Day = "2026-12-31", PageSize = 5 }.ToByteArray()],
        ["LoadBundle"] = [new BundleChunk { File = "units.geojson", Data = ByteString.CopyFromUtf8("""{"type":"FeatureCollection","features":[""" + features[0] + "]}"), DryRun = true }.ToByteArray()],
    };

    private static async Task<(StatusCode, string)> CallAsync(RunningHost host, Input input, Metadata? headers, CancellationToken ct)
    {
        var invoker = host.Channel.CreateCallInvoker();
        var service = input.Rpc switch
        {
            "UpsertUnits" or "RemoveUnits" or "LoadBundle" => "citytwin.v1.RegistryService",
            "StreamReadings" => "citytwin.v1.IngestService",
            "ListAlarms" or "AcknowledgeAlarms" or "GetAlarmStats" => "citytwin.v1.AlarmService",
            "GetReadings" or "GetSeries" => "citytwin.v1.HistoryService",
            "ValidateScenario" or "StartDrill" or "StepDrill" or "GetDrill" or "ListDrills" or "GetDrillReport" or "WatchDrill" or "DeleteDrill" => "citytwin.v1.DrillService",
            "ReportHiddenDanger" or "TransitionHiddenDanger" or "SignHiddenDanger" or "GetHiddenDanger" or "ListHiddenDangers"
                or "GetHiddenDangerStats" or "PlanInspections" => "citytwin.v1.InspectionService",
            "ListAuditRecords" or "ReadAuditChain" => "citytwin.v1.AuditService",
            "ListWarnings" or "GetWarning" or "GetWarningStats" or "AnswerWarning" or "VerifyWarning" => "citytwin.v1.WarningService",
            "SubmitCommitment" or "GetCommitment" or "ListCommitments" => "citytwin.v1.CommitmentService",
            _ => "citytwin.v1.QueryService",
        };
        var options = new CallOptions(headers, deadline: DateTime.UtcNow.AddSeconds(30), cancellationToken: ct);
        try
        {
            if (input.Rpc == "Watch")
            {
                // A watch never ends by itself: read until the snapshot is complete, then hang up.
                using var watch = invoker.AsyncServerStreamingCall(new Method<byte[], byte[]>(MethodType.ServerStreaming, "citytwin.v1.WatchService", "Watch", Raw, Raw), null, options, input.Payload);
                while (await watch.ResponseStream.MoveNext(ct))
                {
                    if (WatchEvent.Parser.ParseFrom(watch.ResponseStream.Current).Type == WatchEvent.Types.Type.SnapshotEnd) break;
                }
                return (StatusCode.OK, "");
            }
            if (input.Rpc == "WatchDrill")
            {
                // A drill's watch ends with the drill: read one event at most, then hang up.
                using var watchDrill = invoker.AsyncServerStreamingCall(new Method<byte[], byte[]>(MethodType.ServerStreaming, "citytwin.v1.DrillService", "WatchDrill", Raw, Raw), null, options, input.Payload);
                await watchDrill.ResponseStream.MoveNext(ct);
                return (StatusCode.OK, "");
            }
            if (input.Rpc == "ReadAuditChain")
            {
                // The chain ends: read it all.
                using var chain = invoker.AsyncServerStreamingCall(new Method<byte[], byte[]>(MethodType.ServerStreaming, service, input.Rpc, Raw, Raw), null, options, input.Payload);
                while (await chain.ResponseStream.MoveNext(ct)) { }
                return (StatusCode.OK, "");
            }
            if (input.Rpc is not ("LoadBundle" or "StreamReadings"))
            {
                await invoker.AsyncUnaryCall(new Method<byte[], byte[]>(MethodType.Unary, service, input.Rpc, Raw, Raw), null, options, input.Payload);
                return (StatusCode.OK, "");
            }
            using var call = invoker.AsyncDuplexStreamingCall(new Method<byte[], byte[]>(MethodType.DuplexStreaming, service, input.Rpc, Raw, Raw), null, options);
            try
            {
                // Keep every load a dry run: a later dry_run field wins over one a mutation produced.
                await call.RequestStream.WriteAsync(input.Rpc == "LoadBundle" ? [.. input.Payload, 0x20, 0x01] : input.Payload, ct);
                await call.RequestStream.CompleteAsync();
            }
            catch (Exception e) when (e is RpcException or InvalidOperationException or IOException or System.Net.Http.HttpProtocolException)
            {
                // Refused before the stream was written (the server may reset the request side): the status comes with the response.
            }
            await foreach (var _ in call.ResponseStream.ReadAllAsync(ct)) { }
            return (StatusCode.OK, "");
        }
        catch (RpcException e)
        {
            return (e.StatusCode, e.Status.Detail);
        }
    }
}
