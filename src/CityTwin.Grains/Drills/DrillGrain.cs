using CityTwin.Abstractions;
using CityTwin.Abstractions.Drills;
using CityTwin.Abstractions.Inspections;
using CityTwin.Abstractions.Live;
using CityTwin.Abstractions.Records;
using CityTwin.Abstractions.Registry;
using CityTwin.Abstractions.Worlds;
using CityTwin.Domain.Drills;
using CityTwin.Domain.Drills.Reports;
using CityTwin.Domain.Drills.Runs;
using CityTwin.Domain.Drills.Scenarios;
using CityTwin.Domain.Inspections;
using Actor = CityTwin.Abstractions.Actor;
using CityTwin.Domain.Risk.Alarms;
using CityTwin.Domain.Risk.Rollup;
using CityTwin.Domain.Units;
using Microsoft.Extensions.Logging;

namespace CityTwin.Grains.Drills;

/// <summary>
/// Runs one drill (DESIGN.md data flow 7): builds its world, then steps the simulated clock. Each step applies the
/// scenario's sensor readings through the drill world's hazard-source grains, settles the world bottom-up at the
/// drill's time (the step is the barrier: no timers, no coalescing window), and reads what the real grains say —
/// alarms, and whether the roll-up moved the enterprise, the district and the city — into the run's timeline.
/// </summary>
public sealed partial class DrillGrain(
    [PersistentState("drill", StorageNames.Default)] IPersistentState<DrillGrainState> state,
    TimeProvider time, DrillSettings settings, ISensorHistory history, InspectionRules loops, ILogger<DrillGrain> logger) : Grain, IDrillGrain
{
    private static readonly string[] AlarmStates = [nameof(AlarmState.High), nameof(AlarmState.HighHigh), nameof(AlarmState.Low), nameof(AlarmState.LowLow)];

    private DrillRun? _run;
    private readonly HashSet<string> _active = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _sequences = new(StringComparer.Ordinal);
    private Dictionary<string, DrillWorldUnitRef> _units = new(StringComparer.Ordinal);
    private Dictionary<string, RiskSummary> _before = new(StringComparer.Ordinal);

    private string Id => this.GetPrimaryKeyString();

    public async Task<DrillStatus> StartAsync(string scenarioJson, Actor by, DateTimeOffset? asOf)
    {
        if (!DrillWorlds.IsValidId(Id)) throw new ArgumentException($"'{Id}' is not a drill id");
        if (state.State.StartedBy is not null) throw new InvalidOperationException($"drill {Id} has already been started");
        var parse = ScenarioReader.Read(scenarioJson);
        if (!parse.Ok) throw new ArgumentException($"scenario: {string.Join("; ", parse.Problems)}");
        var scenario = parse.Scenario!;

        state.State.ScenarioJson = scenarioJson;
        state.State.StartedBy = by;
        state.State.StartedAt = time.GetUtcNow();
        state.State.AsOf = asOf;
        state.State.Name = scenario.Name;
        state.State.Origin = scenario.Event.HazardSource;
        state.State.DurationMin = scenario.DurationMin;
        state.State.State = DrillState.Running;
        try
        {
            var (units, refs) = await new DrillWorldBuilder(GrainFactory, Id).BuildAsync(scenario, settings, by);
            state.State.Units = [.. refs];
            _units = refs.ToDictionary(r => r.Code, StringComparer.Ordinal);
            state.State.OriginPath = _units[scenario.Event.HazardSource].Path;
            _run = new DrillRun(scenario, units, settings);

            // Every clock first, so no grain evaluates at the silo's time; then the live picture; then the chain's
            // picture before the release.
            await Task.WhenAll(refs.Select(r => Unit(r).SettleAsync(scenario.Start, recompute: false)));
            var snapshot = asOf ?? time.GetUtcNow();
            state.State.LiveSources = await CarryLiveAsync(scenario.Start, asOf);
            state.State.LiveAcknowledgements = await CarryAcknowledgementsAsync(snapshot);
            state.State.LiveEnterprises = await CarryLoopsAsync(scenario.Start, snapshot, asOf is not null);
            var chain = await ChainAsync();
            _before = chain.ToDictionary(c => c.Code, c => c.Summary, StringComparer.Ordinal);
            var readings = _run.Begin([.. chain.Select(c => Level(c.Code, c.Summary))]);
            await StepWorldAsync(readings);
            LogStarted(logger, Id, scenario.Name, by.Subject, refs.Count);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Fail(e);
        }
        Sync();
        await state.WriteStateAsync();
        await Catalog.RecordAsync(Status());
        return Status();
    }

    public async Task<DrillStatus> StepAsync(int steps, Actor by)
    {
        if (state.State.StartedBy is null) throw new KeyNotFoundException($"drill {Id} does not exist");
        if (state.State.State != DrillState.Running) return Status();
        state.State.LastSteppedBy = by;
        if (_run is null)
        {
            Fail(new InvalidOperationException("the drill's run was lost when its grain was deactivated mid-run; delete it and start again"));
        }
        else
        {
            try
            {
                for (var i = 0; (steps <= 0 || i < steps) && !_run.Finished; i++)
                    await StepWorldAsync(_run.Advance());
                if (_run.Finished)
                {
                    state.State.State = DrillState.Completed;
                    LogCompleted(logger, Id, _run.Timeline.Count);
                }
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                Fail(e);
            }
        }
        Sync();
        await state.WriteStateAsync();
        await Catalog.RecordAsync(Status());
        return Status();
    }

    public Task<DrillStatus?> GetStatusAsync() => Task.FromResult(state.State.StartedBy is null ? null : Status());

    public Task<DrillTimelinePage?> GetTimelineAsync(int from)
    {
        if (state.State.StartedBy is null) return Task.FromResult<DrillTimelinePage?>(null);
        var timeline = state.State.Timeline;
        var entries = from >= timeline.Count ? [] : timeline.Skip(Math.Max(0, from)).ToList();
        return Task.FromResult<DrillTimelinePage?>(new DrillTimelinePage(Status(), entries));
    }

    public Task<DrillReportDocuments?> GetReportAsync() => Task.FromResult(state.State.StartedBy is null ? null : state.State.Report);

    public async Task<bool> DeleteAsync(Actor by)
    {
        if (state.State.StartedBy is null) return false;
        var units = state.State.Units;
        await Task.WhenAll(units.Select(r => Unit(r).DiscardAsync()));
        await Task.WhenAll(Enumerable.Range(0, RegistryShards.Count)
            .Select(s => GrainFactory.GetGrain<IRegistryIndexGrain>(RegistryShards.Key(Id, s)).AsReference<IDrillWorldUnit>().DiscardAsync()));
        // Warnings the drill's units raised live in books of its world, listed by its directory.
        var books = GrainFactory.GetGrain<ILoopDirectoryGrain>(GrainKey.For(Id, ILoopDirectoryGrain.Warnings));
        await Task.WhenAll((await books.ListAsync()).Select(e => GrainFactory.GetGrain<IWarningBookGrain>(GrainKey.For(Id, e)).DiscardAsync()));
        await books.DiscardAsync();
        LogDeleted(logger, Id, by.Subject, units.Count);
        _run = null;
        await state.ClearStateAsync();
        await Catalog.ForgetAsync(Id);
        DeactivateOnIdle();
        return true;
    }

    private IDrillCatalogGrain Catalog => GrainFactory.GetGrain<IDrillCatalogGrain>(IDrillCatalogGrain.Key);

    private IDrillWorldUnit Unit(DrillWorldUnitRef r) => GrainFactory.GetUnitGrain(Id, r.Kind, r.Code).AsReference<IDrillWorldUnit>();

    private IDrillWorldUnit Unit(string code) => Unit(_units[code]);

    /// <summary>One step of the world: readings in, settle bottom-up at the drill's time, observe.</summary>
    private async Task StepWorldAsync(IReadOnlyList<Inject> readings)
    {
        var run = _run!;
        foreach (var inject in readings) await ApplyAsync(inject, run.Scenario.Start + TimeSpan.FromMinutes(inject.AtMin));

        await SettleChainsAsync(_active, run.Now);

        var now = await ChainAsync();
        string? alarm = null;
        foreach (var source in _active.Order(StringComparer.Ordinal))
        {
            var live = await GrainFactory.GetGrain<IHazardSourceGrain>(GrainKey.For(Id, source)).GetLiveAsync();
            if (live?.Sensors.Any(s => AlarmStates.Contains(s.State)) == true) { alarm = source; break; }
        }
        var codes = UnitPath.Codes(state.State.OriginPath);
        bool Moved(int index) => index < codes.Length && now.FirstOrDefault(c => c.Code == codes[index]) is { } c
            && _before.TryGetValue(c.Code, out var b) && !c.Summary.SameContentAs(b);
        run.Observe(new DrillObservation(alarm, Moved(codes.Length - 2), Moved(1), Moved(0), [.. now.Select(c => Level(c.Code, c.Summary))]));
    }

    /// <summary>The chains of the given sources, deepest first; each depth in parallel.</summary>
    private async Task SettleChainsAsync(IEnumerable<string> sources, DateTimeOffset now)
    {
        var chain = sources.SelectMany(code => UnitPath.Codes(_units[code].Path)).Distinct(StringComparer.Ordinal)
            .Where(_units.ContainsKey).GroupBy(code => _units[code].Path.Count(c => c == '/')).OrderByDescending(g => g.Key);
        foreach (var depth in chain)
            await Task.WhenAll(depth.Select(code => Unit(code).SettleAsync(now, recompute: true)));
    }

    /// <summary>
    /// The live picture at the snapshot: every copied hazard source's recent live readings (its sensor windows) go
    /// through its drill-world grain's ingestion path — so its alarm states are the real state machine's — with their
    /// times moved by (t0 − now): the moment of the snapshot becomes the release. Then their chains settle at t0, so
    /// the drill's "before" picture is the live one. The alarm records' history is not carried.
    /// Returns how many sources had live readings.
    /// </summary>
    private async Task<int> CarryLiveAsync(DateTimeOffset t0, DateTimeOffset? asOf)
    {
        var shiftMs = (long)(t0 - (asOf ?? time.GetUtcNow())).TotalMilliseconds;
        var sources = _units.Values.Where(u => u.Kind == UnitKind.HazardSource).Select(u => u.Code).Order(StringComparer.Ordinal).ToList();
        var windows = asOf is { } at
            ? await Task.WhenAll(sources.Select(code => HistoryWindowsAsync(code, at)))
            : await Task.WhenAll(sources.Select(code => GrainFactory.GetGrain<IHazardSourceGrain>(GrainKey.For(GrainKey.Live, code)).GetWindowsAsync()));
        var carried = new List<string>();
        foreach (var (code, sensors) in sources.Zip(windows).Where(p => p.Second.Count > 0))
        {
            var grain = GrainFactory.GetGrain<IHazardSourceGrain>(GrainKey.For(Id, code));
            var record = await grain.GetAsync() ?? throw new InvalidOperationException($"hazard source '{code}' is not in the drill world");
            var index = record.Unit.HazardSource?.Sensors.Select((s, i) => (s.Code, i)).ToDictionary(p => p.Code, p => p.i, StringComparer.Ordinal) ?? [];
            var points = sensors.Where(w => index.ContainsKey(w.SensorCode))
                .SelectMany(w => w.EventTimesMs.Select((t, i) => (Sensor: w.SensorCode, Time: t, Value: w.Values[i])))
                .OrderBy(p => p.Time).ThenBy(p => p.Sensor, StringComparer.Ordinal).ToList();
            if (points.Count == 0) continue;
            var sequences = points.Select(p => _sequences[p.Sensor] = _sequences.GetValueOrDefault(p.Sensor) + 1).ToArray();
            var batch = new SourceReadings(record.Version, [.. points.Select(p => index[p.Sensor])], [.. points.Select(p => p.Value)],
                [.. points.Select(p => p.Time + shiftMs)], sequences, new bool[points.Count]);
            var outcome = await grain.ApplyReadingsAsync(batch);
            if (outcome.RegistryMoved) throw new InvalidOperationException($"hazard source '{code}' refused the live picture (registry moved)");
            carried.Add(code);
        }
        await SettleChainsAsync(carried, t0);
        return carried.Count;
    }

    /// <summary>
    /// Acknowledgements of the live alarms at the snapshot: each live alarm acknowledged by then acknowledges the
    /// drill world's alarm on the same sensor (raised by the replayed window), in the live acknowledger's name. Only
    /// alarms still on the live board are known: one cleared and acknowledged before now is gone from it, and its
    /// replayed twin stays unacknowledged. Returns how many were carried.
    /// </summary>
    private async Task<int> CarryAcknowledgementsAsync(DateTimeOffset snapshot)
    {
        var carried = 0;
        foreach (var code in _units.Values.Where(u => u.Kind == UnitKind.HazardSource).Select(u => u.Code).Order(StringComparer.Ordinal))
        {
            var seen = (await GrainFactory.GetGrain<IHazardSourceGrain>(GrainKey.For(GrainKey.Live, code)).GetAlarmsAsync())
                .Where(a => a.RaisedAt <= snapshot && a.AcknowledgedAt <= snapshot).ToList();
            if (seen.Count == 0) continue;
            var drill = GrainFactory.GetGrain<IHazardSourceGrain>(GrainKey.For(Id, code));
            var open = (await drill.GetAlarmsAsync()).Where(a => !a.IsAcknowledged).ToList();
            foreach (var live in seen)
            {
                if (open.FirstOrDefault(a => a.SensorCode == live.SensorCode) is not { } twin) continue;
                var note = $"acknowledged in the live world at {live.AcknowledgedAt:yyyy-MM-dd'T'HH:mm:ssK}" + (live.Note is { } n ? $": {n}" : "");
                if (await drill.AcknowledgeAlarmAsync(twin.RecordId, new Actor(live.AcknowledgedBy ?? "unknown", CarriedRole), note) is not null) carried++;
                open.Remove(twin);
            }
        }
        return carried;
    }

    /// <summary>The role a carried acknowledgement is recorded under: it was made in the live world, not in the drill.</summary>
    public const string CarriedRole = "live-world";

    /// <summary>
    /// The closed loops' picture at the snapshot, for every copied enterprise that has one: its hidden dangers (as
    /// the ledger's histories had them at an as-of time) and the daily commitment in force then. Their enterprises'
    /// chains settle at t0. Returns how many enterprises carried anything.
    /// </summary>
    private async Task<int> CarryLoopsAsync(DateTimeOffset t0, DateTimeOffset snapshot, bool past)
    {
        // Two reads of the directories, not two calls per copied enterprise.
        var ledgers = (await GrainFactory.GetGrain<IHiddenDangerDirectoryGrain>(GrainKey.Live).LedgersAsync()).ToHashSet(StringComparer.Ordinal);
        var books = (await GrainFactory.GetGrain<ILoopDirectoryGrain>(GrainKey.For(GrainKey.Live, ILoopDirectoryGrain.Commitments)).ListAsync()).ToHashSet(StringComparer.Ordinal);
        var carried = new List<string>();
        foreach (var code in _units.Values.Where(u => u.Kind == UnitKind.Enterprise).Select(u => u.Code).Order(StringComparer.Ordinal))
        {
            var effect = HiddenDangerEffect.None;
            if (ledgers.Contains(code))
            {
                var ledger = GrainFactory.GetGrain<IHiddenDangerLedgerGrain>(GrainKey.For(GrainKey.Live, code));
                effect = past
                    ? HiddenDangerEffects.AsOf(code, (await ledger.ListAsync(DangerFilter.All)).Records, snapshot, loops)
                    : await ledger.GetEffectAsync();
            }
            DailyCommitment? commitment = null;
            if (books.Contains(code))
            {
                var book = GrainFactory.GetGrain<ICommitmentBookGrain>(GrainKey.For(GrainKey.Live, code));
                commitment = past
                    ? CommitmentRules.InForce(await book.ListAsync(DateOnly.MinValue, loops.Calendar.LocalDate(snapshot)), snapshot, loops.Calendar)
                    : await book.InForceAsync();
            }
            if (effect.OpenMajorIds.Count == 0 && effect.OpenGeneralIds.Count == 0 && commitment is null) continue;
            await GrainFactory.GetGrain<IEnterpriseGrain>(GrainKey.For(Id, code)).AsReference<IDrillWorldEnterprise>()
                .CarryLoopsAsync(new CarriedLoops(effect, commitment, snapshot));
            carried.Add(code);
        }
        await SettleChainsAsync(carried, t0);
        return carried.Count;
    }

    /// <summary>
    /// A source's sensors as the monitoring history had them at <paramref name="asOf"/>: the points stored in the
    /// <see cref="AsOfLookback"/> before it, preceded by the value held when that span began, and the value held at
    /// as-of itself (the history keeps what left the deadband, and at least one point per max interval).
    /// </summary>
    private async Task<IReadOnlyList<SensorWindow>> HistoryWindowsAsync(string code, DateTimeOffset asOf)
    {
        var unit = _units[code];
        var record = await GrainFactory.GetGrain<IHazardSourceGrain>(GrainKey.For(Id, code)).GetAsync();
        var windows = new List<SensorWindow>();
        foreach (var sensor in record?.Unit.HazardSource?.Sensors ?? [])
        {
            var points = (await history.PointsAsync(GrainKey.Live, sensor.Code, asOf - AsOfLookback, asOf.AddTicks(1), 1_000))
                .Select(p => (p.TimeMs, p.Value)).ToList();
            if (points.Count == 0) continue;
            // The historian keeps a value until the next stored point (deadband): the value held at as-of is read then.
            var at = asOf.ToUnixTimeMilliseconds();
            if (points[^1].TimeMs < at) points.Add((at, points[^1].Value));
            windows.Add(new SensorWindow(unit.Code, sensor.Code, points.Count, [.. points.Select(p => p.TimeMs)], [.. points.Select(p => p.Value)]));
        }
        return windows;
    }

    /// <summary>How much monitoring history before an as-of time a drill replays (the alarm delays are minutes).</summary>
    public static readonly TimeSpan AsOfLookback = TimeSpan.FromMinutes(30);

    private async Task ApplyAsync(Inject inject, DateTimeOffset at)
    {
        var code = inject.HazardSource!;
        var grain = GrainFactory.GetGrain<IHazardSourceGrain>(GrainKey.For(Id, code));
        var record = await grain.GetAsync() ?? throw new InvalidOperationException($"hazard source '{code}' is not in the drill world");
        var sensors = record.Unit.HazardSource?.Sensors.Select((s, i) => (s.Code, i)).ToDictionary(p => p.Code, p => p.i, StringComparer.Ordinal) ?? [];
        var indices = new List<int>();
        var sequences = new List<long>();
        foreach (var r in inject.Readings)
        {
            if (!sensors.TryGetValue(r.Sensor, out var index)) throw new ArgumentException($"sensor '{r.Sensor}' is not one of {code}'s sensors");
            indices.Add(index);
            sequences.Add(_sequences[r.Sensor] = _sequences.GetValueOrDefault(r.Sensor) + 1);
        }
        var n = inject.Readings.Count;
        var batch = new SourceReadings(record.Version, [.. indices], [.. inject.Readings.Select(r => r.Value)],
            [.. Enumerable.Repeat(at.ToUnixTimeMilliseconds(), n)], [.. sequences], [.. inject.Readings.Select(r => r.Fault)]);
        await Unit(code).SettleAsync(at, recompute: false);
        var outcome = await grain.ApplyReadingsAsync(batch);
        if (outcome.RegistryMoved) throw new InvalidOperationException($"hazard source '{code}' refused the drill's readings (registry moved)");
        _active.Add(code);
    }

    /// <summary>The origin's chain (source, enterprise, regions up to the city) as the drill world's grains see it now.</summary>
    private async Task<IReadOnlyList<(string Code, RiskSummary Summary)>> ChainAsync()
    {
        var result = new List<(string, RiskSummary)>();
        foreach (var code in UnitPath.Codes(state.State.OriginPath).Reverse())
        {
            if (!_units.TryGetValue(code, out var r) || GrainFactory.GetRiskNode(Id, r.Kind, code) is not { } node) continue;
            if ((await node.GetLiveAsync())?.Summary is { } summary) result.Add((code, summary));
        }
        return result;
    }

    private WorldLevel Level(string code, RiskSummary s) => new(code, _units[code].Kind, s.Name, s.Level, s.Score, s.Version);

    private void Fail(Exception e)
    {
        state.State.State = DrillState.Failed;
        state.State.Error = e is ArgumentException or InvalidOperationException or KeyNotFoundException ? e.Message : $"{e.GetType().Name}: {e.Message}";
        LogFailed(logger, e, Id);
    }

    /// <summary>Copies the run's progress into the stored record: timeline, clock, and the report (so far, or final).</summary>
    private void Sync()
    {
        if (_run is not { Started: true } run) return;
        var report = DrillReportBuilder.Build(run);
        state.State.Report = new DrillReportDocuments(DrillReportJson.Write(report), DrillReportJson.GeoJson(report));
        var start = run.Scenario.Start;
        state.State.Timeline = [.. run.Timeline.Select(e => new DrillTimelineEntry(Math.Round(e.At.TotalMinutes, 2),
            (start + e.At).ToString("yyyy-MM-dd'T'HH:mm:ssK", System.Globalization.CultureInfo.InvariantCulture), e.Kind.ToString(), e.Subject,
            e.Value is { } v ? Math.Round(v, 4) : null, e.Detail, e.Level?.ToString()))];
        state.State.ElapsedMin = Math.Round(run.Elapsed.TotalMinutes, 4);
        state.State.SimulatedNow = run.Now;
    }

    private DrillStatus Status() => new(Id, state.State.Name, state.State.State, state.State.StartedBy!, state.State.StartedAt, state.State.Origin,
        state.State.OriginPath, state.State.ElapsedMin, state.State.DurationMin, state.State.Timeline.Count, state.State.Units.Count, state.State.Error,
        state.State.SimulatedNow, state.State.LastSteppedBy, state.State.LiveSources, state.State.AsOf)
    {
        LiveEnterprises = state.State.LiveEnterprises,
        LiveAcknowledgements = state.State.LiveAcknowledgements,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Drill {Id} '{Name}' started by {Subject}: {Units} units in its world")]
    private static partial void LogStarted(ILogger logger, string id, string name, string subject, int units);

    [LoggerMessage(Level = LogLevel.Information, Message = "Drill {Id} completed with {Events} timeline events")]
    private static partial void LogCompleted(ILogger logger, string id, int events);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Drill {Id} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, string id);

    [LoggerMessage(Level = LogLevel.Information, Message = "Drill {Id} deleted by {Subject}: {Units} drill-world units discarded")]
    private static partial void LogDeleted(ILogger logger, string id, string subject, int units);
}
