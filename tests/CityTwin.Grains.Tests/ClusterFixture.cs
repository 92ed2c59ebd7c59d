using CityTwin.Grains;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.TestingHost;
using Xunit;

namespace CityTwin.Grains.Tests;

/// <summary>A three-silo in-process Orleans cluster with CityTwin's grains and memory storage.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public TestCluster Cluster { get; } = new TestClusterBuilder(3).AddSiloBuilderConfigurator<SiloConfigurator>().Build();

    public IGrainFactory SiloGrains(int silo) =>
        ((InProcessSiloHandle)Cluster.Silos[silo]).SiloHost.Services.GetRequiredService<IGrainFactory>();

    public async ValueTask InitializeAsync() => await Cluster.DeployAsync();

    public async ValueTask DisposeAsync() => await Cluster.DisposeAsync();

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo)
        {
            silo.AddCityTwinGrains();
            silo.AddMemoryGrainStorage(StorageNames.Default);
            // Short windows and timers keep the suite fast; production defaults are in LiveOptions.
            silo.Services.Configure<CityTwin.Grains.Live.LiveOptions>(o =>
            {
                o.CoalesceWindow = TimeSpan.FromMilliseconds(50);
                o.ReconcileInterval = TimeSpan.FromSeconds(2);
                o.TickInterval = TimeSpan.FromMilliseconds(500);
            });
        }
    }
}
