using System.Collections.Concurrent;
using CityTwin.Abstractions.Registry;
using CityTwin.Domain.Units;

namespace CityTwin.Server.Security;

/// <summary>
/// Turns a caller's scope into the units it may see. A path scope is itself; a sector/department slice is the
/// paths of the slice's enterprises (so their hazard sources come with them), looked up in the registry and
/// kept for a few seconds: a new enterprise of the sector shows within <see cref="SliceTtl"/>.
/// </summary>
public sealed class ScopeResolver(RegistryClient registry, TimeProvider time)
{
    public static readonly TimeSpan SliceTtl = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<SliceScope, (DateTimeOffset At, VisibleUnits Units)> _slices = new();

    public ValueTask<VisibleUnits> VisibleToAsync(Caller caller) => caller.Scope switch
    {
        PathScope p => ValueTask.FromResult(new VisibleUnits([p.Path])),
        SliceScope s => SliceAsync(s),
        _ => ValueTask.FromResult(VisibleUnits.Everything),
    };

    private async ValueTask<VisibleUnits> SliceAsync(SliceScope slice)
    {
        var now = time.GetUtcNow();
        if (_slices.TryGetValue(slice, out var cached) && now - cached.At < SliceTtl) return cached.Units;

        var query = new UnitQuery
        {
            Kinds = [UnitKind.Enterprise],
            Sector = slice.Dimension == SliceScope.Sector ? slice.Value : null,
            Department = slice.Dimension == SliceScope.Department ? slice.Value : null,
            PathPrefix = slice.Within,
        };
        var paths = (await registry.FindAllAsync(query)).Select(e => e.Path).ToList();

        var units = new VisibleUnits(paths);
        _slices[slice] = (now, units);
        return units;
    }
}
