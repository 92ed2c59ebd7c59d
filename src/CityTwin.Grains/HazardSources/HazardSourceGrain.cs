using CityTwin.Abstractions;
using CityTwin.Abstractions.Inspections;
using CityTwin.Abstractions.Live;
using CityTwin.Abstractions.Records;
using CityTwin.Abstractions.Registry;
using CityTwin.Abstractions.Worlds;
using CityTwin.Domain.Risk;
using CityTwin.Domain.Risk.Rollup;
using CityTwin.Grains.Live;
using CityTwin.Grains.Records;
using CityTwin.Grains.Registry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CityTwin.Grains.HazardSources;

/// <summary>
/// A hazard source: its registry record, and its live state — every sensor's latest value and alarm state, and
/// its dynamic level (DOMAIN.md §3.2 steps 1–2) — reported to its enterprise whenever the assessment changes; its
/// alarm records, alarm counters, level changes and each sensor's recent window.
/// </summary>
public sealed partial class HazardSourceGrain(
    [PersistentState("hazardSource", StorageNames.Default)] IPersistentState<UnitState> state,
    [PersistentState("sensorWindow", StorageNames.Default)] IPersistentState<WindowCheckpoint> checkpoint,
    TimeProvider time, RiskRules rules, Domain.Inspections.InspectionRules loops, IOptions<LiveOptions> options, ILiveRecords records, ISensorHistory history, IOptions<HistoryOptions> historyOptions,
    ILogger<HazardSourceGrain> logger)
    : UnitGrain(state, time), IHazardSourceGrain
{
    private HazardSourceMonitor? _monitor;
    private SummaryVersions _versions;
    private HazardSourceAssessment? _sent;
    private long _sentVersion;
    private DateTimeOffset _changedAt;
    private IChangePublisherGrain? _publisher;
    private (string? Code, IEnterpriseGrain? Grain) _enterprise;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await base.OnActivateAsync(cancellationToken);
        _versions = new SummaryVersions(Time.GetUtcNow());
        var tick = LiveOptions.For(World, options.Value).TickInterval;
        if (tick != Timeout.InfiniteTimeSpan) this.RegisterGrainTimer(_ => TickAsync(), new GrainTimerCreationOptions(tick, tick) { Interleave = false });
        var every = options.Value.CheckpointInterval;
        if (!Abstractions.Worlds.DrillWorlds.IsDrill(World) && every > TimeSpan.Zero && every != Timeout.InfiniteTimeSpan)
            this.RegisterGrainTimer(_ => CheckpointAsync(), new GrainTimerCreationOptions(every, every) { Interleave = false });
    }

    /// <summary>Stores the recent windows when readings arrived since the last checkpoint.</summary>
    private async Task CheckpointAsync()
    {
        if (_monitor is not { Windows.Dirty: true } monitor) return;
        var saved = new WindowCheckpoint();
        foreach (var code in monitor.SensorCodes)
        {
            var window = monitor.Windows.Of(monitor.IndexOf(code));
            if (window.Count == 0) continue;
            saved.Times[code] = window.Select(p => p.TimeMs).ToArray();
            saved.Values[code] = window.Select(p => p.Value).ToArray();
        }
        checkpoint.State = saved;
        try
        {
            await checkpoint.WriteStateAsync();
            monitor.Windows.Checkpointed();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            CheckpointFailed(logger, Code, e.Message);   // kept dirty: the next tick tries again
        }
    }

    public async Task<ReadingsOutcome> ApplyReadingsAsync(SourceReadings readings)
    {
        if (await MonitorAsync() is not { } monitor || monitor.RegistryVersion != readings.RegistryVersion)
            return new ReadingsOutcome(0, 0, RegistryMoved: true);
        var (applied, duplicates) = monitor.Apply(readings);
        if (applied > 0) await PushAsync(monitor.Evaluate(DateTimeOffset.MinValue));
        WriteRecords(monitor);
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
        if (_monitor is not { } monitor) return;
        await PushAsync(monitor.Evaluate(Time.GetUtcNow()));
        WriteRecords(monitor);
    }

    public async Task<IReadOnlyList<AlarmRecord>> GetAlarmsAsync() =>
        await MonitorAsync() is { } monitor ? monitor.Alarms.Active.ToList() : [];

    public async Task<AlarmRecord?> AcknowledgeAlarmAsync(string recordId, Actor by, string? note)
    {
        if (await MonitorAsync() is not { } monitor) return null;
        if (monitor.Alarms.Acknowledged(recordId, by.Subject, note, Time.GetUtcNow()) is not { } acknowledged) return null;
        // Stored before it counts: if the store cannot take it, the caller hears so and nothing changed here.
        await records.StoreNowAsync(acknowledged);
        monitor.Acknowledge(monitor.Alarms.Apply(acknowledged));
        return acknowledged;
    }

    public async Task<SensorWindow?> GetWindowAsync(string sensorCode)
    {
        if (await MonitorAsync() is not { } monitor) return null;
        var index = monitor.IndexOf(sensorCode);
        if (index < 0) return null;
        var points = monitor.Windows.Of(index);
        return new SensorWindow(Code, sensorCode, monitor.Windows.Capacity,
            points.Select(p => p.TimeMs).ToArray(), points.Select(p => p.Value).ToArray());
    }

    public async Task<IReadOnlyList<SensorWindow>> GetWindowsAsync()
    {
        if (await MonitorAsync() is not { } monitor) return [];
        var windows = new List<SensorWindow>();
        foreach (var code in monitor.SensorCodes)
        {
            var points = monitor.Windows.Of(monitor.IndexOf(code));
            if (points.Count > 0)
                windows.Add(new SensorWindow(Code, code, monitor.Windows.Capacity, points.Select(p => p.TimeMs).ToArray(), points.Select(p => p.Value).ToArray()));
        }
        return windows;
    }

    private void WriteRecords(HazardSourceMonitor monitor)
    {
        if (!monitor.Alarms.HasChanges) return;
        var (changed, days) = monitor.Alarms.Drain();
        foreach (var record in changed) records.Write(record);
        foreach (var day in days) records.Write(day);
    }

    private async Task PushAsync(HazardSourceAssessment assessment, bool notify = true)
    {
        if (HazardSourceMonitor.SameForParent(_sent, assessment)) return;
        var previous = _sent?.Level;
        var previousHighHigh = _sent?.Counts.HighHigh ?? 0;
        _sent = assessment;
        _sentVersion = _versions.Next();
        _changedAt = Time.GetUtcNow();
        records.Note(World, previous, Summary(assessment, _sentVersion), _changedAt);
        if (!notify || Record?.Unit is not { } unit) return;
        _publisher ??= GrainFactory.GetGrain<IChangePublisherGrain>(World);
        await _publisher.PublishAsync(new LevelChange(World, unit.Code, unit.Kind, unit.Path, null, null, Summary(assessment, _sentVersion), _changedAt));
        if (unit.Parent is { } enterprise)
        {
            // References kept: GetGrain resolves the interface by reflection on every call (docs/performance.md).
            if (_enterprise.Code != enterprise) _enterprise = (enterprise, GrainFactory.GetGrain<IEnterpriseGrain>(GrainKey.For(World, enterprise)));
            await _enterprise.Grain!.ReportSourceAsync(assessment, _sentVersion);
            if (assessment.Counts.HighHigh > previousHighHigh) SignalHighHigh(enterprise, assessment);
        }
    }

    /// <summary>
    /// A sensor reached high-high: one one-way message to the enterprise's warning book, only when the number of
    /// high-high sensors grew. The key names the sensor and the instant it entered high-high, so the same alarm seen
    /// again after a restart raises nothing new.
    /// </summary>
    private void SignalHighHigh(string enterprise, HazardSourceAssessment a)
    {
        var reason = a.Reasons.LastOrDefault(r => r.Rule is RuleCodes.AlarmHighHigh or RuleCodes.AlarmHighHighConfirmed or RuleCodes.AlarmHighHighOnGradedSource);
        var key = reason is { EvidenceId: { } sensor, Since: { } since } ? $"hh:{sensor}:{since.ToUnixTimeMilliseconds()}" : $"hh:{a.Code}:{_changedAt.ToUnixTimeMilliseconds()}";
        var level = RiskLevels.Max(loops.Warnings.HighHighLevel, a.Level);
        var text = reason is null ? $"{a.Name} 传感器高高报警" : Domain.Risk.Explanations.ReasonText.Zh(reason);
        _ = GrainFactory.GetGrain<IWarningBookGrain>(GrainKey.For(World, enterprise)).SignalAsync(
            new WarningSignal(Domain.Inspections.WarningTrigger.HighHighAlarm, a.Code, level, text, key) { EvidenceId = reason?.EvidenceId, Inherent = a.Inherent });
    }

    /// <summary>The live state for the registry record as it is now; rebuilt when the record changed.</summary>
    private async Task<HazardSourceMonitor?> MonitorAsync()
    {
        if (Record is not { } record) return _monitor = null;
        if (_monitor?.RegistryVersion == record.Version) return _monitor;
        var enterprise = record.Unit.Parent is { } parent ? (await GrainFactory.GetGrain<IEnterpriseGrain>(GrainKey.For(World, parent)).GetAsync())?.Unit : null;
        // A drill world keeps no monitoring history: its readings are the scenario's.
        var live = !Abstractions.Worlds.DrillWorlds.IsDrill(World);
        var monitor = new HazardSourceMonitor(World, record.Unit, enterprise, record.Version, rules, options.Value, Time.GetUtcNow(),
            live ? history : null, live ? historyOptions.Value : null);
        try
        {
            // A drill world starts from nothing; the live world continues what an earlier activation left open.
            if (!Abstractions.Worlds.DrillWorlds.IsDrill(World)) monitor.Alarms.Restore(await records.ActiveOfSourceAsync(World, record.Unit.Code));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Without the store, an alarm still in progress is raised afresh: better than no live twin.
            RestoreFailed(logger, record.Unit.Code, e.Message);
        }
        foreach (var (code, times) in checkpoint.State.Times)
        {
            if (monitor.IndexOf(code) is var index and >= 0 && checkpoint.State.Values.TryGetValue(code, out var values)) monitor.Windows.Restore(index, times, values);
        }
        _monitor = monitor;
        _sent = null;
        return _monitor;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Hazard source {Code}: checkpointing its sensor windows failed ({Reason}); retrying at the next interval")]
    private static partial void CheckpointFailed(ILogger logger, string code, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Hazard source {Code}: its active alarm records could not be read ({Reason}); alarms in progress will be raised afresh")]
    private static partial void RestoreFailed(ILogger logger, string code, string reason);
}
