using CityTwin.Abstractions;
using CityTwin.Abstractions.Live;
using CityTwin.Abstractions.Registry;
using CityTwin.Abstractions.Worlds;
using CityTwin.Domain.Generation;
using CityTwin.Domain.Registry;
using CityTwin.Domain.Risk;
using CityTwin.Domain.Units;
using CityTwin.Grains.Records;
using CityTwin.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Orleans.Hosting;
using Orleans.TestingHost;
using Xunit;

namespace CityTwin.Grains.Tests.Live;

/// <summary>
/// Self-healing: a silo killed in the middle of a reading stream (in-process abrupt stop; real process crashes
/// belong to the cluster tests). Grain state lives in PostgreSQL — memory storage would die with the silo.
/// </summary>
public class SiloKillTests
{
    private const string ConnectionVariable = "CITYTWIN_SILO_KILL_TEST_PG";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly Actor Tester = new("tester", "city-admin");

    [Fact]
    public async Task After_a_silo_dies_mid_stream_the_invariant_check_is_clean_and_no_registry_change_or_acknowledgement_is_lost()
    {
        await using var postgres = await PostgresServer.CreateAsync(cancellationToken: Ct);
        await ProjectSchema.ApplyAsync(postgres.ConnectionString, Ct);
        Environment.SetEnvironmentVariable(ConnectionVariable, postgres.ConnectionString);
        var cluster = new TestClusterBuilder(3).AddSiloBuilderConfigurator<PostgresSilo>().Build();
        await cluster.DeployAsync(Ct);
        try
        {
            var grains = cluster.Client;
            var world = "t-kill";
            var units = BundleValidator.Validate(new CityBundle(CityGenerator.Generate(new CityGeneratorOptions { Seed = 31, Enterprises = 60 }), [])).Units;
            var registry = new RegistryClient(grains, world);
            await registry.ApplyAllAsync(units, prune: false, Tester, Ct);
            // A registry change acknowledged before the kill.
            var renamed = units.First(u => u.Kind == UnitKind.Town) with { Name = "改名的街道" };
            Assert.Empty((await registry.UpsertUnitAsync(renamed, Tester)).Problems);

            var sources = units.Where(u => u.Kind == UnitKind.HazardSource).ToList();
            var start = DateTimeOffset.UtcNow;
            var failures = 0;
            var acknowledged = new List<string>();
            for (var round = 1; round <= 12; round++)
            {
                if (round == 5)
                {
                    // Alarm records acknowledged before the kill, spread over the silos.
                    foreach (var source in sources.Take(40))
                    {
                        var grain = grains.GetGrain<IHazardSourceGrain>(GrainKey.For(world, source.Code));
                        foreach (var alarm in (await grain.GetAlarmsAsync()).Take(1))
                        {
                            Assert.Equal("tester", (await grain.AcknowledgeAlarmAsync(alarm.RecordId, Tester, "before the kill"))?.AcknowledgedBy);
                            acknowledged.Add(alarm.RecordId);
                        }
                    }
                    await cluster.KillSiloAsync(cluster.SecondarySilos[0], Ct);
                }
                foreach (var source in sources)
                {
                    var sensors = source.HazardSource!.Sensors;
                    var values = sensors.Select((s, i) => (round + i) % 4 == 0 ? s.SetPoints.HighHigh!.Value * 1.2 : s.RangeMin).ToArray();
                    var batch = new SourceReadings(1, [.. Enumerable.Range(0, sensors.Count)], values,
                        [.. sensors.Select(_ => start.AddSeconds(round).ToUnixTimeMilliseconds())], [.. sensors.Select(_ => (long)round)], new bool[sensors.Count]);
                    try
                    {
                        await grains.GetGrain<IHazardSourceGrain>(GrainKey.For(world, source.Code)).ApplyReadingsAsync(batch);
                    }
                    catch (Exception e) when (e is OrleansException or TimeoutException or SiloUnavailableException)
                    {
                        failures++;   // calls to the dead silo fail until membership declares it dead: the feeder re-sends
                    }
                }
            }

            // Quiescence: pushes lost with the silo are repaired by reconciliation.
            var check = new InvariantCheck(grains, RiskRules.Default, world);
            InvariantReport report = new(0, []);
            for (var attempt = 0; attempt < 60; attempt++)
            {
                report = await check.RunAsync("150600");
                if (report.Mismatches.Count == 0) break;
                await Task.Delay(500, Ct);
            }
            Assert.Empty(report.Mismatches);
            Assert.True(report.Checked > 60);

            var after = await registry.SnapshotAsync();
            Assert.Equal(units.Count, after.Count);
            Assert.Equal("改名的街道", (await registry.GetAsync(renamed.Code))!.Unit.Name);
            Assert.True(acknowledged.Count >= 10, $"only {acknowledged.Count} alarms to acknowledge");
            var stored = await new PostgresLiveRecords(NpgsqlDataSource.Create(postgres.ConnectionString), NullLogger<PostgresLiveRecords>.Instance)
                .AlarmsAsync(new CityTwin.Abstractions.Records.AlarmQuery(world, null) { ClosedSince = start.AddHours(-1), Limit = 10_000 }, Ct);
            Assert.All(acknowledged, id => Assert.Equal(("tester", "before the kill"), stored.Where(r => r.RecordId == id).Select(r => (r.AcknowledgedBy, r.Note)).Single()));
            TestContext.Current.TestOutputHelper?.WriteLine($"{failures} calls failed around the kill; invariant clean over {report.Checked} units");
        }
        finally
        {
            await cluster.DisposeAsync();
            Environment.SetEnvironmentVariable(ConnectionVariable, null);
        }
    }

    private sealed class PostgresSilo : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo)
        {
            silo.AddCityTwinGrains();
            silo.AddAdoNetGrainStorage(StorageNames.Default, o =>
            {
                o.Invariant = "Npgsql";
                o.ConnectionString = Environment.GetEnvironmentVariable(ConnectionVariable)!;
            });
            silo.UsePostgresRecords(Environment.GetEnvironmentVariable(ConnectionVariable)!);
            silo.Services.Configure<CityTwin.Grains.Live.LiveOptions>(o =>
            {
                o.CoalesceWindow = TimeSpan.FromMilliseconds(50);
                o.ReconcileInterval = TimeSpan.FromSeconds(2);
                o.TickInterval = TimeSpan.FromMilliseconds(500);
            });
        }
    }
}
