namespace CityTwin.Abstractions.Registry;

/// <summary>
/// One shard of a world's registry index, keyed <c>world/shard</c>. Units are spread over a fixed number of
/// shards by a stable hash of their code, so finds fan out in parallel and no single grain holds the city.
/// </summary>
[Alias("citytwin.IRegistryIndexGrain")]
public interface IRegistryIndexGrain : IGrainWithStringKey
{
    Task UpsertAsync(IReadOnlyList<IndexEntry> entries);

    Task RemoveAsync(IReadOnlyList<string> codes);

    [AlwaysInterleave]
    Task<IndexEntry?> GetAsync(string code);

    /// <summary>Entries matching the query with code after <paramref name="after"/>, ordered by code, at most <paramref name="limit"/>.</summary>
    [AlwaysInterleave]
    Task<IReadOnlyList<IndexEntry>> FindAsync(UnitQuery query, string? after, int limit);

    /// <summary>Every entry of the shard (for planning a load).</summary>
    [AlwaysInterleave]
    Task<IReadOnlyList<IndexEntry>> ListAsync();
}

public static class RegistryShards
{
    /// <summary>Fixed for the life of a deployment: changing it would re-home every index entry.</summary>
    public const int Count = 64;

    public static int Of(string code)
    {
        // FNV-1a: stable across processes and runtimes, unlike string.GetHashCode.
        var hash = 2166136261u;
        foreach (var c in code) hash = (hash ^ c) * 16777619u;
        return (int)(hash % Count);
    }

    public static string Key(string world, int shard) => Worlds.GrainKey.For(world, shard.ToString("D2", System.Globalization.CultureInfo.InvariantCulture));
}
