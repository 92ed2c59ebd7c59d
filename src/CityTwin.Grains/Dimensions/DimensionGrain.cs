using CityTwin.Abstractions.Live;
using CityTwin.Abstractions.Records;
using CityTwin.Abstractions.Registry;
using CityTwin.Abstractions.Worlds;
using CityTwin.Domain.Risk;
using CityTwin.Domain.Risk.Rollup;
using CityTwin.Domain.Units;
using CityTwin.Grains.Live;
using Microsoft.Extensions.Options;

namespace CityTwin.Grains.Dimensions;

/// <summary>
/// A sector or supervising-department node (三管三必须): a slice rolls up the enterprises of its sector under one of
/// the city's children (a district, or a park directly under the city), the root rolls up its slices. The same
/// roll-up function as the geographic tree (DOMAIN.md §6 item 5). No state: everything is rebuilt from the registry
/// and the enterprises' live summaries.
/// </summary>
public sealed class DimensionGrain(TimeProvider time, RiskRules rules, IOptions<LiveOptions> options, ILiveRecords records) : Grain, IDimensionGrain
{
    private RollupParentBase _rollup = null!;
    private string _world = "";
    private string _code = "";
    private (string Tree, string Value, string? Slice) _dimension;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (_world, _code) = GrainKey.Parse(this.GetPrimaryKeyString());
        _dimension = DimensionCodes.Parse(_code) ?? throw new ArgumentException($"'{_code}' is not a sector or department node");
        _rollup = new RollupParentBase(this, GrainFactory, time, rules, LiveOptions.For(_world, options.Value), records, _world) { Children = ChildrenAsync };
        _rollup.Start(() => new RollupParent(_code, Name, RollupScope.Sector), ForwardAsync);
        return Task.CompletedTask;
    }

    private string Name => $"{_dimension.Tree} {_dimension.Value}" + (_dimension.Slice is { } slice ? $" @ {slice}" : "");

    private bool IsSector => _dimension.Tree == DimensionCodes.SectorPrefix;

    private async Task<IReadOnlyList<(string, Func<Task<RiskSummary?>>)>> ChildrenAsync()
    {
        var registry = new RegistryClient(GrainFactory, _world);
        var query = new UnitQuery
        {
            Kinds = [UnitKind.Enterprise],
            Sector = IsSector ? _dimension.Value : null,
            Department = IsSector ? null : _dimension.Value,
        };
        if (_dimension.Slice is { } slice)
        {
            if (await registry.GetAsync(slice) is not { } sliceUnit) return [];
            query = query with { PathPrefix = sliceUnit.Unit.Path };
        }
        var enterprises = await registry.FindAllAsync(query);

        if (_dimension.Slice is not null)
            return enterprises.Select(e => (e.Code, (Func<Task<RiskSummary?>>)(() => RollupParentBase.PullAsync(GrainFactory, _world, UnitKind.Enterprise, e.Code)))).ToList();

        // The root's children are the slices that have enterprises.
        return enterprises.Select(e => SliceOf(e.Path)).Where(s => s is not null).Distinct()
            .Select(s => Key(s!)).Select(key => (key, (Func<Task<RiskSummary?>>)(async () =>
                (await GrainFactory.GetGrain<IDimensionGrain>(GrainKey.For(_world, key)).GetLiveAsync())?.Summary))).ToList();
    }

    private string Key(string slice) => IsSector ? DimensionCodes.Sector(_dimension.Value, slice) : DimensionCodes.Department(_dimension.Value, slice);

    /// <summary>The city's child an enterprise lies under: the second code of its path.</summary>
    public static string? SliceOf(string path)
    {
        var codes = UnitPath.Codes(path);
        return codes.Length > 2 ? codes[1] : null;
    }

    private async Task ForwardAsync(RiskSummary summary)
    {
        await GrainFactory.GetGrain<IChangePublisherGrain>(_world).PublishAsync(new LevelChange(_world, _code, null, "",
            IsSector ? _dimension.Value : null, IsSector ? null : _dimension.Value, summary, _rollup.ChangedAt));
        if (_dimension.Slice is not null) await ForwardToRootAsync(summary);
    }

    private Task ForwardToRootAsync(RiskSummary summary) => GrainFactory.GetGrain<IDimensionGrain>(GrainKey.For(_world, IsSector ? DimensionCodes.Sector(_dimension.Value) : DimensionCodes.Department(_dimension.Value))).ReportAsync(summary);

    public Task ReportAsync(RiskSummary child) => _rollup.ReportAsync(child);

    public Task ReconcileAsync() => _rollup.ReconcileAsync();

    public Task<LiveUnit?> GetLiveAsync() => _rollup.GetLiveAsync();
}
