using CityTwin.Abstractions.Live;
using CityTwin.Abstractions.Registry;
using CityTwin.Abstractions.Worlds;
using CityTwin.Domain.Risk;
using CityTwin.Domain.Risk.Rollup;
using CityTwin.Grains.Live;
using CityTwin.Grains.Registry;
using Microsoft.Extensions.Options;

namespace CityTwin.Grains.HazardSources;

/// <summary>
/// A hazard source: its registry record, and its live state — every sensor's latest value and alarm state, and
/// its dynamic level (DOMAIN.md §3.2 steps 1–2) — reported to its enterprise whenever the assessment changes.
/// </summary>
public sealed partial class HazardSourceGrain(
    [PersistentState("hazardSource", StorageNames.Default)] IPersistentState<UnitState> state,
    TimeProvider time, RiskRules rules, IOptions<LiveOptions> options)
    : UnitGrain(state, time), IHazardSourceGrain
{
    private HazardSourceMonitor? _monitor;
    private SummaryVersions _versions;
    private HazardSourceAssessment? _sent;
    private long _sentVersion;
    private DateTimeOffset _changedAt;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await base.OnActivateAsync(cancellationToken);
        _versions = new SummaryVersions(Time.GetUtcNow());
        var tick = LiveOptions.For(World, options.Value).TickInterval;
        if (tick != Timeout.InfiniteTimeSpan) this.RegisterGrainTimer(_ => TickAsync(), new GrainTimerCreationOptions(tick, tick) { Interleave = false });
    }

    public async Task<ReadingsOutcome> ApplyReadingsAsync(SourceReadings readings)
    {
        if (await MonitorAsync() is not { } monitor || monitor.RegistryVersion != readings.RegistryVersion)
            return new ReadingsOutcome(0, 0, RegistryMoved: true);
        var (applied, duplicates) = monitor.Apply(readings);
        if (applied > 0) await PushAsync(monitor.Evaluate(DateTimeOffset.MinValue));
        return new ReadingsOutcome(applied, duplicates, RegistryMoved: false);
    }

    public async Task<SourceAssessment?> GetAssessmentAsync()
    {
        if (await MonitorAsync() is not { } monitor) return null;
        var assessment = monitor.Last ?? monitor.Evaluate(Time.GetUtcNow());
        if (_sent is null) await PushAsync(assessment, notify: false);
        return new SourceAssessment(_sent!, _sentVersion);
    }

    public async Task<LiveUnit?> GetLiveAsync()
    {
        if (await MonitorAsync() is not { } monitor) return null;
        var a = monitor.Last ?? monitor.Evaluate(Time.GetUtcNow());
        if (_sent is null) await PushAsync(a, notify: false);
        return new LiveUnit(Summary(a, _sent is null ? 0 : _sentVersion), Time.GetUtcNow(), monitor.Sensors()) { ChangedAt = _changedAt };
    }

    private static RiskSummary Summary(HazardSourceAssessment a, long version) => new()
    {
        Code = a.Code, Name = a.Name, Level = a.Level, Score = a.Score, HazardSources = ColourCounts.Of(a.Level),
        Reasons = a.Reasons, Version = version,
    };

    /// <summary>Clear delays, staleness and the downgrade hold move with time even when no reading arrives.</summary>
    private async Task TickAsync()
    {
        if (_monitor is { } monitor) await PushAsync(monitor.Evaluate(Time.GetUtcNow()));
    }

    private async Task PushAsync(HazardSourceAssessment assessment, bool notify = true)
    {
        if (HazardSourceMonitor.SameForParent(_sent, assessment)) return;
        _sent = assessment;
        _sentVersion = _versions.Next();
        _changedAt = Time.GetUtcNow();
        if (!notify || Record?.Unit is not { } unit) return;
        await GrainFactory.GetGrain<IChangePublisherGrain>(World).PublishAsync(new LevelChange(World, unit.Code, unit.Kind, unit.Path, null, null, Summary(assessment, _sentVersion), _changedAt));
        if (unit.Parent is { } enterprise)
            await GrainFactory.GetGrain<IEnterpriseGrain>(GrainKey.For(World, enterprise)).ReportSourceAsync(assessment, _sentVersion);
    }

    /// <summary>The live state for the registry record as it is now; rebuilt when the record changed.</summary>
    private async Task<HazardSourceMonitor?> MonitorAsync()
    {
        if (Record is not { } record) return _monitor = null;
        if (_monitor?.RegistryVersion == record.Version) return _monitor;
        var enterprise = record.Unit.Parent is { } parent ? (await GrainFactory.GetGrain<IEnterpriseGrain>(GrainKey.For(World, parent)).GetAsync())?.Unit : null;
        _monitor = new HazardSourceMonitor(record.Unit, enterprise, record.Version, rules, Time.GetUtcNow());
        _sent = null;
        return _monitor;
    }
}
