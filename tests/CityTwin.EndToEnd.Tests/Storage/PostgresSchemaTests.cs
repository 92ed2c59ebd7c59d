using System.Net;
using CityTwin.Host.Storage;
using CityTwin.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orleans;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Storage;
using Xunit;
using GenericHost = Microsoft.Extensions.Hosting.Host;

namespace CityTwin.EndToEnd.Tests.Storage;

/// <summary>
/// Proves deploy/sql through the real Orleans ADO.NET providers (10.4.2, invariant "Npgsql")
/// against a real throwaway PostgreSQL server (fast mode: fsync off, no crash tests here).
/// </summary>
public sealed class PostgresSchemaTests
{
    private const string Invariant = "Npgsql";

    /// <summary>Every query key the three 10.4.2 providers read from OrleansQuery.</summary>
    private static readonly string[] ExpectedQueryKeys =
    [
        // Microsoft.Orleans.Persistence.AdoNet (DeleteStorageKey only when DeleteStateOnClear = true)
        "ClearStorageKey",
        "DeleteStorageKey",
        "ReadFromStorageKey",
        "WriteToStorageKey",
        // Microsoft.Orleans.Clustering.AdoNet (CleanupDefunctSiloEntryKey is used when present)
        "CleanupDefunctSiloEntriesKey",
        "CleanupDefunctSiloEntryKey",
        "DeleteMembershipTableEntriesKey",
        "GatewaysQueryKey",
        "InsertMembershipKey",
        "InsertMembershipVersionKey",
        "MembershipReadAllKey",
        "MembershipReadRowKey",
        "UpdateIAmAlivetimeKey",
        "UpdateMembershipKey",
        // Microsoft.Orleans.Reminders.AdoNet
        "DeleteReminderRowKey",
        "DeleteReminderRowsKey",
        "ReadRangeRows1Key",
        "ReadRangeRows2Key",
        "ReadReminderRowKey",
        "ReadReminderRowsKey",
        "UpsertReminderRowKey",
    ];

    [Fact]
    public async Task Schema_applies_repeatedly_and_concurrently_and_holds_every_provider_query()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var pg = await PostgresServer.CreateAsync(cancellationToken: ct);

