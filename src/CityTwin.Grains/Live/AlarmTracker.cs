using CityTwin.Abstractions.Records;
using CityTwin.Domain.Inspections;
using CityTwin.Domain.Risk.Alarms;

namespace CityTwin.Grains.Live;

/// <summary>
/// A hazard source's alarm records and alarm counters, kept beside its sensors' alarm states. An alarm is raised
/// when a sensor enters an alarm state, follows it while it worsens or eases, clears when the sensor is back to
/// normal, and stays on the board until cleared and acknowledged. The counters say, per city day, how many alarms
/// were raised and how many flaps the alarm logic prevented: moments where a plain threshold comparator would
/// have cleared, but the deadband, the clear delay or the level's downgrade hold kept the state.
/// </summary>
internal sealed class AlarmTracker
{
    /// <summary>Cleared-but-unacknowledged records kept in memory per source; older ones stay in the store only.</summary>
    private const int MaxClearedKept = 1_000;

    private readonly string _world;
    private readonly string _source;
    private readonly string _path;
    private readonly CityCalendar _calendar;
    private readonly IReadOnlyList<SensorAlarmConfig> _configs;
    private readonly AlarmRecord?[] _open;
    private readonly AlarmState[] _naive;
    private readonly List<AlarmRecord> _cleared = [];
    private readonly List<AlarmRecord> _changed = [];
    private readonly Dictionary<DateOnly, AlarmDay> _days = [];
    private bool _holding;

    public AlarmTracker(string world, string sourceCode, string path, CityCalendar calendar, IReadOnlyList<SensorAlarmConfig> configs)
    {
        (_world, _source, _path, _calendar, _configs) = (world, sourceCode, path, calendar, configs);
        _open = new AlarmRecord?[configs.Count];
        _naive = new AlarmState[configs.Count];
    }

    /// <summary>Records not yet both cleared and acknowledged, oldest first.</summary>
    public IEnumerable<AlarmRecord> Active => _open.OfType<AlarmRecord>().Concat(_cleared).OrderBy(r => r.RaisedAt);

    public bool HasChanges => _changed.Count > 0 || _days.Count > 0;

    /// <summary>Takes up the records a previous activation left active (from the store).</summary>
    public void Restore(IEnumerable<AlarmRecord> active)
    {
        foreach (var record in active.OrderBy(r => r.RaisedAt))
        {
            var index = IndexOf(record.SensorCode);
            if (record.IsCleared || index < 0) Keep(record);
            else
            {
                if (_open[index] is { } older) Keep(older with { ClearedAt = record.RaisedAt });
                _open[index] = record;
            }
        }
    }

    /// <summary>A reading was applied to sensor <paramref name="index"/>: follow its alarm and count a prevented flap.</summary>
    public void OnReading(int index, in SensorState before, in SensorState after, bool fault, DateTimeOffset now)
    {
        if (!fault && double.IsFinite(after.Value))
        {
            var raw = AlarmStateMachine.Raw(_configs[index], after.Value);
            if (raw.Severity() < _naive[index].Severity() && after.State.Severity() > raw.Severity())
            {
                var delay = PastClearPoint(_configs[index], after.State, after.Value);
                Count(now, deadband: delay ? 0 : 1, delay: delay ? 1 : 0);
            }
            _naive[index] = raw;
        }
        OnState(index, before, after, now);
    }

    /// <summary>A sensor's state moved without a reading (a clear delay ran out, or it went offline).</summary>
    public void OnState(int index, in SensorState before, in SensorState after, DateTimeOffset now)
    {
        var open = _open[index];
        if (after.State.IsAlarm())
        {
            if (open is null)
            {
                var raisedAt = after.Since;
                _open[index] = Changed(new AlarmRecord(_world, AlarmRecord.IdOf(_source, _configs[index].Code, raisedAt), _source, _configs[index].Code, _path,
                    after.State, after.State, raisedAt, after.Value, now));
                Count(raisedAt, raised: 1);
            }
            else if (open.Current != after.State)
            {
                _open[index] = Changed(open with { Current = after.State, Worst = AlarmRecords.Worse(open.Worst, after.State), UpdatedAt = now });
            }
        }
        else if (open is not null)
        {
            if (after.State == AlarmState.Normal)
            {
                _open[index] = null;
                var cleared = Changed(open with { Current = AlarmState.Normal, ClearedAt = after.Since, UpdatedAt = now });
                if (!cleared.IsAcknowledged) Keep(cleared);
            }
            else if (open.Current != after.State)
            {
                // Blind (fault, offline): the alarm cannot be said to have cleared.
                _open[index] = Changed(open with { Current = after.State, UpdatedAt = now });
            }
        }
    }

    /// <summary>The source's level was evaluated: count each time the downgrade hold starts keeping a level up.</summary>
    public void OnLevel(bool held, DateTimeOffset now)
    {
        if (held && !_holding) Count(now, hold: 1);
        _holding = held;
    }

    /// <summary>The record as acknowledged by <paramref name="by"/>, not yet applied (the grain stores it first), or null if it is not active here.</summary>
    public AlarmRecord? Acknowledged(string recordId, string by, string? note, DateTimeOffset now)
    {
        var record = Active.FirstOrDefault(r => r.RecordId == recordId);
        if (record is null) return null;
        return record.IsAcknowledged ? record : record with { AcknowledgedBy = by, AcknowledgedAt = now, Note = note, UpdatedAt = now };
    }

    /// <summary>Applies a stored acknowledgement: a cleared record leaves the board, an open one stays until it clears.</summary>
    public int Apply(AlarmRecord acknowledged)
    {
        var index = Array.FindIndex(_open, r => r?.RecordId == acknowledged.RecordId);
        if (index >= 0) _open[index] = acknowledged;
        else _cleared.RemoveAll(r => r.RecordId == acknowledged.RecordId);
        return IndexOf(acknowledged.SensorCode);
    }

    /// <summary>What changed since the last call, to be written.</summary>
    public (IReadOnlyList<AlarmRecord> Records, IReadOnlyList<AlarmDay> Days) Drain()
    {
        var drained = (_changed.ToList(), _days.Values.ToList());
        _changed.Clear();
        _days.Clear();
        return drained;
    }

    private AlarmRecord Changed(AlarmRecord record)
    {
        _changed.Add(record);
        return record;
    }

    private void Keep(AlarmRecord cleared)
    {
        _cleared.Add(cleared);
        if (_cleared.Count > MaxClearedKept) _cleared.RemoveAt(0);
    }

    private void Count(DateTimeOffset at, int raised = 0, int deadband = 0, int delay = 0, int hold = 0)
    {
        var day = _calendar.LocalDate(at);
        var d = _days.TryGetValue(day, out var sum) ? sum : new AlarmDay(_world, _source, _path, day, 0, 0, 0, 0);
        _days[day] = d.Plus(new AlarmDay(_world, _source, _path, day, raised, deadband, delay, hold));
    }

    private int IndexOf(string sensorCode)
    {
        for (var i = 0; i < _configs.Count; i++)
            if (_configs[i].Code == sensorCode) return i;
        return -1;
    }

    /// <summary>Whether the value is past the clear point of the state it is in (so only the clear delay holds it).</summary>
    private static bool PastClearPoint(SensorAlarmConfig c, AlarmState state, double v) => state switch
    {
        AlarmState.HighHigh => v < c.HighHigh - c.HighHighDeadband,
        AlarmState.High => v < c.High - c.HighDeadband,
        AlarmState.LowLow => v > c.LowLow + c.LowLowDeadband,
        AlarmState.Low => v > c.Low + c.LowDeadband,
        _ => false,
    };
}
