using CityTwin.Domain.Units;

namespace CityTwin.Domain.Registry;

/// <summary>
/// What applying a validated bundle to a registry does: upsert what is new or changed (by code), leave what
/// is identical alone (its version stays), and remove what the bundle lacks only when asked to prune.
/// Applying the same plan twice, or re-planning after an interrupted apply, converges on the bundle.
/// </summary>
public sealed record RegistryPlan(IReadOnlyList<Unit> Upserts, int Unchanged, IReadOnlyList<string> Removals)
{
    /// <param name="bundle">Validated units, parents before children.</param>
    /// <param name="existing">Code → fingerprint of what the registry holds now.</param>
    public static RegistryPlan Create(IReadOnlyList<Unit> bundle, IReadOnlyDictionary<string, ExistingUnit> existing, bool prune)
    {
        var upserts = new List<Unit>();
        var unchanged = 0;
        var codes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var unit in bundle)
        {
            codes.Add(unit.Code);
            if (existing.TryGetValue(unit.Code, out var current) && current.Fingerprint == UnitJson.Fingerprint(unit)) unchanged++;
            else upserts.Add(unit);
        }
        var removals = prune
            ? existing.Where(e => !codes.Contains(e.Key))
                .OrderByDescending(e => e.Value.Path.Count(c => c == UnitPath.Separator)).ThenBy(e => e.Key, StringComparer.Ordinal)
                .Select(e => e.Key).ToList()
            : [];
        return new RegistryPlan(upserts, unchanged, removals);
    }
}

/// <summary>What the registry holds for a code: enough to tell whether a bundle changes it.</summary>
public sealed record ExistingUnit(string Path, string Fingerprint);
