using CityTwin.Domain.Chemicals;
using CityTwin.Domain.Registry;
using CityTwin.Domain.Units;
using NetTopologySuite.IO;

namespace CityTwin.Abstractions.Registry;

/// <summary>
/// The registry of one world, seen from a silo or a client: loads bundles (plan, then apply in chunks with
/// progress), upserts and removes single units, gets and finds. Unit grains hold the records; the index
/// shards answer finds.
/// </summary>
public sealed class RegistryClient(IGrainFactory grains, string world = Worlds.GrainKey.Live)
{
    private const int ChunkSize = 2_000;
    private const int Parallelism = 64;

    public string World => world;

    private IRegistryIndexGrain Shard(int shard) => grains.GetGrain<IRegistryIndexGrain>(RegistryShards.Key(world, shard));

    private IRegistryIndexGrain ShardOf(string code) => Shard(RegistryShards.Of(code));

    /// <summary>Every index entry of the world (for silo-local directories such as the ingest edge's sensor routes).</summary>
    public async Task<IReadOnlyList<IndexEntry>> EntriesAsync()
    {
        var shards = await Task.WhenAll(Enumerable.Range(0, RegistryShards.Count).Select(i => Shard(i).ListAsync()));
        return shards.SelectMany(s => s).ToList();
    }

    /// <summary>What the registry holds now, by code.</summary>
    public async Task<IReadOnlyDictionary<string, ExistingUnit>> SnapshotAsync()
    {
        var shards = await Task.WhenAll(Enumerable.Range(0, RegistryShards.Count).Select(i => Shard(i).ListAsync()));
        return shards.SelectMany(s => s).ToDictionary(e => e.Code, e => new ExistingUnit(e.Path, e.Fingerprint), StringComparer.Ordinal);
    }

