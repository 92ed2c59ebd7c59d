using CityTwin.Protos.V1;
using Xunit;

namespace CityTwin.Cluster.Tests;

/// <summary>
/// Longer runs, not in CI: `./test.sh --soak` runs only these. A rolling restart of every silo, then repeated kills,
/// under ingest whose spikes keep levels changing, with a watch client that resumes on another silo each time its own
/// goes away. Afterwards the watcher's view equals the truth, every batch is acknowledged and the invariant is clean.
/// </summary>
[Trait("Category", "Soak")]
public sealed class SoakTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private const string Scope = "150600/150624";

    [Fact]
    public async Task Rolling_restart_and_repeated_kills_lose_nothing_and_watchers_resume_without_a_gap()
    {
        await using var cluster = await LocalCluster.StartAsync(Ct);
        var sensors = await CityClient.SensorsAsync(cluster.Channel(1), Scope, Ct);
        await using var feeder = new Feeder(cluster.Addresses, sensors, TimeSpan.FromMilliseconds(250), firstEndpoint: 0, spikeEvery: 5);
        await using var watcher = new Watcher(cluster.Addresses, Scope, firstEndpoint: 1);
        feeder.Start();
        watcher.Start();
        await Task.Delay(TimeSpan.FromSeconds(10), Ct);

        // Rolling restart: each silo stopped cleanly and started again, one after another.
        for (var silo = 1; silo <= LocalCluster.Silos; silo++)
        {
            await cluster.StopSiloAsync(silo, Ct);
            await Task.Delay(TimeSpan.FromSeconds(3), Ct);
            await cluster.StartSiloAsync(silo, Ct);
            await Task.Delay(TimeSpan.FromSeconds(5), Ct);
            CityClient.Log($"rolled silo {silo}: {feeder.Acks.Count} acks, {feeder.Failures.Count} feeder failures, {watcher.Reconnects} watcher reconnects");
        }

        // Repeated crashes, seeded.
        var random = new Random(9);
        for (var round = 0; round < 4; round++)
        {
            var victim = random.Next(1, LocalCluster.Silos + 1);
            await cluster.KillSiloAsync(victim, Ct);
            await Task.Delay(TimeSpan.FromSeconds(6), Ct);
            await cluster.StartSiloAsync(victim, Ct);
            await Task.Delay(TimeSpan.FromSeconds(4), Ct);
            CityClient.Log($"killed silo {victim}: {feeder.Acks.Count} acks, {feeder.Failures.Count} feeder failures, {watcher.Reconnects} watcher reconnects");
        }

        await feeder.DrainAsync(TimeSpan.FromSeconds(90), Ct);
        Assert.Equal(0, feeder.Pending);
        Assert.Equal((int)feeder.BatchesCreated, feeder.Acks.Select(a => a.BatchId).Distinct().Count());
        Assert.All(feeder.Acks, a => Assert.True(a.Rejected == 0, $"batch {a.BatchId}: {a.FirstRejection}"));
        Assert.True(watcher.Reconnects >= 1, "the watcher never had to move");

        var report = await CityClient.InvariantSettlesAsync(cluster.Channel(2), TimeSpan.FromSeconds(120), Ct);
        Assert.True(report.Mismatches.Count == 0, $"{report.Mismatches.Count} mismatches, e.g. {string.Join("; ", report.Mismatches.Take(5))}");

        // No gap: once quiet, what the watcher was told is what the cluster says, unit by unit.
        await Task.Delay(TimeSpan.FromSeconds(5), Ct);
        var query = new QueryService.QueryServiceClient(cluster.Channel(3));
        var wrong = new List<string>();
        foreach (var (code, seen) in watcher.View)
        {
            var truth = await query.GetLevelAsync(new GetLevelRequest { Code = code }, cancellationToken: Ct);
            if (truth.Level != seen.Level) wrong.Add($"{code}: watcher {seen.Level}, cluster {truth.Level}");
        }
        CityClient.Log($"watcher knows {watcher.View.Count} units after {watcher.Reconnects} reconnects and {watcher.SnapshotsEnded} snapshots");
        Assert.True(watcher.View.Count > 50, $"the watcher knows only {watcher.View.Count} units");
        Assert.True(wrong.Count == 0, $"{wrong.Count} units differ, e.g. {string.Join("; ", wrong.Take(5))}");
    }
}
