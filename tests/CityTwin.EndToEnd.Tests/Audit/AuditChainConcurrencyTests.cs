using CityTwin.Domain.Audit;
using CityTwin.Grains.Audit;
using CityTwin.TestSupport;
using Npgsql;
using Xunit;

namespace CityTwin.EndToEnd.Tests.Audit;

/// <summary>
/// Appends from many tasks through two independent connection pools (as two silos would append) make one chain
/// without gaps or forks; a retried key appends nothing; the store's queries match the in-memory filters.
/// </summary>
public class AuditChainConcurrencyTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static AuditEvent Event(int silo, int i, string key = "") => new()
    {
        At = DateTimeOffset.UtcNow, Actor = $"actor-{i % 4}", Role = "city-admin", Source = $"silo-{silo}", Action = "RegistryService/UpsertUnits",
        Unit = $"team-{i % 7}", UnitPath = $"150600/15062{i % 3}/team-{i % 7}", IdempotencyKey = key, Summary = $"append {silo}/{i}",
    };

    [Fact]
    public async Task Concurrent_appends_from_two_pools_keep_one_verifiable_chain()
    {
        await using var postgres = await PostgresServer.CreateAsync(cancellationToken: Ct);
        await ProjectSchema.ApplyAsync(postgres.ConnectionString, Ct);
        await using var poolA = NpgsqlDataSource.Create(postgres.ConnectionString);
        await using var poolB = NpgsqlDataSource.Create(postgres.ConnectionString);
        PostgresAuditTrail[] silos = [new(poolA), new(poolB)];
        const int Tasks = 8, Each = 25;

        var appended = await Task.WhenAll(Enumerable.Range(0, Tasks).Select(t => Task.Run(async () =>
        {
            var mine = new List<long>();
            for (var i = 0; i < Each; i++)
            {
                // Every fifth append is keyed and sent twice, to both silos: one record.
                var key = i % 5 == 0 ? $"k-{t}-{i}" : "";
                var first = await silos[t % 2].AppendAsync(Event(t % 2, t * 100 + i, key), Ct);
                mine.Add(first.Record.Sequence);
                if (key.Length > 0)
                {
                    var again = await silos[(t + 1) % 2].AppendAsync(Event((t + 1) % 2, t * 100 + i, key), Ct);
                    Assert.True(again.Existed);
                    Assert.Equal(first.Record, again.Record);
                }
            }
            return mine;
        }, Ct)));

        var chain = await silos[0].ReadAsync(1, 10_000, Ct);
        Assert.Equal(Tasks * Each, chain.Count);
        Assert.Equal(Enumerable.Range(1, Tasks * Each).Select(i => (long)i), chain.Select(r => r.Sequence));
        Assert.Equal(chain.Select(r => r.Sequence).Order(), appended.SelectMany(a => a).Order());
        var verified = AuditChain.Verify(chain);
        Assert.Null(verified.Break);
        Assert.Equal(Tasks * Each, verified.Verified);

        // The SQL filters agree with the in-memory ones.
        foreach (var query in new Abstractions.Audit.AuditQuery[]
        {
            new() { Scope = "150621", Limit = 10_000 }, new() { Unit = "team-3", Limit = 10_000 }, new() { Actor = "actor-2", Limit = 10_000 },
            new() { Within = ["150600/150622"], Limit = 10_000 }, new() { Within = ["150600/150622/team-2", "150600/150620"], AfterSequence = 40, Limit = 17 },
            new() { From = chain[50].Event.At, To = chain[120].Event.At, Action = "RegistryService/UpsertUnits", Limit = 10_000 },
        })
            Assert.Equal(chain.Where(query.Matches).Take(query.Limit).Select(r => r.Sequence), (await silos[1].QueryAsync(query, Ct)).Select(r => r.Sequence));
    }
}
