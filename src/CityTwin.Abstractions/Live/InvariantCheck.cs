using CityTwin.Abstractions.Registry;
using CityTwin.Abstractions.Worlds;
using CityTwin.Domain.Risk;
using CityTwin.Domain.Risk.Rollup;
using CityTwin.Domain.Units;

namespace CityTwin.Abstractions.Live;

/// <summary>One unit whose cached summary differs from what its leaves say now.</summary>
[GenerateSerializer, Immutable, Alias("citytwin.InvariantMismatch")]
public sealed record InvariantMismatch(
    [property: Id(0)] string Code,
    [property: Id(1)] string Field,
    [property: Id(2)] string Cached,
    [property: Id(3)] string Expected);

/// <summary>The outcome of a check: how many units were compared, and every mismatch.</summary>
[GenerateSerializer, Immutable, Alias("citytwin.InvariantReport")]
public sealed record InvariantReport(
    [property: Id(0)] int Checked,
    [property: Id(1)] IReadOnlyList<InvariantMismatch> Mismatches);

/// <summary>
/// The roll-up invariant: after quiescence every parent's summary equals the roll-up recomputed from its leaves.
/// This asks every hazard source for its assessment afresh, recomputes enterprises and regions bottom-up with the
/// same domain functions, and compares with what the grains hold — it never trusts a parent's cached children.
/// </summary>
public sealed class InvariantCheck(IGrainFactory grains, RiskRules rules, string world = GrainKey.Live)
{
    public async Task<InvariantReport> RunAsync(string scopeCode)
    {
        var registry = new RegistryClient(grains, world);
        var scope = await registry.GetAsync(scopeCode) ?? throw new ArgumentException($"unit '{scopeCode}' is not registered", nameof(scopeCode));
        var entries = await registry.FindAllAsync(new UnitQuery { PathPrefix = scope.Unit.Path });

        var mismatches = new List<InvariantMismatch>();
        var expected = new Dictionary<string, RiskSummary>(StringComparer.Ordinal);
        var byParent = entries.Where(e => e.Parent is not null).ToLookup(e => e.Parent!, StringComparer.Ordinal);

        // Enterprises from their hazard sources' fresh assessments.
        var enterprises = entries.Where(e => e.Kind == UnitKind.Enterprise).ToList();
        var computed = await Task.WhenAll(enterprises.Select(e => ExpectedEnterpriseAsync(e, byParent[e.Code])));
        foreach (var summary in computed.OfType<RiskSummary>()) expected[summary.Code] = summary;

        // Regions bottom-up, deepest first.
        foreach (var region in entries.Where(e => e.Kind.IsRegion()).OrderByDescending(e => e.Path.Count(c => c == '/')))
        {
            var record = await registry.GetAsync(region.Code);
            if (record is null || RollupScopes.Of(region.Kind) is not { } kind) continue;
            var parent = new RollupParent(region.Code, region.Name, kind)
            {
                Own = region.Kind == UnitKind.Park ? InherentLevels.OfPark(record.Unit, rules.Assessment) : null,
            };
            var children = byParent[region.Code].Select(c => expected.GetValueOrDefault(c.Code)).OfType<RiskSummary>().ToList();
            expected[region.Code] = RiskRollup.Compute(parent, children, rules);
        }

        var compared = 0;
        foreach (var entry in entries.Where(e => e.Kind == UnitKind.Enterprise || e.Kind.IsRegion()))
        {
            if (!expected.TryGetValue(entry.Code, out var want)) continue;
            var cached = grains.GetRiskNode(world, entry.Kind, entry.Code) is { } node ? (await node.GetLiveAsync())?.Summary : null;
            compared++;
            Compare(entry.Code, cached, want, mismatches);
        }
        return new InvariantReport(compared, mismatches);
    }

    private async Task<RiskSummary?> ExpectedEnterpriseAsync(IndexEntry enterprise, IEnumerable<IndexEntry> children)
    {
        var record = await grains.GetGrain<IEnterpriseGrain>(GrainKey.For(world, enterprise.Code)).GetAsync();
        if (record is null) return null;
        var sources = await Task.WhenAll(children.Where(c => c.Kind == UnitKind.HazardSource)
            .Select(c => grains.GetGrain<IHazardSourceGrain>(GrainKey.For(world, c.Code)).GetAssessmentAsync()));
        // The enterprise's other leaf: its hidden-danger ledger, asked afresh as well (only if it has one).
        var dangers = await grains.GetGrain<Inspections.IHiddenDangerDirectoryGrain>(world).HasLedgerAsync(enterprise.Code)
            ? (await grains.GetGrain<Inspections.IHiddenDangerLedgerGrain>(GrainKey.For(world, enterprise.Code)).GetEffectAsync()).Counts
            : CityTwin.Domain.Inspections.HiddenDangerEffect.None.Counts;
        var inputs = EnterpriseInputs.From(record.Unit, InherentLevels.OfEnterprise(record.Unit, rules, [])) with
        {
            HazardSources = sources.OfType<SourceAssessment>().Select(s => s.Assessment).OrderBy(a => a.Code, StringComparer.Ordinal).ToList(),
            HiddenDangers = dangers,
        };
        return RiskSummary.Of(EnterpriseRisk.Evaluate(inputs, rules));
    }

    private static void Compare(string code, RiskSummary? cached, RiskSummary expected, List<InvariantMismatch> mismatches)
    {
        if (cached is null)
        {
            mismatches.Add(new InvariantMismatch(code, "summary", "none", expected.Level.ToString()));
            return;
        }
        if (cached.Level != expected.Level) mismatches.Add(new InvariantMismatch(code, "level", cached.Level.ToString(), expected.Level.ToString()));
        if (Math.Abs(cached.Score - expected.Score) > 1e-9) mismatches.Add(new InvariantMismatch(code, "score", cached.Score.ToString("R"), expected.Score.ToString("R")));
        if (cached.Enterprises != expected.Enterprises) mismatches.Add(new InvariantMismatch(code, "enterprises", cached.Enterprises.ToString(), expected.Enterprises.ToString()));
        if (cached.HazardSources != expected.HazardSources) mismatches.Add(new InvariantMismatch(code, "hazardSources", cached.HazardSources.ToString(), expected.HazardSources.ToString()));
    }
}
