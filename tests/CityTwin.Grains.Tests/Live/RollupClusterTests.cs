using CityTwin.Abstractions;
using CityTwin.Abstractions.Live;
using CityTwin.Abstractions.Registry;
using CityTwin.Abstractions.Worlds;
using CityTwin.Domain.Generation;
using CityTwin.Domain.Registry;
using CityTwin.Domain.Risk;
using CityTwin.Domain.Risk.Rollup;
using CityTwin.Domain.Units;
using Xunit;

namespace CityTwin.Grains.Tests.Live;

public class RollupClusterTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly Actor Tester = new("tester", "city-admin");

    private async Task<(IReadOnlyList<Unit> Units, Unit Source, Sensor Sensor)> LoadAsync(string world, int seed)
    {
        var units = BundleValidator.Validate(new CityBundle(CityGenerator.Generate(new CityGeneratorOptions { Seed = seed, Enterprises = 40 }), [])).Units;
        await new RegistryClient(fixture.SiloGrains(0), world).ApplyAllAsync(units, prune: false, Tester, Ct);
        // A toxic-gas detector on a hazard source whose inherent level is Blue or Yellow, so an alarm shows.
        var source = units.Where(u => u.Kind == UnitKind.HazardSource)
            .First(u => u.HazardSource!.Sensors.Any(s => s.Kind == "toxic-gas") && InherentLevels.OfHazardSource(u, Domain.Chemicals.ChemicalCatalog.Default, RiskRules.Default,
                units.First(e => e.Code == u.Parent)).Level <= RiskLevel.Yellow);
        return (units, source, source.HazardSource!.Sensors.First(s => s.Kind == "toxic-gas"));
    }

    private static async Task<RiskSummary> Eventually(Func<Task<RiskSummary?>> read, Func<RiskSummary, bool> done, string what)
    {
        RiskSummary? last = null;
        // Up to 30 s: a loaded 2-core CI machine delays the coalescing timers along the path.
        for (var i = 0; i < 600; i++)
        {
            last = await read();
            if (last is not null && done(last)) return last;
            await Task.Delay(50, Ct);
        }
        throw new Xunit.Sdk.XunitException($"{what} never happened; last: {last?.Level} {string.Join("; ", last?.Reasons.Select(r => r.Rule) ?? [])}");
    }

    private static SourceReadings Readings(int sensor, long version, double value, long sequence, DateTimeOffset at) =>
        new(version, [sensor], [value], [at.ToUnixTimeMilliseconds()], [sequence], [false]);

    [Fact]
    public async Task A_high_high_alarm_reaches_the_city_and_its_sector_node_with_the_reason_and_clears_after_recovery()
    {
        var world = "t-spike";
        var (units, source, sensor) = await LoadAsync(world, 21);
        var grains = fixture.SiloGrains(1);
        var hs = grains.GetGrain<IHazardSourceGrain>(GrainKey.For(world, source.Code));
        var record = (await hs.GetAsync())!;
        var city = grains.GetGrain<IRegionGrain>(GrainKey.For(world, "150600"));
        var before = (await city.GetLiveAsync())!.Summary;

        var index = source.HazardSource!.Sensors.ToList().IndexOf(sensor);
        var t0 = DateTimeOffset.UtcNow;
        var outcome = await hs.ApplyReadingsAsync(Readings(index, record.Version, sensor.SetPoints.HighHigh!.Value * 1.5, 1, t0));
        Assert.Equal((1, 0, false), (outcome.Applied, outcome.Duplicates, outcome.RegistryMoved));

        var live = (await hs.GetLiveAsync())!;
        Assert.True(live.Summary.Level >= RiskLevel.Orange);
        Assert.Contains(live.Summary.Reasons, r => r.Rule.StartsWith("ALARM_HH", StringComparison.Ordinal));

        var raised = await Eventually(async () => (await city.GetLiveAsync())?.Summary, s => s.HazardSources[live.Summary.Level] > before.HazardSources[live.Summary.Level], "the city counting the alarmed source");
        Assert.True(raised.Version > before.Version);
        Assert.True(raised.Level >= RiskLevel.Orange);

        var enterprise = units.First(u => u.Code == source.Parent);
        var slice = grains.GetGrain<IDimensionGrain>(GrainKey.For(world, DimensionCodes.Sector(enterprise.Enterprise!.Sector, source.Path.Split('/')[1])));
        await Eventually(async () => (await slice.GetLiveAsync())?.Summary, s => s.Level >= RiskLevel.Orange, "the sector slice turning at least orange");
        var sectorRoot = grains.GetGrain<IDimensionGrain>(GrainKey.For(world, DimensionCodes.Sector(enterprise.Enterprise!.Sector)));
        await Eventually(async () => (await sectorRoot.GetLiveAsync())?.Summary, s => s.Level >= RiskLevel.Orange, "the sector root turning at least orange");

        // Duplicates and older readings change nothing.
        var duplicate = await hs.ApplyReadingsAsync(Readings(index, record.Version, 0, 1, t0.AddSeconds(1)));
        Assert.Equal((0, 1), (duplicate.Applied, duplicate.Duplicates));
        var older = await hs.ApplyReadingsAsync(Readings(index, record.Version, 0, 5, t0.AddSeconds(-10)));
        Assert.Equal((0, 1), (older.Applied, older.Duplicates));
        Assert.Equal(live.Summary.Level, (await hs.GetLiveAsync())!.Summary.Level);

        // Recovery, driven by event time: the value falls back, the clear delay (60 s) and the downgrade hold (5 min) pass.
        foreach (var (seconds, seq) in new[] { (2, 10L), (120, 11L), (200, 12L), (700, 13L) })
            await hs.ApplyReadingsAsync(Readings(index, record.Version, 0, seq, t0.AddSeconds(seconds)));
        var recovered = (await hs.GetLiveAsync())!.Summary;
        Assert.DoesNotContain(recovered.Reasons, r => r.Rule.StartsWith("ALARM_", StringComparison.Ordinal));
        await Eventually(async () => (await city.GetLiveAsync())?.Summary, s => s.HazardSources == before.HazardSources, "the city returning to its counts before the spike");
    }

    [Fact]
    public async Task A_stale_registry_version_is_refused_so_the_edge_re_routes()
    {
        var world = "t-stale";
        var (_, source, _) = await LoadAsync(world, 22);
        var hs = fixture.SiloGrains(2).GetGrain<IHazardSourceGrain>(GrainKey.For(world, source.Code));
        var outcome = await hs.ApplyReadingsAsync(Readings(0, 999, 1, 1, DateTimeOffset.UtcNow));
        Assert.True(outcome.RegistryMoved);
        Assert.Equal(0, outcome.Applied);
    }

    [Fact]
    public async Task Late_or_duplicated_summaries_are_ignored_and_a_newer_activation_is_accepted()
    {
        var world = "t-versions";
        var (units, _, _) = await LoadAsync(world, 23);
        var grains = fixture.SiloGrains(0);
        var district = units.First(u => u.Kind == UnitKind.District && units.Any(t => t.Parent == u.Code && t.Kind == UnitKind.Town && units.Any(e => e.Parent == t.Code)));
        var town = units.First(t => t.Parent == district.Code && t.Kind == UnitKind.Town && units.Any(e => e.Parent == t.Code));
        var parent = grains.GetGrain<IRegionGrain>(GrainKey.For(world, district.Code));
        var current = (await grains.GetGrain<IRegionGrain>(GrainKey.For(world, town.Code)).GetLiveAsync())!.Summary;
        var baseline = (await parent.GetLiveAsync())!.Summary;

        var red = current with { Level = RiskLevel.Red, Score = 99, Enterprises = new Domain.Risk.Rollup.ColourCounts(0, 0, 0, 7) };
        await parent.ReportAsync(red with { Version = current.Version - 1 });   // late
        await parent.ReportAsync(current);                                     // duplicate
        await Task.Delay(300, Ct);
        Assert.Equal(baseline.Level, (await parent.GetLiveAsync())!.Summary.Level);

        await parent.ReportAsync(red with { Version = new SummaryVersions(DateTimeOffset.UtcNow.AddMinutes(1)).Next() });   // a restarted child
        var after = await Eventually(async () => (await parent.GetLiveAsync())?.Summary, s => s.Level == RiskLevel.Red, "the newer summary being accepted");
        Assert.Equal(7, after.Enterprises.Red);
    }
}
