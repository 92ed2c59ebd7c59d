using CityTwin.Abstractions.Live;
using CityTwin.Abstractions.Records;
using CityTwin.Domain.History;
using CityTwin.Grains.Records;
using CityTwin.Domain.Chemicals;
using CityTwin.Domain.Risk;
using CityTwin.Domain.Risk.Alarms;
using CityTwin.Domain.Units;

namespace CityTwin.Grains.Live;

/// <summary>
/// A hazard source's live state, as a plain object the grain delegates to: each sensor's alarm state (structs in an
/// array), the downgrade hold, and the evaluation of the dynamic level. Time comes from the readings and the
/// explicit <c>now</c> the grain passes, never the wall clock.
/// </summary>
internal sealed class HazardSourceMonitor
{
    private readonly SensorAlarmConfig[] _configs;
    private readonly SensorState[] _states;
    private readonly HazardSourceBase _base;
    private readonly RiskRules _rules;
    private LevelHold? _hold;
    private DateTimeOffset _clock;

    public HazardSourceMonitor(string world, Unit unit, Unit? enterprise, long registryVersion, RiskRules rules, LiveOptions options, DateTimeOffset now,
        ISensorHistory? history = null, HistoryOptions? historyOptions = null)
    {
        _rules = rules;
        RegistryVersion = registryVersion;
        var sensors = unit.HazardSource?.Sensors ?? [];
        _configs = sensors.Select(s => SensorAlarmConfig.From(s, rules.Alarms)).ToArray();
        _states = Enumerable.Repeat(SensorState.Initial(now), sensors.Count).ToArray();
        _base = HazardSourceBase.From(unit, InherentLevels.OfHazardSource(unit, ChemicalCatalog.Default, rules, enterprise));
        _clock = now;
        Alarms = new AlarmTracker(world, unit.Code, unit.Path, options.Calendar, _configs);
        Windows = new SensorWindows(_configs.Length, options.WindowReadings);
        if (history is not null && historyOptions is not null)
        {
            (_history, _world, _historyMaxMs) = (history, world, (long)historyOptions.MaxInterval.TotalMilliseconds);
            _historian = new HistorianState[_configs.Length];
            _historyDeadband = _configs.Select(c => historyOptions.DeadbandOf(c.RangeMin, c.RangeMax)).ToArray();
        }
    }

    private readonly ISensorHistory? _history;
    private readonly string _world = "";
    private readonly long _historyMaxMs;
    private readonly HistorianState[] _historian = [];
    private readonly double[] _historyDeadband = [];

    public AlarmTracker Alarms { get; }

    public SensorWindows Windows { get; }

    public IEnumerable<string> SensorCodes => _configs.Select(c => c.Code);

    /// <summary>The sensor's index, or -1.</summary>
    public int IndexOf(string sensorCode) => Array.FindIndex(_configs, c => c.Code == sensorCode);

    /// <summary>Resets the sensor's latched worst state once its alarm record is acknowledged.</summary>
    public void Acknowledge(int index)
    {
        if (index >= 0) AlarmStateMachine.Acknowledge(ref _states[index]);
    }

    public long RegistryVersion { get; }

    public HazardSourceAssessment? Last { get; private set; }

    /// <summary>Applies every reading; returns how many changed something and how many were duplicates or older.</summary>
    public (int Applied, int Duplicates) Apply(SourceReadings batch)
    {
        int applied = 0, duplicates = 0;
        for (var i = 0; i < batch.Count; i++)
        {
            var index = batch.Sensors[i];
            if ((uint)index >= (uint)_states.Length) continue;
            var time = DateTimeOffset.FromUnixTimeMilliseconds(batch.EventTimesMs[i]);
            var before = _states[index];
            var outcome = AlarmStateMachine.Apply(_configs[index], ref _states[index], new SensorReading(batch.Sequences[i], time, batch.Values[i], batch.Faults[i]));
            if (outcome is ReadingOutcome.Duplicate or ReadingOutcome.Older)
            {
                duplicates++;
                continue;
            }
            applied++;
            Windows.Add(index, batch.EventTimesMs[i], batch.Values[i]);
            if (_history is not null && !batch.Faults[i]
                && Historian.ShouldStore(ref _historian[index], batch.EventTimesMs[i], batch.Values[i], _historyDeadband[index], _historyMaxMs))
                _history.Write(_world, _configs[index].Code, batch.EventTimesMs[i], batch.Values[i]);
            Alarms.OnReading(index, before, _states[index], batch.Faults[i], time);
            if (time > _clock) _clock = time;
        }
        return (applied, duplicates);
    }

    /// <summary>Re-evaluates at <paramref name="now"/> (never before the newest reading): clear delays, staleness, the hold.</summary>
    public HazardSourceAssessment Evaluate(DateTimeOffset now)
    {
        if (now > _clock) _clock = now;
        for (var i = 0; i < _states.Length; i++)
        {
            var before = _states[i];
            if (AlarmStateMachine.Tick(_configs[i], ref _states[i], _clock)) Alarms.OnState(i, before, _states[i], _clock);
        }
        var assessment = HazardSourceRisk.Evaluate(_base, _configs, _states, _hold, _clock, _rules);
        _hold = assessment.Hold;
        Alarms.OnLevel(assessment.Level > assessment.Computed, _clock);
        Last = assessment;
        return assessment;
    }

    public IReadOnlyList<LiveSensor> Sensors() =>
        _configs.Select((c, i) => new LiveSensor(c.Code, _states[i].Value, _states[i].LastReadingTime, _states[i].State.ToString(), _states[i].HasReading ? _states[i].Sequence : 0)).ToList();

    /// <summary>Index of each sensor code, for routing.</summary>
    public static bool SameForParent(HazardSourceAssessment? a, HazardSourceAssessment b) =>
        a is not null && a.Level == b.Level && a.Score.Equals(b.Score) && a.Counts == b.Counts && a.Inherent == b.Inherent
        && a.Reasons.Count == b.Reasons.Count
        && a.Reasons.Zip(b.Reasons).All(p => p.First.Rule == p.Second.Rule && p.First.UnitCode == p.Second.UnitCode
            && p.First.Level == p.Second.Level && p.First.Since == p.Second.Since && p.First.Inputs.SequenceEqual(p.Second.Inputs));
}
