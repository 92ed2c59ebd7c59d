using CityTwin.Domain.Registry;
using CityTwin.Domain.Units;
using Xunit;
using static CityTwin.Domain.Tests.Registry.BundleBuilder;

namespace CityTwin.Domain.Tests.Registry;

public class RegistryPlanTests
{
    private static IReadOnlyList<Unit> Units() => BundleValidator.Validate(BundleReader.Read(Files(ValidFeatures))).Units;

    private static Dictionary<string, ExistingUnit> Registry(IEnumerable<Unit> units) =>
        units.ToDictionary(u => u.Code, u => new ExistingUnit(u.Path, UnitJson.Fingerprint(u)));

    [Fact]
    public void First_load_upserts_everything()
    {
        var plan = RegistryPlan.Create(Units(), new Dictionary<string, ExistingUnit>(), prune: false);
        Assert.Equal(5, plan.Upserts.Count);
        Assert.Equal(0, plan.Unchanged);
        Assert.Empty(plan.Removals);
    }

    [Fact]
    public void Loading_the_same_bundle_again_changes_nothing()
    {
        var units = Units();
        var plan = RegistryPlan.Create(Units(), Registry(units), prune: true);
        Assert.Empty(plan.Upserts);
        Assert.Equal(5, plan.Unchanged);
        Assert.Empty(plan.Removals);
    }

    [Fact]
    public void An_interrupted_apply_is_completed_by_loading_again()
    {
        var units = Units();
        var plan = RegistryPlan.Create(units, Registry(units.Take(2)), prune: false);
        Assert.Equal(["150602001", "ent-150602-0001", "hs-150602-0001-1"], plan.Upserts.Select(u => u.Code));
        Assert.Equal(2, plan.Unchanged);
    }

    [Fact]
    public void A_changed_unit_is_upserted_by_code()
    {
        var units = Units();
        var changed = units.Select(u => u.Code == "150602001" ? u with { Name = "新名字" } : u).ToList();
        var plan = RegistryPlan.Create(changed, Registry(units), prune: false);
        Assert.Equal("新名字", Assert.Single(plan.Upserts).Name);
    }

    [Fact]
    public void A_missing_unit_is_removed_only_when_pruning_deepest_first()
    {
        var units = Units();
        var kept = units.Take(3).ToList();
        Assert.Empty(RegistryPlan.Create(kept, Registry(units), prune: false).Removals);
        Assert.Equal(["hs-150602-0001-1", "ent-150602-0001"], RegistryPlan.Create(kept, Registry(units), prune: true).Removals);
    }

    [Fact]
    public void Canonical_json_round_trips_every_profile()
    {
        foreach (var unit in Units())
        {
            var back = BundleReader.ReadUnit(UnitJson.ToCanonical(unit));
            Assert.Equal(UnitJson.Fingerprint(unit), UnitJson.Fingerprint(back));
            Assert.Equal(unit.Path, back.Path);
        }
    }
}
