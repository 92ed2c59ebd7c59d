using CityTwin.Protos.V1;
using Grpc.Core;
using Xunit;

namespace CityTwin.Cluster.Tests;

/// <summary>
/// PostgreSQL stops under load and starts again (fast shutdown: connections cut, committed data kept; the script runs
/// it durably, fsync on). Silos stay up; registry writes during the outage fail with UNAVAILABLE and are not claimed
/// afterwards; the cluster recovers by itself.
/// </summary>
public sealed class PostgresOutageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Silos_survive_a_database_restart_writes_fail_clearly_meanwhile_and_nothing_unstored_is_claimed()
    {
        await using var cluster = await LocalCluster.StartAsync(Ct);
        var channel = cluster.Channel(1);
        var registry = new RegistryService.RegistryServiceClient(channel);
        var query = new QueryService.QueryServiceClient(channel);
        var sensors = await CityClient.SensorsAsync(channel, "150600/150627", Ct);
        await using var feeder = new Feeder(cluster.Addresses, sensors, TimeSpan.FromMilliseconds(250), firstEndpoint: 2);
        feeder.Start();

        // Before: a write is acknowledged, and an existing unit is read.
        var before = await registry.UpsertUnitsAsync(new UpsertUnitsRequest { Features = { CityClient.TeamFeature("team-150602-before", "停库前救援队") } }, cancellationToken: Ct);
        Assert.Equal(1, before.Units[0].Version);

        await cluster.StopPostgresAsync(Ct);
        var down = DateTimeOffset.UtcNow;

        // During: a new unit and an edit of the one above, each refused as UNAVAILABLE naming storage.
        var created = await Assert.ThrowsAsync<RpcException>(() => registry.UpsertUnitsAsync(
            new UpsertUnitsRequest { Features = { CityClient.TeamFeature("team-150602-during", "停库中救援队") } }, deadline: DateTime.UtcNow.AddSeconds(40), cancellationToken: Ct).ResponseAsync);
        CityClient.Log($"new unit during the outage: {created.StatusCode}: {created.Status.Detail}");
        Assert.Equal(StatusCode.Unavailable, created.StatusCode);
        Assert.Contains("storage", created.Status.Detail, StringComparison.OrdinalIgnoreCase);
        var edited = await Assert.ThrowsAsync<RpcException>(() => registry.UpsertUnitsAsync(
            new UpsertUnitsRequest { Features = { CityClient.TeamFeature("team-150602-before", "停库中改名") } }, deadline: DateTime.UtcNow.AddSeconds(40), cancellationToken: Ct).ResponseAsync);
        CityClient.Log($"edit during the outage: {edited.StatusCode}: {edited.Status.Detail}");
        Assert.Equal(StatusCode.Unavailable, edited.StatusCode);

        // The silos stay up through it (membership cannot be written, but nobody is declared dead for it).
        await Task.Delay(TimeSpan.FromSeconds(8), Ct);
        Assert.All(Enumerable.Range(1, LocalCluster.Silos), i => Assert.True(cluster.IsRunning(i), $"silo {i} exited during the outage:\n{cluster.Log(i)}"));
        var (liveStatus, _) = await cluster.HttpGetAsync(1, "/healthz/live", Ct);
        Assert.Equal(200, liveStatus);
        var (readyStatus, readyBody) = await cluster.HttpGetAsync(1, "/healthz/ready", Ct);
        Assert.Equal((200, "Degraded"), (readyStatus, readyBody));
        var acksDuringOutage = feeder.Acks.Count(a => a.At > down);
        CityClient.Log($"ingest acknowledgements during the outage: {acksDuringOutage}; failures: {feeder.Failures.Count}");

        await cluster.StartPostgresAsync(Ct);
        var up = DateTimeOffset.UtcNow;

        // After: writes succeed again without any restart, within seconds.
        UpsertUnitsResponse? after = null;
        while (after is null)
        {
            try { after = await registry.UpsertUnitsAsync(new UpsertUnitsRequest { Features = { CityClient.TeamFeature("team-150602-after", "恢复后救援队") } }, deadline: DateTime.UtcNow.AddSeconds(20), cancellationToken: Ct); }
            catch (RpcException e) when (e.StatusCode == StatusCode.Unavailable && DateTimeOffset.UtcNow - up < TimeSpan.FromSeconds(60)) { await Task.Delay(500, Ct); }
        }
        CityClient.Log($"first write after the restart acknowledged after {(DateTimeOffset.UtcNow - up).TotalSeconds:0.0} s");
        Assert.Equal(1, after.Units[0].Version);

        // Nothing unacknowledged is claimed: the refused unit does not exist, the refused edit did not happen.
        var missing = await Assert.ThrowsAsync<RpcException>(() => query.GetUnitAsync(new GetUnitRequest { Code = "team-150602-during" }, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
        var kept = await query.GetUnitAsync(new GetUnitRequest { Code = "team-150602-before" }, cancellationToken: Ct);
        Assert.Equal(("停库前救援队", 1L), (kept.Name, kept.Version));
        // ... and what was acknowledged is in the database itself, not only in a grain's memory.
        foreach (var code in new[] { "team-150602-before", "team-150602-after" })
            Assert.Equal(1, await cluster.ScalarAsync("SELECT count(*) FROM orleans_grain_state WHERE grain_id_ext = @key AND payload IS NOT NULL", Ct, ("key", "live/" + code)));
        Assert.Equal(0, await cluster.ScalarAsync("SELECT count(*) FROM orleans_grain_state WHERE grain_id_ext = @key AND payload IS NOT NULL", Ct, ("key", "live/team-150602-during")));

        // Ingest went on (or came back) by itself, and every batch made is acknowledged in the end.
        await Task.Delay(TimeSpan.FromSeconds(3), Ct);
        Assert.Contains(feeder.Acks, a => a.At > up);
        await feeder.DrainAsync(TimeSpan.FromSeconds(60), Ct);
        Assert.Equal(0, feeder.Pending);
        Assert.All(Enumerable.Range(1, LocalCluster.Silos), i => Assert.True(cluster.IsRunning(i), $"silo {i} exited after the outage"));
        var rows = await cluster.MembershipAsync(Ct);
        Assert.Equal(LocalCluster.Silos, rows.Count(r => r.Status == 3));
        var (ready, body) = await cluster.HttpGetAsync(2, "/healthz/ready", Ct);
        Assert.Equal((200, "Healthy"), (ready, body));
    }
}
