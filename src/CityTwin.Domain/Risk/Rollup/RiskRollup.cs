using CityTwin.Domain.Risk.Explanations;
using K = CityTwin.Domain.Risk.Explanations.ReasonKeys;

namespace CityTwin.Domain.Risk.Rollup;

/// <summary>The parent being rolled up: identity, its kind (for the cluster parameters) and, for a chemical park,
/// its own inherent level (A–D), which the roll-up never goes below (DOMAIN.md §5).</summary>
public sealed record RollupParent(string Code, string Name, RollupScope Scope)
{
    public InherentAssessment? Own { get; init; }
}

/// <summary>
/// The roll-up of DOMAIN.md §6 [DESIGN]: one pure function from the direct children's summaries to the parent's.
/// It serves live roll-up, reconciliation and the invariant check alike.
/// <list type="number">
/// <item>counts: the sum of the children's counts;</item>
/// <item>level: the worst child (WORST_CHILD), then cluster escalation — for L in {Yellow, Orange}, if the number of
/// children at L or worse reaches max(k_min, ⌈p·n⌉) the level is at least L + 1 (CLUSTER_YELLOW, CLUSTER_ORANGE);
/// then a park's own inherent level as a floor;</item>
/// <item>score: 100 · Σ wt·w(level) / (w(Red) · Σ wt), w = 1, 3, 9, 27;</item>
/// <item>the worst few children, ordered by level, then score, then code.</item>
/// </list>
/// The result does not depend on the children's order. O(n) with no sorting, so 1,000 children take microseconds.
/// </summary>
public static class RiskRollup
{
    private const int ClusterMembersShown = 5;

    /// <param name="previous">The parent's previous summary: the version stays when the content is unchanged and
    /// moves up by one when it changed (1 for a first summary).</param>
    public static RiskSummary Compute(RollupParent parent, IReadOnlyList<RiskSummary> children, RiskRules rules, RiskSummary? previous = null)
    {
        var rr = rules.Rollup;
        var w = rr.LevelWeight;
        var n = children.Count;
        var keep = Math.Max(rr.WorstChildren, ClusterMembersShown);
        var top = new RiskSummary[Math.Max(keep, 1)];
        var topCount = 0;

        ColourCounts enterprises = default, hazardSources = default, direct = default;
        double weighted = 0, weights = 0;
        for (var i = 0; i < n; i++)
        {
            var c = children[i];
            enterprises += c.Enterprises;
            hazardSources += c.HazardSources;
            direct = direct.Add(c.Level);
            weighted += c.Weight * w[(int)c.Level];
            weights += c.Weight;
            topCount = Insert(top, topCount, c);
        }

        var level = RiskLevel.Blue;
        var reasons = new List<RiskReason>(4);
        if (n > 0 && top[0].Level > RiskLevel.Blue)
        {
            var worst = top[0];
            level = worst.Level;
            reasons.Add(new RiskReason(RuleCodes.WorstChild, parent.Code, parent.Name, level, worst.Reasons.Count > 0 ? worst.Reasons[0].Since : null,
                [ReasonInput.Of(K.Child, worst.Code), ReasonInput.Of(K.ChildName, worst.Name), ReasonInput.Of(K.ChildLevel, worst.Level.ToString())]));
        }

        var cluster = rr.ClusterFor(parent.Scope);
        // The small epsilon keeps ⌈0.3·10⌉ at 3 whatever the last bit of the product.
        var needed = Math.Max(cluster.KMin, (int)Math.Ceiling(cluster.P * n - 1e-9));
        foreach (var (at, rule) in new[] { (RiskLevel.Yellow, RuleCodes.ClusterYellow), (RiskLevel.Orange, RuleCodes.ClusterOrange) })
        {
            var m = direct.AtLeast(at);
            var effect = at.Raise();
            if (n == 0 || m < needed || effect <= level) continue;
            level = effect;
            var members = new List<string>(ClusterMembersShown);
            for (var i = 0; i < topCount && members.Count < ClusterMembersShown; i++)
                if (top[i].Level >= at) members.Add(top[i].Code);
            var shown = string.Join(", ", members) + (m > members.Count ? ", …" : "");
            reasons.Add(new RiskReason(rule, parent.Code, parent.Name, level, null,
                [ReasonInput.Of(K.Matching, m), ReasonInput.Of(K.Children, n), ReasonInput.Of(K.Needed, needed), ReasonInput.Of(K.Members, shown)]));
        }

        if (parent.Own is { Applies: true } own && own.Level >= level && own.Level > RiskLevel.Blue)
        {
            level = own.Level;
            reasons.AddRange(own.Reasons);
        }

        var score = weights > 0 ? 100 * weighted / (w[(int)RiskLevel.Red] * weights) : 0;
        var worstDigests = new ChildDigest[Math.Min(topCount, rr.WorstChildren)];
        for (var i = 0; i < worstDigests.Length; i++)
        {
            var c = top[i];
            worstDigests[i] = new ChildDigest(c.Code, c.Name, c.Level, c.Score,
                c.Reasons.Count <= rr.ReasonsPerChild ? c.Reasons : [.. c.Reasons.Take(rr.ReasonsPerChild)]);
        }

        var summary = new RiskSummary
        {
            Code = parent.Code,
            Name = parent.Name,
            Level = level,
            Score = score,
            Enterprises = enterprises,
            HazardSources = hazardSources,
            Worst = worstDigests,
            Reasons = reasons.Ordered(),
            Version = 1,
        };
        if (previous is not null)
            summary = summary with { Version = summary.SameContentAs(previous) ? previous.Version : previous.Version + 1 };
        return summary;
    }

    /// <summary>The worst-first order: level, then score, then code (codes are unique, so the order is total).</summary>
    public static int CompareWorstFirst(RiskSummary a, RiskSummary b)
    {
        var byLevel = (int)b.Level - (int)a.Level; // not Enum.CompareTo: that boxes
        if (byLevel != 0) return byLevel;
        var byScore = b.Score.CompareTo(a.Score);
        return byScore != 0 ? byScore : string.CompareOrdinal(a.Code, b.Code);
    }

    /// <summary>Keeps the <c>top.Length</c> worst children seen so far, worst first (insertion into a tiny array).</summary>
    private static int Insert(RiskSummary[] top, int count, RiskSummary c)
    {
        if (count == top.Length && CompareWorstFirst(c, top[count - 1]) >= 0) return count;
        var i = count < top.Length ? count++ : count - 1;
        while (i > 0 && CompareWorstFirst(c, top[i - 1]) < 0)
        {
            top[i] = top[i - 1];
            i--;
        }
        top[i] = c;
        return count;
    }
}
