using CityTwin.Abstractions;
using CityTwin.Abstractions.Registry;
using CityTwin.Domain.Generation;
using CityTwin.Domain.Registry;
using CityTwin.Domain.Units;
using Orleans.Runtime;
using Xunit;

namespace CityTwin.Grains.Tests.Registry;

public class RegistryClusterTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private static readonly Actor Tester = new("tester", "city-admin");
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static IReadOnlyList<Unit> City(int seed, int enterprises) =>
        BundleValidator.Validate(new CityBundle(CityGenerator.Generate(new CityGeneratorOptions { Seed = seed, Enterprises = enterprises }), [])).Units;

    [Fact]
    public async Task A_bundle_loaded_through_one_silo_is_visible_through_the_other()
    {
        var world = "t-load";
        var units = City(11, 60);
        var report = await new RegistryClient(fixture.SiloGrains(0), world).ApplyAllAsync(units, prune: false, Tester, Ct);
        Assert.Equal(units.Count, report.Upserted);

        var other = new RegistryClient(fixture.SiloGrains(1), world);
        var banner = await other.GetAsync("150622");
        Assert.NotNull(banner);
        Assert.Equal("准格尔旗", banner.Unit.Name);
        Assert.Equal("150600/150622", banner.Unit.Path);
        Assert.Equal(1, banner.Version);
        Assert.Equal(Tester, banner.UpdatedBy);

        var districts = await other.FindAsync(new UnitQuery { Parent = "150600", Kinds = [UnitKind.District] }, null, 100);
        Assert.Equal(["150602", "150603", "150621", "150622", "150623", "150624", "150625", "150626", "150627"], districts.Entries.Select(e => e.Code));
    }

    [Fact]
    public async Task A_unit_answers_the_same_from_either_silo_and_survives_deactivation()
    {
        var world = "t-same";
        var units = City(12, 30);
        await new RegistryClient(fixture.SiloGrains(0), world).ApplyAllAsync(units, prune: false, Tester, Ct);
        var source = units.First(u => u.Kind == UnitKind.HazardSource);

        var fromFirst = await new RegistryClient(fixture.SiloGrains(0), world).GetAsync(source.Code);
        var fromSecond = await new RegistryClient(fixture.SiloGrains(1), world).GetAsync(source.Code);
        Assert.NotNull(fromFirst);
        Assert.NotNull(fromSecond);
        Assert.Equal(UnitJson.Fingerprint(source), fromFirst.Fingerprint);
        Assert.Equal(fromFirst.Fingerprint, fromSecond.Fingerprint);
        Assert.Equal(source.HazardSource!.Sensors.Select(s => s.Code), fromSecond.Unit.HazardSource!.Sensors.Select(s => s.Code));

        var management = fixture.Cluster.Client.GetGrain<IManagementGrain>(0);
        var before = await management.GetTotalActivationCount(Ct);
        await management.ForceActivationCollection(TimeSpan.Zero, Ct);
        Assert.True(await management.GetTotalActivationCount(Ct) < before);

        var afterDeactivation = await new RegistryClient(fixture.SiloGrains(1), world).GetAsync(source.Code);
        Assert.NotNull(afterDeactivation);
        Assert.Equal(fromFirst.Fingerprint, afterDeactivation.Fingerprint);
        Assert.Equal(fromFirst.Version, afterDeactivation.Version);
        Assert.Equal(source.Path, afterDeactivation.Unit.Path);
    }

    [Fact]
    public async Task Reloading_changes_no_version_and_pruning_removes_what_the_bundle_lacks()
    {
        var world = "t-idem";
        var registry = new RegistryClient(fixture.SiloGrains(0), world);
        var units = City(13, 40);
        await registry.ApplyAllAsync(units, prune: false, Tester, Ct);

        var again = await registry.ApplyAllAsync(units, prune: true, Tester, Ct);
        Assert.Equal((0, units.Count, 0), (again.Upserted, again.Unchanged, again.Removed));
        Assert.Equal(1, (await registry.GetAsync("150602"))!.Version);

        var renamed = units.Select(u => u.Code == "150602" ? u with { Name = "东胜区(改)" } : u).ToList();
        var dropped = renamed.Where(u => u.Kind != UnitKind.RescueTeam).ToList();
        var teams = units.Count(u => u.Kind == UnitKind.RescueTeam);

        var kept = await registry.ApplyAllAsync(dropped, prune: false, Tester, Ct);
        Assert.Equal((1, 0), (kept.Upserted, kept.Removed));
        Assert.Equal(2, (await registry.GetAsync("150602"))!.Version);
        Assert.NotNull(await registry.GetAsync("team-150600-hazmat"));

        var pruned = await registry.ApplyAllAsync(dropped, prune: true, Tester, Ct);
        Assert.Equal(teams, pruned.Removed);
        Assert.Null(await registry.GetAsync("team-150600-hazmat"));
        Assert.Equal(dropped.Count, (await registry.SnapshotAsync()).Count);
    }

    [Fact]
    public async Task Moving_a_unit_repaths_its_descendants()
    {
        var world = "t-move";
        var registry = new RegistryClient(fixture.SiloGrains(0), world);
        var units = City(14, 40);
        await registry.ApplyAllAsync(units, prune: false, Tester, Ct);
        var enterprise = units.First(u => u.Kind == UnitKind.Enterprise && units.Any(h => h.Parent == u.Code));
        var newTown = units.First(u => u.Kind == UnitKind.Town && u.Code != enterprise.Parent);

        var change = await registry.UpsertUnitAsync(enterprise with { Parent = newTown.Code }, Tester);

        Assert.Empty(change.Problems);
        Assert.Equal($"{newTown.Path}/{enterprise.Code}", change.Record!.Unit.Path);
        var child = units.First(u => u.Parent == enterprise.Code);
        Assert.Equal($"{newTown.Path}/{enterprise.Code}/{child.Code}", (await registry.GetAsync(child.Code))!.Unit.Path);
        var found = await registry.FindAsync(new UnitQuery { PathPrefix = newTown.Path, Kinds = [UnitKind.HazardSource] }, null, 1000);
        Assert.Contains(found.Entries, e => e.Code == child.Code);
    }

    [Fact]
    public async Task A_single_upsert_under_an_unknown_or_wrong_parent_is_refused_and_changes_nothing()
    {
        var world = "t-bad";
        var registry = new RegistryClient(fixture.SiloGrains(1), world);
        var units = City(15, 20);
        await registry.ApplyAllAsync(units, prune: false, Tester, Ct);
        var enterprise = units.First(u => u.Kind == UnitKind.Enterprise);

        var unknown = await registry.UpsertUnitAsync(enterprise with { Parent = "nowhere", Name = "x" }, Tester);
        var wrong = await registry.UpsertUnitAsync(enterprise with { Parent = "150602", Name = "x" }, Tester);

        Assert.Equal(ProblemKind.UnknownParent, Assert.Single(unknown.Problems).Kind);
        Assert.Equal(ProblemKind.WrongParentKind, Assert.Single(wrong.Problems).Kind);
        var stored = await registry.GetAsync(enterprise.Code);
        Assert.Equal(enterprise.Name, stored!.Unit.Name);
        Assert.Equal(1, stored.Version);
    }
}
