using BenchmarkDotNet.Attributes;
using CityTwin.Domain.Risk;
using CityTwin.Domain.Risk.Alarms;
using CityTwin.Domain.Units;

namespace CityTwin.Benchmarks;

/// <summary>
/// Alarm evaluation per reading. Each invocation replays <see cref="Readings"/> readings (values sweeping across
/// every set-point, so upgrades, pending clears, clears and faults all occur) from a fresh state; the figure per
/// operation is one reading. Aim: ≥ 20 million evaluations per second per core, no allocation.
/// </summary>
[MemoryDiagnoser]
public class AlarmBenchmarks
{
    public const int Readings = 4096;
    private const int Sensors = 1024;

    private SensorAlarmConfig _config = null!;
    private SensorReading[] _readings = null!;
    private SensorState[] _states = null!;
    private DateTimeOffset _t0;

    [GlobalSetup]
    public void Setup()
    {
        _t0 = new DateTimeOffset(2026, 4, 24, 8, 0, 0, TimeSpan.Zero);
        _config = SensorAlarmConfig.From(new Sensor
        {
            Code = "LT-101", Kind = "level", Unit = "%", RangeMin = 0, RangeMax = 100,
            SetPoints = new SetPoints(10, 20, 80, 90),
        }, RiskRules.Default.Alarms);
        var random = new Random(42);
        _readings = new SensorReading[Readings];
        for (var i = 0; i < Readings; i++)
        {
            // Mostly normal values with excursions over every set-point and a rare out-of-range value.
            var value = (i / 64 % 6) switch
            {
                0 or 1 => 50 + random.NextDouble() * 10,
                2 => 78 + random.NextDouble() * 4,
                3 => 88 + random.NextDouble() * 4,
                4 => 8 + random.NextDouble() * 14,
                _ => i % 97 == 0 ? 101 : 30 + random.NextDouble() * 40,
            };
            _readings[i] = new SensorReading(i + 1, _t0.AddSeconds(i * 5), value);
        }
        _states = new SensorState[Sensors];
    }

    /// <summary>One sensor receiving a stream of readings.</summary>
    [Benchmark(OperationsPerInvoke = Readings)]
    public AlarmState OneSensor()
    {
        var state = SensorState.Initial(_t0);
        var readings = _readings;
        for (var i = 0; i < readings.Length; i++)
            AlarmStateMachine.Apply(_config, ref state, in readings[i]);
        return state.State;
    }

    /// <summary>Readings spread over 1,024 sensors held in an array, as a grain holds them.</summary>
    [Benchmark(OperationsPerInvoke = Readings)]
    public int ManySensors()
    {
        var states = _states;
        var initial = SensorState.Initial(_t0);
        Array.Fill(states, initial);
        var readings = _readings;
        var transitions = 0;
        for (var i = 0; i < readings.Length; i++)
        {
            // Sensor i % 1024 gets readings i, i + 1024, …: increasing sequence and time per sensor.
            if (AlarmStateMachine.Apply(_config, ref states[i & (Sensors - 1)], in readings[i]) == ReadingOutcome.Transition) transitions++;
        }
        return transitions;
    }

    /// <summary>The duplicate path: a redelivered reading is rejected.</summary>
    [Benchmark(OperationsPerInvoke = Readings)]
    public int Duplicates()
    {
        var state = SensorState.Initial(_t0);
        AlarmStateMachine.Apply(_config, ref state, in _readings[^1]);
        var readings = _readings;
        var duplicates = 0;
        for (var i = 0; i < readings.Length; i++)
            if (AlarmStateMachine.Apply(_config, ref state, in readings[i]) == ReadingOutcome.Duplicate) duplicates++;
        return duplicates;
    }
}
