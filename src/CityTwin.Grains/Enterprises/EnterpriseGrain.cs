using CityTwin.Abstractions.Inspections;
using CityTwin.Abstractions.Live;
using CityTwin.Abstractions.Records;
using CityTwin.Abstractions.Registry;
using CityTwin.Abstractions.Worlds;
using CityTwin.Domain.Inspections;
using CityTwin.Domain.Risk;
using CityTwin.Domain.Risk.Rollup;
using CityTwin.Domain.Units;
using CityTwin.Domain.Risk.Explanations;
using CityTwin.Grains.Dimensions;
using CityTwin.Grains.Inspections;
using CityTwin.Grains.Records;
using CityTwin.Grains.Registry;

namespace CityTwin.Grains.Enterprises;

/// <summary>
/// An enterprise: its registry record and its dynamic level (DOMAIN.md §3.2 step 3) from its hazard sources'
/// assessments, its hidden-danger ledger's effect and its daily commitment in force, reported on change to its park or town and
/// to its sector and department slices. Turning orange or red above its inherent level tells its warning book (one
/// one-way message per such change; docs/warnings.md).
/// </summary>
public sealed partial class EnterpriseGrain(
    [PersistentState("enterprise", StorageNames.Default)] IPersistentState<UnitState> state,
    TimeProvider time, RiskRules rules, ILiveRecords records, InspectionRules loops, LoopClock clock)
    : UnitGrain(state, time), IEnterpriseGrain
{
    private readonly Dictionary<string, SourceAssessment> _sources = new(StringComparer.Ordinal);
    private HiddenDangerEffect _hiddenDangers = HiddenDangerEffect.None;
    private DailyCommitment? _commitment;
    private SummaryVersions _versions;
    private RiskSummary? _summary;
    private DateTimeOffset _computedAt;
    private DateTimeOffset _changedAt;
    private Task? _firstReconcile;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await base.OnActivateAsync(cancellationToken);
        _versions = new SummaryVersions(Time.GetUtcNow());
    }

    public async Task ReportSourceAsync(HazardSourceAssessment source, long version)
    {
        if (_sources.TryGetValue(source.Code, out var current) && current.Version >= version) return;
        _sources[source.Code] = new SourceAssessment(source, version);
        if (_firstReconcile is not { IsCompletedSuccessfully: true }) await EnsureReconciledAsync();
        else await RecomputeAsync();
    }

    public async Task ReportHiddenDangersAsync(HiddenDangerEffect effect)
    {
        _hiddenDangers = effect;
        if (_firstReconcile is not { IsCompletedSuccessfully: true }) await EnsureReconciledAsync();
        else await RecomputeAsync();
    }

    public async Task ReportCommitmentAsync(DailyCommitment? inForce)
    {
        _commitment = inForce;
        if (_firstReconcile is not { IsCompletedSuccessfully: true }) await EnsureReconciledAsync();
        else await RecomputeAsync();
    }

    public async Task<LiveUnit?> GetLiveAsync()
    {
        await EnsureReconciledAsync();
        return _summary is null ? null : new LiveUnit(_summary, _computedAt, []) { ChangedAt = _changedAt };
    }

    /// <summary>Pulls every hazard source's assessment (on first use after activation), then recomputes.</summary>
    /// <summary>The first reconcile after activation, shared, so an interleaved read waits for it instead of answering early.</summary>
    private async Task EnsureReconciledAsync()
    {
        _firstReconcile ??= ReconcileAsync();
        try
        {
            await _firstReconcile;
        }
        catch
        {
            _firstReconcile = null;
            throw;
        }
    }

    private async Task ReconcileAsync()
    {
        var registry = new RegistryClient(GrainFactory, World);
        var page = await registry.FindAsync(new UnitQuery { Parent = Code, Kinds = [UnitKind.HazardSource] }, null, 10_000);
        var pulled = await Task.WhenAll(page.Entries.Select(e => GrainFactory.GetGrain<IHazardSourceGrain>(GrainKey.For(World, e.Code)).GetAssessmentAsync()));
        // Only enterprises with a ledger have one to ask (the directory knows), so a city of clean enterprises activates no ledgers.
        if (await GrainFactory.GetGrain<IHiddenDangerDirectoryGrain>(World).HasLedgerAsync(Code))
            _hiddenDangers = await GrainFactory.GetGrain<IHiddenDangerLedgerGrain>(GrainKey.For(World, Code)).GetEffectAsync();
        if (await GrainFactory.GetGrain<ILoopDirectoryGrain>(GrainKey.For(World, ILoopDirectoryGrain.Commitments)).HasAsync(Code))
            _commitment = await GrainFactory.GetGrain<ICommitmentBookGrain>(GrainKey.For(World, Code)).InForceAsync();
        var codes = page.Entries.Select(e => e.Code).ToHashSet(StringComparer.Ordinal);
        foreach (var gone in _sources.Keys.Where(k => !codes.Contains(k)).ToList()) _sources.Remove(gone);
        foreach (var p in pulled.OfType<SourceAssessment>())
        {
            if (!_sources.TryGetValue(p.Assessment.Code, out var current) || current.Version < p.Version) _sources[p.Assessment.Code] = p;
        }
        await RecomputeAsync();
    }

    private async Task RecomputeAsync()
    {
        if (Record?.Unit is not { } unit) return;
        var own = InherentLevels.OfEnterprise(unit, rules, []);
        var committed = Committed();
        var inputs = EnterpriseInputs.From(unit, own) with
        {
            HazardSources = _sources.Values.Select(s => s.Assessment).OrderBy(a => a.Code, StringComparer.Ordinal).ToList(),
            HiddenDangers = HiddenDangers.Counts,
            SpecialOperations = committed.SpecialOperations,
            Abnormal = committed.Abnormal,
        };
        var assessment = EnterpriseRisk.Evaluate(inputs, rules);
        var next = RiskSummary.Of(assessment);
        _computedAt = Time.GetUtcNow();
        if (_summary is not null && next.SameContentAs(_summary)) return;
        var previous = _summary?.Level;
        _summary = next with { Version = _versions.Next(), Origin = _computedAt };
        _changedAt = _computedAt;
        records.Note(World, previous, _summary, _changedAt);
        SignalWarning(previous, assessment);
        await ForwardAsync(unit, _summary);
    }

    /// <summary>
    /// Tells the warning book when the level moved at or across orange (it decides whether that is a new warning):
    /// one one-way message, only on such a change; a first computation at the inherent level says nothing.
    /// </summary>
    private void SignalWarning(RiskLevel? previous, EnterpriseAssessment a)
    {
        var at = loops.Warnings.RaiseAtOrAbove;
        if (a.Level == previous || (a.Level < at && (previous ?? RiskLevel.Blue) < at) || (previous is null && a.Level <= a.Inherent)) return;
        var reason = a.Reasons.LastOrDefault(r => r.Level == a.Level);
        var signal = new WarningSignal(WarningTrigger.RiskLevel, Code, a.Level, reason is null ? $"{a.Name} 转为{a.Level.ColourZh()}" : ReasonText.Zh(reason),
            $"level:{Code}:{a.Level}:{_changedAt.ToUnixTimeMilliseconds()}") { EvidenceId = reason?.EvidenceId ?? reason?.Rule, Inherent = a.Inherent };
        _ = GrainFactory.GetGrain<IWarningBookGrain>(GrainKey.For(World, Code)).SignalAsync(signal);
    }

    private async Task ForwardAsync(Unit unit, RiskSummary summary)
    {
        await GrainFactory.GetGrain<IChangePublisherGrain>(World).PublishAsync(
            new LevelChange(World, unit.Code, unit.Kind, unit.Path, unit.Enterprise?.Sector, unit.Enterprise?.Department, summary, _changedAt));
        if (unit.Parent is { } parent) await GrainFactory.GetGrain<IRegionGrain>(GrainKey.For(World, parent)).ReportAsync(summary);
        if (unit.Enterprise is { } profile && DimensionGrain.SliceOf(unit.Path) is { } slice)
        {
            await GrainFactory.GetGrain<IDimensionGrain>(GrainKey.For(World, DimensionCodes.Sector(profile.Sector, slice))).ReportAsync(summary);
            await GrainFactory.GetGrain<IDimensionGrain>(GrainKey.For(World, DimensionCodes.Department(profile.Department, slice))).ReportAsync(summary);
        }
    }
}
