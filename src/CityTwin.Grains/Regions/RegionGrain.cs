using CityTwin.Abstractions.Live;
using CityTwin.Abstractions.Records;
using CityTwin.Abstractions.Registry;
using CityTwin.Abstractions.Worlds;
using CityTwin.Domain.Risk;
using CityTwin.Domain.Risk.Rollup;
using CityTwin.Domain.Units;
using CityTwin.Grains.Live;
using CityTwin.Grains.Registry;
using Microsoft.Extensions.Options;

namespace CityTwin.Grains.Regions;

/// <summary>
/// The city, a district, a town or a park: its registry record, and the roll-up of its children (sub-regions and
/// enterprises) per DOMAIN.md §6, reported to its own parent on change.
/// </summary>
public sealed partial class RegionGrain(
    [PersistentState("region", StorageNames.Default)] IPersistentState<UnitState> state,
    TimeProvider time, RiskRules rules, IOptions<LiveOptions> options, ILiveRecords records)
    : UnitGrain(state, time), IRegionGrain
{
    private RollupParentBase _rollup = null!;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await base.OnActivateAsync(cancellationToken);
        _rollup = new RollupParentBase(this, GrainFactory, Time, rules, LiveOptions.For(World, options.Value), records, World);
        _rollup.Children = ChildrenAsync;
        _rollup.Start(Describe, ForwardAsync);
    }

    private RollupParent? Describe()
    {
        if (Record?.Unit is not { } unit || RollupScopes.Of(unit.Kind) is not { } scope) return null;
        return new RollupParent(unit.Code, unit.Name, scope)
        {
            Own = unit.Kind == UnitKind.Park ? InherentLevels.OfPark(unit, rules.Assessment) : null,
        };
    }

    private async Task<IReadOnlyList<(string, Func<Task<RiskSummary?>>)>> ChildrenAsync()
    {
        var registry = new RegistryClient(GrainFactory, World);
        var entries = await registry.FindAllAsync(new UnitQuery { Parent = Code, Kinds = [UnitKind.District, UnitKind.Town, UnitKind.Park, UnitKind.Enterprise] });
        return entries.Select(e => (e.Code, (Func<Task<RiskSummary?>>)(() => RollupParentBase.PullAsync(GrainFactory, World, e.Kind, e.Code)))).ToList();
    }

    private async Task ForwardAsync(RiskSummary summary)
    {
        if (Record?.Unit is not { } unit) return;
        await GrainFactory.GetGrain<IChangePublisherGrain>(World).PublishAsync(new LevelChange(World, unit.Code, unit.Kind, unit.Path, null, null, summary, _rollup.ChangedAt));
        if (unit.Parent is { } parent) await GrainFactory.GetGrain<IRegionGrain>(GrainKey.For(World, parent)).ReportAsync(summary);
    }

    public Task ReportAsync(RiskSummary child) => _rollup.ReportAsync(child);

    public Task ReconcileAsync() => _rollup.ReconcileAsync();

    public Task<LiveUnit?> GetLiveAsync() => _rollup.GetLiveAsync();
}