        await PostgresSchema.ApplyAsync(pg.ConnectionString, SqlDirectory, null, ct);
        await PostgresSchema.ApplyAsync(pg.ConnectionString, SqlDirectory, null, ct);
        // Several silos starting at once: the advisory lock makes them take turns.
        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => PostgresSchema.ApplyAsync(pg.ConnectionString, SqlDirectory, null, ct)));

        var keys = await QueryListAsync(pg, "SELECT QueryKey FROM OrleansQuery ORDER BY QueryKey", r => r.GetString(0), ct);
        Assert.Equal(ExpectedQueryKeys.Order(StringComparer.Ordinal), keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Grain_storage_round_trips_and_rejects_stale_etags()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var pg = await PostgresServer.CreateAsync(cancellationToken: ct);
        await PostgresSchema.ApplyAsync(pg.ConnectionString, SqlDirectory, null, ct);

        var silo = BuildSilo(silo =>
        {
            silo.UseLocalhostClustering(FreePort.Next(), FreePort.Next());
            // Serializers are chosen deliberately (the default one writes .NET type names):
            // "registry" uses Orleans' own serializer, as the Host does; "registry-json" System.Text.Json.
            silo.AddAdoNetGrainStorage("registry", o => o.Configure<Serializer>((storage, serializer) =>
            {
                storage.Invariant = Invariant;
                storage.ConnectionString = pg.ConnectionString;
                storage.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer);
            }));
            silo.AddAdoNetGrainStorage("registry-json", o => o.Configure<IServiceProvider>((storage, services) =>
            {
                storage.Invariant = Invariant;
                storage.ConnectionString = pg.ConnectionString;
                storage.GrainStorageSerializer = ActivatorUtilities.CreateInstance<SystemTextJsonGrainStorageSerializer>(services);
            }));
            silo.AddAdoNetGrainStorage("registry-delete", o =>
            {
                o.Invariant = Invariant;
                o.ConnectionString = pg.ConnectionString;
                o.DeleteStateOnClear = true;
            });
        });
        await silo.StartAsync(ct);
        try
        {
            var storage = silo.Services.GetRequiredKeyedService<IGrainStorage>("registry");
            const string stateName = "citytwin-test-registry";

            // String, integer+extension and Guid keys exercise every key column (incl. NULL extension).
            GrainId[] grains =
            [
                GrainId.Create("citytwin-test", "depot-" + Guid.NewGuid().ToString("N")),
                GrainId.Create(GrainType.Create("citytwin-test"), GrainIdKeyExtensions.CreateIntegerKey(42, "north")),
                GrainId.Create(GrainType.Create("citytwin-test"), GrainIdKeyExtensions.CreateIntegerKey(42, "south")),
                GrainId.Create(GrainType.Create("citytwin-test"), GrainIdKeyExtensions.CreateGuidKey(Guid.NewGuid())),
            ];
            foreach (var grainId in grains)
            {
                await AssertStorageContractAsync(storage, stateName, grainId, grainId.ToString());
            }

            // System.Text.Json: same contract, and the payload carries no .NET type names.
            var json = silo.Services.GetRequiredKeyedService<IGrainStorage>("registry-json");
            var jsonGrain = GrainId.Create("citytwin-test", "json-" + Guid.NewGuid().ToString("N"));
            await AssertStorageContractAsync(json, "citytwin-test-registry-json", jsonGrain, "json depot");
            var payload = (await QueryListAsync(pg, "SELECT convert_from(payload, 'UTF8') FROM orleans_grain_state WHERE grain_type = 'citytwin-test-registry-json'", r => r.GetString(0), ct)).Single();
            Assert.Contains("\"Name\":\"json depot\"", payload);
            Assert.DoesNotContain("$type", payload);
            Assert.Equal(grains.Length, (await QueryListAsync(pg, "SELECT 1 FROM orleans_grain_state WHERE grain_type = '" + stateName + "'", r => r.GetInt32(0), ct)).Count);

            // DeleteStateOnClear = true uses DeleteStorageKey: the row goes, the ETag resets.
            var deleting = silo.Services.GetRequiredKeyedService<IGrainStorage>("registry-delete");
            var deletedGrain = GrainId.Create("citytwin-test", "deleted-" + Guid.NewGuid().ToString("N"));
            var doomed = new GrainState<RegistryTestState> { State = new RegistryTestState { Name = "doomed", Count = 1 } };
            await deleting.WriteStateAsync("citytwin-test-deleting", deletedGrain, doomed);
            var stale = new GrainState<RegistryTestState> { State = new RegistryTestState(), ETag = "999", RecordExists = true };
            await Assert.ThrowsAsync<InconsistentStateException>(() => deleting.ClearStateAsync("citytwin-test-deleting", deletedGrain, stale));
            await deleting.ClearStateAsync("citytwin-test-deleting", deletedGrain, doomed);
            Assert.Null(doomed.ETag);
            Assert.False(doomed.RecordExists);
            var remaining = await QueryListAsync(pg, "SELECT count(*) FROM orleans_grain_state WHERE grain_type = 'citytwin-test-deleting'", r => r.GetInt64(0), ct);
            Assert.Equal(0L, remaining.Single());
            doomed.State = new RegistryTestState { Name = "reborn" };
            await deleting.WriteStateAsync("citytwin-test-deleting", deletedGrain, doomed);
            Assert.NotNull(doomed.ETag);
        }
        finally
        {
            await StopAsync(silo);
        }
    }

    private static async Task AssertStorageContractAsync(IGrainStorage storage, string stateName, GrainId grainId, string name)
    {
        // Never written: no record, no ETag, a fresh state object.
        var missing = new GrainState<RegistryTestState>();
        await storage.ReadStateAsync(stateName, grainId, missing);
        Assert.False(missing.RecordExists);
        Assert.Null(missing.ETag);
        Assert.NotNull(missing.State);

        var state = new GrainState<RegistryTestState>
        {
            State = new RegistryTestState { Name = name, Count = 1, Tags = ["chlorine", "ammonia"] },
        };
        await storage.WriteStateAsync(stateName, grainId, state);
        Assert.True(state.RecordExists);
        var firstETag = state.ETag;
        Assert.False(string.IsNullOrEmpty(firstETag));

        var read = new GrainState<RegistryTestState>();
        await storage.ReadStateAsync(stateName, grainId, read);
        Assert.True(read.RecordExists);
        Assert.Equal(firstETag, read.ETag);
        Assert.Equal(name, read.State!.Name);
        Assert.Equal(1, read.State.Count);
        Assert.Equal(["chlorine", "ammonia"], read.State.Tags);

        state.State.Count = 2;
        await storage.WriteStateAsync(stateName, grainId, state);
        Assert.NotEqual(firstETag, state.ETag);

        // A writer holding the old ETag loses.
        var staleWriter = new GrainState<RegistryTestState> { State = new RegistryTestState { Name = "stale" }, ETag = firstETag, RecordExists = true };
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(stateName, grainId, staleWriter));
        // So does a "first" write when the record already exists.
        var blindWriter = new GrainState<RegistryTestState> { State = new RegistryTestState { Name = "blind" } };
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(stateName, grainId, blindWriter));
        // And a clear with the old ETag.
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync(stateName, grainId, staleWriter));

        var afterConflicts = new GrainState<RegistryTestState>();
        await storage.ReadStateAsync(stateName, grainId, afterConflicts);
        Assert.Equal(state.ETag, afterConflicts.ETag);
        Assert.Equal(2, afterConflicts.State!.Count);

        // Clear keeps the row (and a version), drops the payload.
        var beforeClear = state.ETag;
        await storage.ClearStateAsync(stateName, grainId, state);
        Assert.False(state.RecordExists);
        Assert.NotNull(state.ETag);
        Assert.NotEqual(beforeClear, state.ETag);

        var cleared = new GrainState<RegistryTestState>();
        await storage.ReadStateAsync(stateName, grainId, cleared);
        Assert.False(cleared.RecordExists);
        Assert.Equal(state.ETag, cleared.ETag);
        Assert.Equal("", cleared.State!.Name);

        // Writing after a clear continues from the cleared version.
        state.State = new RegistryTestState { Name = name, Count = 3 };
        await storage.WriteStateAsync(stateName, grainId, state);
        Assert.True(state.RecordExists);
    }

    [Fact]
    public async Task Two_silos_share_one_cluster_and_the_survivor_keeps_working_after_one_stops()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var pg = await PostgresServer.CreateAsync(cancellationToken: ct);
        await PostgresSchema.ApplyAsync(pg.ConnectionString, SqlDirectory, null, ct);
        var clusterId = "ct-" + Guid.NewGuid().ToString("N")[..8];

        var siloA = BuildClusteredSilo(pg, clusterId, "silo-a");
        var siloB = BuildClusteredSilo(pg, clusterId, "silo-b");
        await siloA.StartAsync(ct);
        var stoppedB = false;
        try
        {
            await siloB.StartAsync(ct);
            var management = siloA.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0);

            await WaitUntilAsync(async () => (await management.GetHosts(true, ct)).Count == 2, "both silos active", ct);
            Assert.Equal([3, 3], await MembershipStatusesAsync(pg, clusterId, ct)); // SiloStatus.Active

            // The gateway list query (used by clients) sees both gateways.
            var gateways = await QueryListAsync(pg, "SELECT count(*) FROM orleans_membership WHERE deployment_id = '" + clusterId + "' AND proxy_port > 0", r => r.GetInt64(0), ct);
            Assert.Equal(2L, gateways.Single());

            await siloB.StopAsync(ct);
            stoppedB = true;

            // B wrote itself Dead through UpdateMembershipKey; A's view follows.
            await WaitUntilAsync(async () => (await MembershipStatusesAsync(pg, clusterId, ct)).SequenceEqual([3, 6]), "B recorded as dead", ct);
            await WaitUntilAsync(async () => (await management.GetHosts(true, ct)).Count == 1, "A sees one active silo", ct);

            // A keeps working: grain calls succeed and its heartbeat keeps moving (UpdateIAmAlivetimeKey).
            var heartbeat = await HeartbeatOfAsync(pg, clusterId, "silo-a", ct);
            await WaitUntilAsync(async () => await HeartbeatOfAsync(pg, clusterId, "silo-a", ct) > heartbeat, "A heartbeat advances", ct);
            var hosts = await management.GetHosts(true, ct);
            Assert.Single(hosts);

            // Defunct-row cleanup through the provider removes only the dead silo.
            var table = siloA.Services.GetRequiredService<IMembershipTable>();
            await table.CleanupDefunctSiloEntriesAsync(DateTimeOffset.UtcNow.AddSeconds(5), ct);
            Assert.Equal([3], await MembershipStatusesAsync(pg, clusterId, ct));
            Assert.Single(await management.GetHosts(true, ct));
        }
        finally
        {
            if (!stoppedB)
            {
                await StopAsync(siloB);
            }
            else
            {
                await DisposeHostAsync(siloB);
            }

            await StopAsync(siloA);
        }
    }

    [Fact]
    public async Task Reminder_rows_survive_a_silo_restart_and_the_service_lists_them()
    {
        // Reminders fire at a period of at least one minute, too slow for this file's budget. This test
        // proves the table contract instead: rows written through the provider survive a silo restart
        // and the new silo's reminder service lists them. (Firing is the reminder service's job.)
        // The database server is restarted between the two silos too, so this server is durable
        // (fsync on): committed reminder rows must survive it.
        var ct = TestContext.Current.CancellationToken;
        await using var pg = await PostgresServer.CreateAsync(durable: true, cancellationToken: ct);
        await PostgresSchema.ApplyAsync(pg.ConnectionString, SqlDirectory, null, ct);
        var serviceId = "ct-reminders-" + Guid.NewGuid().ToString("N")[..8];
        var grainId = GrainId.Create("citytwin-test-reminder", "depot-7");
        var otherGrain = GrainId.Create("citytwin-test-reminder", "depot-8");
        var startAt = DateTime.UtcNow.AddHours(1); // far enough that nothing fires during the test

        string secondETag;
        var first = BuildReminderSilo(pg, serviceId);
        await first.StartAsync(ct);
        try
        {
            var table = first.Services.GetRequiredService<IReminderTable>();
            var firstETag = await table.UpsertRow(new ReminderEntry { GrainId = grainId, ReminderName = "inspect", StartAt = startAt, Period = TimeSpan.FromMinutes(5) }, ct);
            Assert.False(string.IsNullOrEmpty(firstETag));
            secondETag = (await table.UpsertRow(new ReminderEntry { GrainId = grainId, ReminderName = "inspect", StartAt = startAt, Period = TimeSpan.FromMinutes(10) }, ct))!;
            Assert.NotEqual(firstETag, secondETag);

            // A second reminder, removed with a stale and then the current ETag.
            var otherETag = await table.UpsertRow(new ReminderEntry { GrainId = otherGrain, ReminderName = "sample", StartAt = startAt, Period = TimeSpan.FromMinutes(1) }, ct);
            Assert.False(await table.RemoveRow(otherGrain, "sample", "12345", ct));
            Assert.True(await table.RemoveRow(otherGrain, "sample", otherETag!, ct));
            Assert.Null(await table.ReadRow(otherGrain, "sample", ct));

            // Ring range reads, through both range queries.
            var hash = grainId.GetUniformHashCode();
            var signed = unchecked((int)hash);
            if (signed > int.MinValue)
            {
                // begin < end (signed): ReadRangeRows1Key, range (hash-1, hash].
                var inRange = await table.ReadRows(unchecked(hash - 1), hash, ct);
                Assert.Contains(inRange.Reminders, r => r.GrainId == grainId);
            }

            if (signed < int.MaxValue)
            {
                var outOfRange = await table.ReadRows(hash, unchecked(hash + 1), ct);
                Assert.DoesNotContain(outOfRange.Reminders, r => r.GrainId == grainId);
            }

            // begin == end: ReadRangeRows2Key, the whole ring.
            var wholeRing = await table.ReadRows(hash, hash, ct);
            Assert.Contains(wholeRing.Reminders, r => r.GrainId == grainId && r.ReminderName == "inspect");
        }
        finally
        {
            await StopAsync(first);
        }

        if (!pg.IsExternal)
        {
            await pg.RestartAsync(ct);
        }

        var second = BuildReminderSilo(pg, serviceId);
        await second.StartAsync(ct);
        try
        {
            var service = second.Services.GetRequiredService<IReminderService>();
            var listed = await service.GetReminders(grainId, ct);
            var reminder = Assert.Single(listed);
            Assert.Equal("inspect", reminder.ReminderName);

            var table = second.Services.GetRequiredService<IReminderTable>();
            var row = await table.ReadRow(grainId, "inspect", ct);
            Assert.NotNull(row);
            Assert.Equal(secondETag, row.ETag);
            Assert.Equal(TimeSpan.FromMinutes(10), row.Period);
            Assert.Equal(DateTimeKind.Utc, row.StartAt.Kind);
            Assert.True((row.StartAt - startAt).Duration() < TimeSpan.FromMilliseconds(1), $"{row.StartAt:O} vs {startAt:O}");
            Assert.Single((await table.ReadRows(grainId, ct)).Reminders);

            var periods = await QueryListAsync(pg, "SELECT period_ms FROM orleans_reminder WHERE service_id = '" + serviceId + "'", r => r.GetInt64(0), ct);
            Assert.Equal([600_000L], periods);

            // DeleteReminderRowsKey clears the service's rows.
            await table.TestOnlyClearTable(ct);
            Assert.Empty((await table.ReadRows(grainId, ct)).Reminders);
        }
        finally
        {
            await StopAsync(second);
        }
    }

    private static IHost BuildClusteredSilo(PostgresServer pg, string clusterId, string siloName) => BuildSilo(silo =>
    {
        silo.ConfigureEndpoints(IPAddress.Loopback, FreePort.Next(), FreePort.Next());
        silo.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = clusterId;
            o.ServiceId = "citytwin-test";
        });
        silo.Configure<SiloOptions>(o => o.SiloName = siloName);
        silo.Configure<ClusterMembershipOptions>(o =>
        {
            // Short timings keep the test fast; production keeps the defaults.
            o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(1);
            o.TableRefreshTimeout = TimeSpan.FromSeconds(1);
            o.ProbeTimeout = TimeSpan.FromSeconds(1);
        });
        silo.UseAdoNetClustering(o =>
        {
            o.Invariant = Invariant;
            o.ConnectionString = pg.ConnectionString;
        });
    });

    private static IHost BuildReminderSilo(PostgresServer pg, string serviceId) => BuildSilo(silo =>
    {
        silo.UseLocalhostClustering(FreePort.Next(), FreePort.Next(), serviceId: serviceId, clusterId: serviceId);
        silo.UseAdoNetReminderService(o =>
        {
            o.Invariant = Invariant;
            o.ConnectionString = pg.ConnectionString;
        });
    });

    private static IHost BuildSilo(Action<ISiloBuilder> configure)
    {
        var builder = GenericHost.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(15));
        builder.UseOrleans(configure);
        return builder.Build();
    }

    private static async Task StopAsync(IHost host)
    {
        try
        {
            await host.StopAsync(CancellationToken.None);
        }
        finally
        {
            await DisposeHostAsync(host);
        }
    }

    private static async Task DisposeHostAsync(IHost host)
    {
        if (host is IAsyncDisposable asyncDisposable)
        {
            await asyncDisposable.DisposeAsync();
        }
        else
        {
            host.Dispose();
        }
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out waiting for: {what}");
            }

            await Task.Delay(200, ct);
        }
    }

    private static Task<List<int>> MembershipStatusesAsync(PostgresServer pg, string clusterId, CancellationToken ct) =>
        QueryListAsync(pg, "SELECT status FROM orleans_membership WHERE deployment_id = '" + clusterId + "' ORDER BY status", r => r.GetInt32(0), ct);

    private static async Task<DateTime> HeartbeatOfAsync(PostgresServer pg, string clusterId, string siloName, CancellationToken ct) =>
        (await QueryListAsync(pg, "SELECT i_am_alive_time FROM orleans_membership WHERE deployment_id = '" + clusterId + "' AND silo_name = '" + siloName + "'", r => r.GetDateTime(0), ct)).Single();

    private static async Task<List<T>> QueryListAsync<T>(PostgresServer pg, string sql, Func<NpgsqlDataReader, T> read, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(pg.ConnectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var result = new List<T>();
        while (await reader.ReadAsync(ct))
        {
            result.Add(read(reader));
        }

        return result;
    }

    /// <summary>The Host's copy of deploy/sql (copied to sql/ in the output), else the repository's.</summary>
    private static string SqlDirectory
    {
        get
        {
            if (Directory.Exists(PostgresSchema.DefaultSqlDirectory) && Directory.GetFiles(PostgresSchema.DefaultSqlDirectory, "*.sql").Length > 0)
            {
                return PostgresSchema.DefaultSqlDirectory;
            }

            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "deploy", "sql");
                if (Directory.Exists(candidate))
                {
                    return candidate;
                }
            }

            throw new DirectoryNotFoundException("Neither sql/ next to the tests nor deploy/sql above them was found.");
        }
    }
}

/// <summary>Test grain state. Orleans attributes so it is also valid for Orleans' own serializer.</summary>
[GenerateSerializer]
public sealed class RegistryTestState
{
    [Id(0)]
    public string Name { get; set; } = "";

    [Id(1)]
    public int Count { get; set; }

    [Id(2)]
    public List<string> Tags { get; set; } = [];
}