    /// <summary>
    /// Applies a validated bundle, reporting progress after each chunk: new and changed units are upserted (parents first), identical ones are left
    /// alone, and units the bundle lacks are removed only with <paramref name="prune"/>. Idempotent: an
    /// interrupted apply is completed by applying again.
    /// </summary>
    public async IAsyncEnumerable<LoadReport> ApplyAsync(IReadOnlyList<Unit> validated, bool prune, Actor by,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var plan = RegistryPlan.Create(validated, await SnapshotAsync(), prune);
        var report = new LoadReport(validated.Count, 0, plan.Unchanged, 0, plan.Upserts.Count + plan.Removals.Count);
        yield return report;

        foreach (var chunk in plan.Upserts.Chunk(ChunkSize))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var changed = await UpsertChunkAsync(chunk, by);
            report = report with { Upserted = report.Upserted + changed, Unchanged = report.Unchanged + chunk.Length - changed, Done = report.Done + chunk.Length };
            yield return report;
        }
        foreach (var chunk in plan.Removals.Chunk(ChunkSize))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var existing = await Task.WhenAll(chunk.Select(code => ShardOf(code).GetAsync(code)));
            await ForEachAsync(existing.OfType<IndexEntry>(), e => grains.GetUnitGrain(world, e.Kind, e.Code).RemoveAsync(by));
            await Task.WhenAll(chunk.GroupBy(RegistryShards.Of).Select(g => Shard(g.Key).RemoveAsync(g.ToList())));
            report = report with { Removed = report.Removed + chunk.Length, Done = report.Done + chunk.Length };
            yield return report;
        }
    }

    /// <summary>Applies a validated bundle and returns the final report.</summary>
    public async Task<LoadReport> ApplyAllAsync(IReadOnlyList<Unit> validated, bool prune, Actor by, CancellationToken cancellationToken = default)
    {
        LoadReport? last = null;
        await foreach (var report in ApplyAsync(validated, prune, by, cancellationToken)) last = report;
        return last!;
    }

    private async Task<int> UpsertChunkAsync(IReadOnlyList<Unit> units, Actor by)
    {
        var entries = new IndexEntry[units.Count];
        var changed = 0;
        await ForEachAsync(Enumerable.Range(0, units.Count), async i =>
        {
            var unit = units[i];
            var fingerprint = UnitJson.Fingerprint(unit);
            var outcome = await grains.GetUnitGrain(world, unit.Kind, unit.Code).UpsertAsync(unit, fingerprint, by);
            if (outcome.Changed) Interlocked.Increment(ref changed);
            entries[i] = Entry(unit, fingerprint, outcome.Version);
        });
        // The index follows the grains: a crash in between leaves a unit the next load sees as changed and re-applies.
        await Task.WhenAll(entries.GroupBy(e => RegistryShards.Of(e.Code)).Select(g => Shard(g.Key).UpsertAsync(g.ToList())));
        return changed;
    }

    /// <summary>
    /// Upserts one unit whose parent is already registered: validates it, resolves its path, and re-paths its
    /// descendants when it moved.
    /// </summary>
    public async Task<UnitChange> UpsertUnitAsync(Unit unit, Actor by)
    {
        var problems = new List<BundleProblem>();
        if (UnitCode.Problem(unit.Code) is { } why) problems.Add(new BundleProblem(ProblemKind.InvalidValue, unit.Code, "code", why));
        var existing = await ShardOf(unit.Code).GetAsync(unit.Code);
        if (existing is not null && existing.Kind != unit.Kind)
            problems.Add(new BundleProblem(ProblemKind.InvalidValue, unit.Code, "kind", $"is {existing.Kind.Name()} in the registry; remove it first to change its kind"));

        string path = unit.Code;
        var allowed = unit.Kind.AllowedParents();
        if (unit.Parent is null)
        {
            if (allowed.Count > 0) problems.Add(new BundleProblem(ProblemKind.MissingField, unit.Code, "parent", $"a {unit.Kind.Name()} needs a parent"));
        }
        else if (await ShardOf(unit.Parent).GetAsync(unit.Parent) is not { } parent)
            problems.Add(new BundleProblem(ProblemKind.UnknownParent, unit.Code, "parent", $"'{unit.Parent}' is not registered"));
        else if (!allowed.Contains(parent.Kind))
            problems.Add(new BundleProblem(ProblemKind.WrongParentKind, unit.Code, "parent", $"a {unit.Kind.Name()} cannot be under {parent.Kind.Name()} '{parent.Code}'"));
        else if (UnitPath.IsWithin(parent.Path, existing?.Path ?? "\0"))
            problems.Add(new BundleProblem(ProblemKind.Cycle, unit.Code, "parent", $"'{parent.Code}' lies below {unit.Code}"));
        else path = UnitPath.Child(parent.Path, unit.Code);

        BundleValidator.CheckUnit(unit, ChemicalCatalog.Default, cityCode: null, new Dictionary<string, string>(), problems);
        if (problems.Count > 0) return new UnitChange(null, problems);

        var placed = unit with { Path = path };
        await UpsertChunkAsync([placed], by);
        if (existing is not null && existing.Path != path) await RepathDescendantsAsync(existing.Path, path, by);
        var record = await grains.GetUnitGrain(world, unit.Kind, unit.Code).GetAsync();
        return new UnitChange(record, []);
    }

    private async Task RepathDescendantsAsync(string oldPath, string newPath, Actor by)
    {
        var descendants = (await FindAllAsync(new UnitQuery { PathPrefix = oldPath })).Where(e => e.Path != oldPath).ToList();

        var records = await Task.WhenAll(descendants.Select(e => grains.GetUnitGrain(world, e.Kind, e.Code).GetAsync()));
        var moved = records.OfType<UnitRecord>()
            .Select(r => r.Unit with { Path = newPath + r.Unit.Path[oldPath.Length..] })
            .ToList();
        foreach (var chunk in moved.Chunk(ChunkSize)) await UpsertChunkAsync(chunk, by);
    }

    /// <summary>Removes a unit that has no children. Null when it was not registered.</summary>
    public async Task<RemoveOutcome> RemoveUnitAsync(string code, Actor by)
    {
        if (await ShardOf(code).GetAsync(code) is not { } entry) return RemoveOutcome.NotFound;
        var children = await FindAsync(new UnitQuery { Parent = code }, null, 1);
        if (children.Entries.Count > 0) return RemoveOutcome.HasChildren;
        await grains.GetUnitGrain(world, entry.Kind, code).RemoveAsync(by);
        await ShardOf(code).RemoveAsync([code]);
        return RemoveOutcome.Removed;
    }

    /// <summary>The index entry of a code, or null when it is not registered.</summary>
    public Task<IndexEntry?> EntryAsync(string code) =>
        UnitCode.Problem(code) is null ? ShardOf(code).GetAsync(code) : Task.FromResult<IndexEntry?>(null);

    public async Task<UnitRecord?> GetAsync(string code)
    {
        if (UnitCode.Problem(code) is not null) return null;
        var entry = await ShardOf(code).GetAsync(code);
        return entry is null ? null : await grains.GetUnitGrain(world, entry.Kind, code).GetAsync();
    }

    /// <summary>Finds across every shard in parallel and merges by code; <paramref name="after"/> pages on.</summary>
    public async Task<IndexPage> FindAsync(UnitQuery query, string? after, int limit)
    {
        limit = Math.Clamp(limit, 1, 10_000);
        var shards = await Task.WhenAll(Enumerable.Range(0, RegistryShards.Count).Select(i => Shard(i).FindAsync(query, after, limit + 1)));
        var merged = shards.SelectMany(s => s).OrderBy(e => e.Code, StringComparer.Ordinal).Take(limit + 1).ToList();
        var more = merged.Count > limit;
        if (more) merged.RemoveAt(limit);
        return new IndexPage(merged, more ? merged[^1].Code : null);
    }

    /// <summary>Every entry matching the query, following the pages.</summary>
    public async Task<IReadOnlyList<IndexEntry>> FindAllAsync(UnitQuery query)
    {
        var entries = new List<IndexEntry>();
        string? after = null;
        do
        {
            var page = await FindAsync(query, after, 10_000);
            entries.AddRange(page.Entries);
            after = page.NextAfter;
        } while (after is not null);
        return entries;
    }

    public static IndexEntry Entry(Unit unit, string fingerprint, long version) => new(
        unit.Code, unit.Kind, unit.Name, unit.Parent, unit.Path, unit.Enterprise?.Sector, unit.Enterprise?.Department,
        new WKBWriter().Write(unit.Geometry), fingerprint, version)
    {
        Sensors = unit.HazardSource?.Sensors.Select(s => s.Code).ToList() ?? [],
    };

    private static async Task ForEachAsync<T>(IEnumerable<T> items, Func<T, Task> action)
    {
        await Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, async (item, _) => await action(item));
    }
}

/// <summary>Progress and outcome of a load: how many units the bundle has, and what happened to them.</summary>
[GenerateSerializer, Immutable, Alias("citytwin.LoadReport")]
public sealed record LoadReport(
    [property: Id(0)] int Total,
    [property: Id(1)] int Upserted,
    [property: Id(2)] int Unchanged,
    [property: Id(3)] int Removed,
    [property: Id(4)] int ToDo)
{
    [Id(5)] public int Done { get; init; }
}

public sealed record UnitChange(UnitRecord? Record, IReadOnlyList<BundleProblem> Problems);

public enum RemoveOutcome { Removed, NotFound, HasChildren }
