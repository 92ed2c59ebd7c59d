using CityTwin.Abstractions.Registry;
using CityTwin.Domain.Registry;
using CityTwin.Domain.Units;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;
using NetTopologySuite.Index.Strtree;
using NetTopologySuite.IO;

namespace CityTwin.Grains.Registry;

[GenerateSerializer, Alias("citytwin.RegistryIndexState")]
public sealed class RegistryIndexState
{
    [Id(0)] public Dictionary<string, IndexEntry> Entries { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>One shard of the registry index. Finds scan the shard's entries; spatial finds go through an STR-tree.</summary>
public sealed partial class RegistryIndexGrain([PersistentState("registryIndex", StorageNames.Default)] IPersistentState<RegistryIndexState> state)
    : Grain, IRegistryIndexGrain
{
    private STRtree<IndexEntry>? _spatial;

    public async Task UpsertAsync(IReadOnlyList<IndexEntry> entries)
    {
        var changed = false;
        foreach (var e in entries)
        {
            if (state.State.Entries.TryGetValue(e.Code, out var current) && current.Fingerprint == e.Fingerprint && current.Version == e.Version) continue;
            state.State.Entries[e.Code] = e;
            changed = true;
        }
        if (!changed) return;
        _spatial = null;
        await state.WriteOrForgetAsync(DeactivateOnIdle);
    }

    public async Task RemoveAsync(IReadOnlyList<string> codes)
    {
        var removed = codes.Count(state.State.Entries.Remove);
        if (removed == 0) return;
        _spatial = null;
        await state.WriteOrForgetAsync(DeactivateOnIdle);
    }

    public Task<IndexEntry?> GetAsync(string code) => Task.FromResult(state.State.Entries.GetValueOrDefault(code));

    public Task<IReadOnlyList<IndexEntry>> ListAsync() => Task.FromResult<IReadOnlyList<IndexEntry>>(state.State.Entries.Values.ToList());

    public Task<IReadOnlyList<IndexEntry>> FindAsync(UnitQuery query, string? after, int limit)
    {
        IEnumerable<IndexEntry> candidates = state.State.Entries.Values;
        IPreparedGeometry? within = null;
        if (query.WithinWkb is { } wkb)
        {
            var area = new WKBReader(BundleJson.Geometry.GeometryServices).Read(wkb);
            within = PreparedGeometryFactory.Prepare(area);
            candidates = Spatial().Query(area.EnvelopeInternal);
        }
        var kinds = query.Kinds.Count > 0 ? query.Kinds.ToHashSet() : null;
        var result = candidates
            .Where(e => after is null || string.CompareOrdinal(e.Code, after) > 0)
            .Where(e => kinds is null || kinds.Contains(e.Kind))
            .Where(e => query.Sector is null || e.Sector == query.Sector)
            .Where(e => query.Department is null || e.Department == query.Department)
            .Where(e => query.Parent is null || e.Parent == query.Parent)
            .Where(e => query.PathPrefix is null || UnitPath.IsWithin(e.Path, query.PathPrefix))
            .Where(e => query.Scopes.Count == 0 || query.Scopes.Any(s => UnitPath.IsWithin(e.Path, s)))
            .Where(e => within is null || within.Intersects(GeometryOf(e)))
            .OrderBy(e => e.Code, StringComparer.Ordinal)
            .Take(limit)
            .ToList();
        return Task.FromResult<IReadOnlyList<IndexEntry>>(result);
    }

    // Parsed geometries, rebuilt with the STR-tree whenever the shard changes.
    private readonly Dictionary<string, Geometry> _geometries = new(StringComparer.Ordinal);

    private Geometry GeometryOf(IndexEntry e)
    {
        if (_geometries.TryGetValue(e.Code, out var g)) return g;
        g = new WKBReader(BundleJson.Geometry.GeometryServices).Read(e.GeometryWkb);
        _geometries[e.Code] = g;
        return g;
    }

    private STRtree<IndexEntry> Spatial()
    {
        if (_spatial is not null) return _spatial;
        _geometries.Clear();
        var tree = new STRtree<IndexEntry>();
        foreach (var e in state.State.Entries.Values) tree.Insert(GeometryOf(e).EnvelopeInternal, e);
        tree.Build();
        return _spatial = tree;
    }
}
