using CityTwin.Grains;
using CityTwin.Grains.Inspections;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.Hosting;
using Orleans.TestingHost;
using Xunit;

namespace CityTwin.Grains.Tests.Inspections;

/// <summary>
/// A two-silo cluster for the ledger: memory storage, in-memory reminders, and one fake loop clock shared by both
/// silos (they run in this process), so deadlines pass when a test says so while Orleans' timers keep wall time.
/// </summary>
public sealed class LedgerClusterFixture : IAsyncLifetime
{
    /// <summary>2026-04-24 10:00 in the sample city (Asia/Shanghai).</summary>
    public static readonly DateTimeOffset Start = new(2026, 4, 24, 10, 0, 0, TimeSpan.FromHours(8));

    private static readonly FakeTimeProvider SharedClock = new(Start);

    /// <summary>The test classes that advance the shared clock run one after another (xunit collection name).</summary>
    public const string ClockUsers = "loop-clock";

    public FakeTimeProvider Clock => SharedClock;

    public TestCluster Cluster { get; } = new TestClusterBuilder(2).AddSiloBuilderConfigurator<SiloConfigurator>().Build();

    public IGrainFactory Grains => Cluster.Client;

    public async ValueTask InitializeAsync() => await Cluster.DeployAsync();

    public async ValueTask DisposeAsync() => await Cluster.DisposeAsync();

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo)
        {
            silo.Services.AddSingleton(new LoopClock(SharedClock));
            silo.AddCityTwinGrains();
            silo.AddMemoryGrainStorage(StorageNames.Default);
            silo.UseInMemoryReminderService();
        }
    }
}
