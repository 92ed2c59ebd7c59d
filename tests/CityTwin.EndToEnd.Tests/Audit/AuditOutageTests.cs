using System.Collections.Concurrent;
using CityTwin.Abstractions.Audit;
using CityTwin.Domain.Audit;
using CityTwin.EndToEnd.Tests.Security;
using CityTwin.Grains.Audit;
using CityTwin.Protos.V1;
using CityTwin.TestSupport;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using static CityTwin.EndToEnd.Tests.Security.SecurityCalls;

namespace CityTwin.EndToEnd.Tests.Audit;

/// <summary>
/// What happens when the audit trail does not answer: an action that succeeded but could not be audited fails
/// UNAVAILABLE saying so, and a retry with the same key appends the record without repeating the action; with
/// PostgreSQL stopped and started again, no acknowledged record is lost or duplicated and the chain verifies.
/// </summary>
public class AuditOutageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A memory trail that refuses appends while <see cref="Down"/>.</summary>
    private sealed class FlakyTrail : IAuditTrail
    {
        private readonly MemoryAuditTrail _inner = new();
        public volatile bool Down;

        public Task<AuditAppend> AppendAsync(AuditEvent e, CancellationToken ct = default) =>
            Down ? throw new CityTwin.Abstractions.Records.RecordsUnavailableException("the test's audit trail is down") : _inner.AppendAsync(e, ct);

        public Task<IReadOnlyList<CityTwin.Domain.Audit.AuditRecord>> QueryAsync(AuditQuery query, CancellationToken ct = default) => _inner.QueryAsync(query, ct);

        public Task<IReadOnlyList<CityTwin.Domain.Audit.AuditRecord>> ReadAsync(long fromSequence, int limit, CancellationToken ct = default) => _inner.ReadAsync(fromSequence, limit, ct);
    }

    [Fact]
    public async Task An_action_applied_but_not_audited_is_completed_by_a_retry_with_its_key_without_repeating_it()
    {
        var trail = new FlakyTrail();
        await using var host = await RunningHost.StartAsync(configure: b => b.Services.AddSingleton<IAuditTrail>(trail));
        var drills = DrillCalls.Client(host);
        var registry = new RegistryService.RegistryServiceClient(host.Channel);

        trail.Down = true;
        var e = await Refusal(() => drills.StartDrillAsync(new StartDrillRequest { ScenarioJson = DrillCalls.Scenario, IdempotencyKey = "k-outage-drill" }, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.Unavailable, e.StatusCode);
        Assert.Contains("DrillService/StartDrill was applied but not audited", e.Status.Detail);
        Assert.Contains("retry with the same idempotency key 'k-outage-drill'", e.Status.Detail);
        var noKey = await Refusal(() => registry.UpsertUnitsAsync(new UpsertUnitsRequest { Features = { Feature(NewTeam(Identities.Banner, "team-outage-nokey")) } }, cancellationToken: Ct).ResponseAsync);
        Assert.Contains("had no idempotency key", noKey.Status.Detail);
        Assert.Empty(await trail.ReadAsync(1, 100, Ct));
        // Still down: the retry is refused the same way, and nothing is done again.
        Assert.Equal(StatusCode.Unavailable, (await Refusal(() => drills.StartDrillAsync(new StartDrillRequest { ScenarioJson = DrillCalls.Scenario, IdempotencyKey = "k-outage-drill" }, cancellationToken: Ct).ResponseAsync)).StatusCode);

        trail.Down = false;
        var retried = await drills.StartDrillAsync(new StartDrillRequest { ScenarioJson = DrillCalls.Scenario, IdempotencyKey = "k-outage-drill" }, cancellationToken: Ct);
        var again = await drills.StartDrillAsync(new StartDrillRequest { ScenarioJson = DrillCalls.Scenario, IdempotencyKey = "k-outage-drill" }, cancellationToken: Ct);

        var records = await trail.ReadAsync(1, 100, Ct);
        var drill = Assert.Single(records);
        Assert.Equal(("DrillService/StartDrill", "k-outage-drill", "local-operator"), (drill.Event.Action, drill.Event.IdempotencyKey, drill.Event.Actor));
        // The record names the drill the first call started, and the retry answered with that drill: it was not started twice.
        Assert.Contains(retried.DrillId, drill.Event.Summary);
        Assert.Null(AuditChain.Verify(records).Break);
        // A retry after the audit completed runs the action again (start is not idempotent), but leaves no second record.
        Assert.NotEqual(retried.DrillId, again.DrillId);
    }

    [Fact]
    public async Task Through_a_PostgreSQL_restart_no_acknowledged_record_is_lost_or_duplicated_and_the_chain_verifies()
    {
        // Durable: the records acknowledged before the stop must be there after the start.
        await using var postgres = await PostgresServer.CreateAsync(durable: true, cancellationToken: Ct);
        await using var host = await RunningHost.StartAsync(postgres: postgres.ConnectionString);
        var registry = new RegistryService.RegistryServiceClient(host.Channel);
        var acknowledged = new ConcurrentDictionary<string, bool>();
        var unavailable = new ConcurrentBag<string>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        async Task UpsertAsync(string key, string team)
        {
            await registry.UpsertUnitsAsync(new UpsertUnitsRequest { Features = { Feature(NewTeam(Identities.Banner, team)) }, IdempotencyKey = key }, cancellationToken: Ct);
            acknowledged[key] = true;
        }

        // Writers keep writing with fresh keys while PostgreSQL goes down and comes back; each call is OK or UNAVAILABLE.
        var writers = Enumerable.Range(0, 3).Select(w => Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var key = $"k-restart-{w}-{i}";
                try { await UpsertAsync(key, $"team-restart-{w}-{i % 5}"); }
                catch (RpcException e)
                {
                    Assert.Equal(StatusCode.Unavailable, e.StatusCode);
                    unavailable.Add(key);
                }
                await Task.Delay(20, Ct);
            }
        }, Ct)).ToList();

        await WaitUntilAsync(() => acknowledged.Count >= 10);
        await postgres.StopAsync(Ct);
        await WaitUntilAsync(() => unavailable.Count >= 5);
        var e = await Refusal(() => UpsertAsync("k-restart-during", "team-restart-during"));
        Assert.Equal(StatusCode.Unavailable, e.StatusCode);
        await postgres.StartAsync(Ct);
        var before = acknowledged.Count;
        await WaitUntilAsync(() => acknowledged.Count >= before + 10);
        await stop.CancelAsync();
        await Task.WhenAll(writers);

        // The refused calls are retried with their keys until they succeed (the caller's part of the contract).
        foreach (var key in unavailable.Append("k-restart-during"))
        {
            var parts = key.Split('-');
            var team = key == "k-restart-during" ? "team-restart-during" : $"team-restart-{parts[2]}-{int.Parse(parts[3], System.Globalization.CultureInfo.InvariantCulture) % 5}";
            for (var attempt = 0; ; attempt++)
            {
                try { await UpsertAsync(key, team); break; }
                catch (RpcException x) when (x.StatusCode == StatusCode.Unavailable && attempt < 50) { await Task.Delay(100, Ct); }
            }
        }

        var records = await AuditCalls.AllAsync(host, Ct);
        var byKey = records.GroupBy(r => r.IdempotencyKey).ToDictionary(g => g.Key, g => g.Count());
        foreach (var key in acknowledged.Keys) Assert.True(byKey.GetValueOrDefault(key) == 1, $"{key}: {byKey.GetValueOrDefault(key)} record(s)");
        Assert.Equal(acknowledged.Count, records.Count(r => r.IdempotencyKey.StartsWith("k-restart-", StringComparison.Ordinal)));
        var chain = await AuditCommandsVerify(host);
        Assert.Null(chain.Break);
        Assert.Equal(records.Count, chain.Verified);
        Assert.Equal(records.Select(r => r.Sequence), Enumerable.Range(1, records.Count).Select(i => (long)i));

        // History writing resumed too: the monitoring history takes points again.
        var history = host.Services.GetRequiredService<CityTwin.Abstractions.Records.ISensorHistory>();
        var now = DateTimeOffset.UtcNow;
        history.Write("live", "audit-restart.GT-01", now.ToUnixTimeMilliseconds(), 1.5);
        await history.FlushAsync(Ct);
        Assert.Single(await history.PointsAsync("live", "audit-restart.GT-01", now.AddSeconds(-1), now.AddSeconds(1), 10, Ct));
    }

    private static Task<AuditChain> AuditCommandsVerify(RunningHost host) =>
        CityTwin.Cli.Commands.AuditCommands.VerifyAsync(new AuditService.AuditServiceClient(host.Channel), Ct);

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 600 && !condition(); i++) await Task.Delay(50, Ct);
        Assert.True(condition(), "timed out waiting");
    }
}
