using CityTwin.Domain.Risk.Rollup;

namespace CityTwin.Grains.Live;

/// <summary>The newest summary per child; an older or equal version never replaces a newer one.</summary>
internal sealed class RollupChildren
{
    private readonly Dictionary<string, RiskSummary> _byCode = new(StringComparer.Ordinal);

    public IReadOnlyList<RiskSummary> All => _byCode.Values.ToList();

    public int Count => _byCode.Count;

    public bool Accept(RiskSummary child)
    {
        if (_byCode.TryGetValue(child.Code, out var current) && current.Version >= child.Version) return false;
        _byCode[child.Code] = child;
        return true;
    }

    /// <summary>Reconciliation: the children are exactly <paramref name="codes"/>; pulled summaries count like reports.</summary>
    public void Reset(IReadOnlyCollection<string> codes, IEnumerable<RiskSummary> pulled)
    {
        foreach (var gone in _byCode.Keys.Where(k => !codes.Contains(k)).ToList()) _byCode.Remove(gone);
        foreach (var summary in pulled) Accept(summary);
    }
}
