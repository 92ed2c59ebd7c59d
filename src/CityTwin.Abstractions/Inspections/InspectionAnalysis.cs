using CityTwin.Abstractions.Registry;
using CityTwin.Domain.Inspections;
using CityTwin.Domain.Risk;
using CityTwin.Domain.Units;

namespace CityTwin.Abstractions.Inspections;

/// <summary>How statistics are broken down besides the scope's total.</summary>
public enum StatisticsGrouping
{
    None,
    /// <summary>By industry sector (行业).</summary>
    Sector,
    /// <summary>By supervising department (三管三必须).</summary>
    Department,
}

/// <summary>One group's figures: its key (sector or department), its enterprises, how many have a ledger.</summary>
public sealed record StatisticsGroup(string Key, int Enterprises, int WithLedgers, HiddenDangerStats Stats);

/// <summary>Statistics of the enterprises a query selects; <see cref="AsOf"/> is the latest ledger clock read (null: no ledgers).</summary>
public sealed record ScopeStatistics(DateTimeOffset? AsOf, int Enterprises, int WithLedgers, HiddenDangerStats Total, IReadOnlyList<StatisticsGroup> Groups);

/// <summary>A plan with the registry entries of its enterprises (names, sectors, departments) and how many are benchmarks.</summary>
public sealed record ScopePlan(InspectionPlan Plan, IReadOnlyDictionary<string, IndexEntry> Enterprises, int Benchmarks);

/// <summary>
/// Statistics and inspection plans over the enterprises of a scope, seen from a silo or a client like
/// <see cref="RegistryClient"/>. The aggregation gathers at query time (docs/inspections.md, "Statistics service"):
/// the registry index names the enterprises in scope, the ledger directory says which have a ledger, and each of those
/// ledgers summarises its own records and returns a fixed-size summary (its repeats aside), at most
/// <see cref="Parallelism"/> calls in flight. "Overdue" moves with the clock, so an aggregate kept up to date on
/// change would also need every deadline to touch it; a gather reads the truth every time.
/// </summary>
public sealed class InspectionAnalysis(IGrainFactory grains, InspectionRules rules, string world = Worlds.GrainKey.Live)
{
    private const int Parallelism = 64;
    /// <summary>Sector or department of an enterprise the registry gives none (it always should).</summary>
    public const string Unassigned = "(none)";

    /// <summary>The figures of the enterprises <paramref name="scope"/> selects (its kinds are replaced by enterprises).</summary>
    public async Task<ScopeStatistics> StatisticsAsync(UnitQuery scope, StatisticsGrouping by)
    {
        var enterprises = await EnterprisesAsync(scope);
        var ledgers = await LedgerStatsAsync(enterprises);
        var total = HiddenDangerStatistics.Merge(ledgers.Values.Select(l => l.Stats));
        IReadOnlyList<StatisticsGroup> groups = by == StatisticsGrouping.None ? [] :
            [.. enterprises.GroupBy(e => (by == StatisticsGrouping.Sector ? e.Sector : e.Department) ?? Unassigned, StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g =>
                {
                    var mine = g.Where(e => ledgers.ContainsKey(e.Code)).Select(e => ledgers[e.Code].Stats).ToList();
                    return new StatisticsGroup(g.Key, g.Count(), mine.Count, HiddenDangerStatistics.Merge(mine));
                })];
        return new ScopeStatistics(AsOf(ledgers.Values), enterprises.Count, ledgers.Count, total, groups);
    }

    /// <summary>
    /// The risk-based plan for the enterprises <paramref name="scope"/> selects: each one's live level and benchmark flag
    /// (from its grain) and its open/overdue majors and repeats (from its ledger), planned by
    /// <see cref="InspectionPlanning.Plan"/> with the seed.
    /// </summary>
    public async Task<ScopePlan> PlanAsync(UnitQuery scope, DateOnly from, DateOnly to, int seed)
    {
        var enterprises = await EnterprisesAsync(scope);
        var ledgers = await LedgerStatsAsync(enterprises);
        var candidates = new PlanCandidate[enterprises.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, enterprises.Count), new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, async (i, _) =>
        {
            var code = enterprises[i].Code;
            var grain = grains.GetGrain<IEnterpriseGrain>(Worlds.GrainKey.For(world, code));
            var record = await grain.GetAsync();
            var live = await grain.GetLiveAsync();
            var stats = ledgers.TryGetValue(code, out var l) ? l.Stats : HiddenDangerStats.Empty;
            // An enterprise not assessed yet plans as blue: the level rule adds nothing, its ledger and the draw still count.
            candidates[i] = new PlanCandidate(code, live?.Summary.Level ?? RiskLevel.Blue, stats.OpenMajor, stats.OverdueMajor,
                stats.RepeatOffences.Count > 0, record?.Unit.Enterprise?.Benchmark ?? false);
        });
        var plan = InspectionPlanning.Plan(candidates, from, to, seed, rules.Planning);
        return new ScopePlan(plan, enterprises.ToDictionary(e => e.Code, StringComparer.Ordinal), candidates.Count(c => c.Benchmark));
    }

    private async Task<IReadOnlyList<IndexEntry>> EnterprisesAsync(UnitQuery scope) =>
        await new RegistryClient(grains, world).FindAllAsync(scope with { Kinds = [UnitKind.Enterprise] });

    /// <summary>Each ledger's summary, for the enterprises that have a ledger.</summary>
    private async Task<IReadOnlyDictionary<string, LedgerStats>> LedgerStatsAsync(IReadOnlyList<IndexEntry> enterprises)
    {
        var withLedger = (await grains.GetGrain<IHiddenDangerDirectoryGrain>(world).LedgersAsync()).ToHashSet(StringComparer.Ordinal);
        var codes = enterprises.Select(e => e.Code).Where(withLedger.Contains).ToList();
        var stats = new LedgerStats[codes.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, codes.Count), new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, async (i, _) =>
            stats[i] = await grains.GetGrain<IHiddenDangerLedgerGrain>(Worlds.GrainKey.For(world, codes[i])).GetStatsAsync());
        return Enumerable.Range(0, codes.Count).ToDictionary(i => codes[i], i => stats[i], StringComparer.Ordinal);
    }

    private static DateTimeOffset? AsOf(IEnumerable<LedgerStats> ledgers) => ledgers.Select(l => (DateTimeOffset?)l.AsOf).Max();
}
