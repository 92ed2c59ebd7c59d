using CityTwin.Protos.V1;
using Grpc.Core;
using Xunit;

namespace CityTwin.Cluster.Tests;

/// <summary>
/// Three silo processes on a real PostgreSQL under steady ingest over gRPC; one is killed with SIGKILL (no goodbye to
/// the membership table, its activations and in-flight calls gone), then started again.
/// </summary>
public sealed class SiloCrashTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>With --fast timings (1 s probes, 2 missed probes) the cluster should route around a dead silo in seconds.</summary>
    private static readonly TimeSpan ResumeWithin = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Ingest_continues_through_the_others_after_a_kill_9_the_invariant_heals_and_the_silo_rejoins()
    {
        await using var cluster = await LocalCluster.StartAsync(Ct);
        var sensors = await CityClient.SensorsAsync(cluster.Channel(1), "150600/150624", Ct);
        Assert.True(sensors.Count > 50, $"the sample city's 150624 should have sensors, found {sensors.Count}");

        // The feeder starts on silo 2: killing silo 2 tests both the client's failover and the grains lost with it.
        await using var feeder = new Feeder(cluster.Addresses, sensors, TimeSpan.FromMilliseconds(250), firstEndpoint: 1);
        feeder.Start();
        await WaitAsync(() => feeder.Acks.Count >= 8, TimeSpan.FromSeconds(30), "the first acknowledgements");
        Assert.Empty(feeder.Failures);

        // Hidden dangers reported through every silo before the kill, on enterprises whose ledgers spread over them.
        var enterprises = (await new QueryService.QueryServiceClient(cluster.Channel(1)).FindUnitsAsync(
            new FindUnitsRequest { Kinds = { UnitKind.Enterprise }, PathPrefix = "150600/150622", PageSize = 9 }, cancellationToken: Ct)).Units.Select(u => u.Code).ToList();
        Assert.Equal(9, enterprises.Count);
        var reported = new List<(string Enterprise, string Id)>();
        for (var i = 0; i < enterprises.Count; i++)
        {
            var request = Danger(enterprises[i], $"hd-crash-{i}");
            var reply = await new InspectionService.InspectionServiceClient(cluster.Channel(1 + i % 3)).ReportHiddenDangerAsync(request, cancellationToken: Ct);
            Assert.False(reply.Replayed);
            reported.Add((enterprises[i], request.Id));
        }

        const int victim = 2;
        // The CLI feeds another banner through the victim first: it must fail over mid-stream and finish clean.
        var cliOut = new StringWriter();
        var cliErrText = new StringWriter();
        var cliErr = TextWriter.Synchronized(cliErrText);   // writes lock the writer: read under the same lock
        string CliProgress() { lock (cliErr) return cliErrText.ToString(); }
        // On a thread of its own: the simulation paces itself by sleeping, and would hold the test's thread.
        var cli = Task.Run(() => CityTwin.Cli.CliApp.RunAsync(["ingest", "--simulate", "--scope", "150600/150622", "--rate", "2", "--duration", "00:00:20", "--batch", "100",
            "--server", string.Join(',', cluster.Address(victim), cluster.Address(1), cluster.Address(3))], cliOut, cliErr), Ct);
        await WaitAsync(() => CliProgress().Contains("accepted", StringComparison.Ordinal) || cli.IsCompleted, TimeSpan.FromSeconds(30), "the CLI feed's first progress line");

        var killedAt = DateTimeOffset.UtcNow;
        var lastBefore = feeder.BatchesCreated;
        await cluster.KillSiloAsync(victim, Ct);
        Assert.False(cluster.IsRunning(victim));

        // Ingestion resumes: a batch made after the kill is acknowledged, through another silo.
        await WaitAsync(() => feeder.Acks.Any(a => a.BatchId > lastBefore && feeder.Created(a.BatchId) > killedAt), ResumeWithin, "an acknowledgement of a batch made after the kill");
        var resumed = feeder.Acks.Where(a => a.BatchId > lastBefore).Min(a => a.At);
        CityClient.Log($"kill -9 of silo {victim}: ingest resumed after {(resumed - killedAt).TotalSeconds:0.0} s; failures seen: {string.Join(" | ", feeder.Failures.Select(f => $"{f.Endpoint} {f.Reason}"))}");
        Assert.NotEqual(cluster.Address(victim), feeder.CurrentEndpoint);

        var cliExit = await cli;
        CityClient.Log($"citytwin ingest: exit {cliExit}; {cliOut}; {CliProgress()}");
        Assert.Equal(0, cliExit);
        Assert.Matches(@"sent ([\d,]+) readings in \d+ batches: \1 accepted, 0 rejected, [1-9]\d* failover", cliOut.ToString());

        // Keep feeding a while, then stop: every batch made is acknowledged (re-sent ones as duplicates), none rejected.
        await Task.Delay(TimeSpan.FromSeconds(5), Ct);
        await feeder.DrainAsync(TimeSpan.FromSeconds(60), Ct);
        Assert.Equal(0, feeder.Pending);
        var acked = feeder.Acks.Select(a => a.BatchId).ToHashSet();
        Assert.Equal((int)feeder.BatchesCreated, acked.Count);
        Assert.All(feeder.Acks, a => Assert.True(a.Rejected == 0, $"batch {a.BatchId} had {a.Rejected} rejections: {a.FirstRejection}"));
        Assert.All(feeder.Acks, a => Assert.Equal(sensors.Count, a.Accepted));

        // What the survivors accepted shows in their Prometheus text, and their probes answer.
        long accepted = 0;
        var texts = "";
        foreach (var survivor in new[] { 1, 3 })
        {
            Assert.Equal(200, (await cluster.HttpGetAsync(survivor, "/healthz/live", Ct)).Status);
            Assert.Equal((200, "Healthy"), await cluster.HttpGetAsync(survivor, "/healthz/ready", Ct));
            var (status, metrics) = await cluster.HttpGetAsync(survivor, "/metrics", Ct);
            Assert.Equal(200, status);
            accepted += Metrics.Value(metrics, "citytwin_ingest_readings_total", "outcome=\"accepted\"");
            texts += metrics;
        }
        Assert.Contains("citytwin_ingest_batch_duration_milliseconds_count", texts);
        Assert.Contains("citytwin_rollup_delay_milliseconds_count", texts);
        var afterKill = feeder.Acks.Where(a => a.At > killedAt).Sum(a => a.Accepted);
        Assert.True(accepted >= afterKill, $"the survivors count {accepted} accepted readings, the feeder saw {afterKill} acknowledged through them");

        // After quiescence the roll-up agrees with its leaves everywhere, asked of a survivor.
        var report = await CityClient.InvariantSettlesAsync(cluster.Channel(1), TimeSpan.FromSeconds(90), Ct);
        Assert.True(report.Mismatches.Count == 0, $"{report.Mismatches.Count} mismatches, e.g. {string.Join("; ", report.Mismatches.Take(5))}");
        Assert.True(report.Checked > 100, $"the check compared only {report.Checked} units");

        // Every acknowledged hidden-danger record is there after the kill, and a retry of its report is a replay, not a second record.
        var ledger = new InspectionService.InspectionServiceClient(cluster.Channel(1));
        foreach (var (enterprise, id) in reported)
        {
            var record = await ledger.GetHiddenDangerAsync(new GetHiddenDangerRequest { EnterpriseCode = enterprise, Id = id }, cancellationToken: Ct);
            Assert.Equal((id, HiddenDangerState.Found), (record.Id, record.State));
            Assert.True((await ledger.ReportHiddenDangerAsync(Danger(enterprise, id), cancellationToken: Ct)).Replayed);
        }

        // The killed silo comes back on the same ports as a new generation; the table says the old one is dead.
        await cluster.StartSiloAsync(victim, Ct);
        Assert.True(cluster.IsRunning(victim));
        var siloPort = cluster.GrpcPort(victim) + 40;
        await WaitAsync(async () =>
        {
            var rows = await cluster.MembershipAsync(Ct);
            return rows.Count(r => r.Status == 3) == LocalCluster.Silos && rows.Any(r => r.Port == siloPort && r.Status == 6) && rows.Count(r => r.Port == siloPort && r.Status == 3) == 1;
        }, TimeSpan.FromSeconds(30), "three active silos, the killed generation dead");
        var unit = await new QueryService.QueryServiceClient(cluster.Channel(victim)).GetUnitAsync(new GetUnitRequest { Code = CityClient.City }, cancellationToken: Ct);
        Assert.Equal("鄂尔多斯市", unit.Name);
        var again = await CityClient.InvariantSettlesAsync(cluster.Channel(victim), TimeSpan.FromSeconds(60), Ct);
        Assert.Empty(again.Mismatches);
    }

    private static Task WaitAsync(Func<bool> condition, TimeSpan within, string what) => WaitAsync(() => Task.FromResult(condition()), within, what);

    private static async Task WaitAsync(Func<Task<bool>> condition, TimeSpan within, string what)
    {
        var deadline = DateTimeOffset.UtcNow + within;
        while (!await condition())
        {
            if (DateTimeOffset.UtcNow > deadline) Assert.Fail($"no {what} within {within.TotalSeconds:0} s");
            await Task.Delay(100, Ct);
        }
    }

    private static ReportHiddenDangerRequest Danger(string enterprise, string id) => new()
    {
        IdempotencyKey = $"k-{id}", Id = id, EnterpriseCode = enterprise, Level = HiddenDangerLevel.General, Source = FindingSource.PublicReport,
        Location = "装卸区", Description = "消防通道被占用", Category = HazardCategory.Management,
    };
}
