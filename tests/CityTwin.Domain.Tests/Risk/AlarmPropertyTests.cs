using CityTwin.Domain.Risk.Alarms;
using CsCheck;
using Xunit;
using static CityTwin.Domain.Tests.Risk.RiskTestData;

namespace CityTwin.Domain.Tests.Risk;

/// <summary>Property tests of the alarm state machine (CsCheck, fixed seed).</summary>
public sealed class AlarmPropertyTests
{
    private static readonly SensorAlarmConfig Level = Config(LevelSensor()); // H 80, HH 90, L 20, LL 10, db 1

    /// <summary>Strictly increasing times: gaps of 1–120 s (some longer than t_clear, none longer than t_stale).</summary>
    private static Gen<double[]> Times(int count) =>
        Gen.Double[1, 120].Array[count].Select(gaps =>
        {
            var t = new double[gaps.Length];
            double acc = 0;
            for (var i = 0; i < gaps.Length; i++) t[i] = acc += gaps[i];
            return t;
        });

    [Theory]
    [InlineData(80.0, 50.0)]  // H, from normal
    [InlineData(90.0, 85.0)]  // HH, from high
    [InlineData(20.0, 50.0)]  // L, from normal
    [InlineData(10.0, 15.0)]  // LL, from low
    public void A_value_oscillating_inside_the_deadband_never_toggles_an_alarm(double threshold, double start)
    {
        // Values within ±0.99·db of the threshold: the alarm may enter once (a reading at/over the threshold) and
        // must never leave again, however long the values go on.
        var gen = Gen.Select(Gen.Double[-0.99, 0.99].Array[2, 60], Times(60));
        gen.Sample((offsets, times) =>
        {
            var state = After(Level, (0, start));
            var transitions = 0;
            for (var i = 0; i < offsets.Length; i++)
            {
                var outcome = AlarmStateMachine.Apply(Level, ref state, new SensorReading(i + 2, At(times[i]), threshold + offsets[i]));
                if (outcome == ReadingOutcome.Transition) transitions++;
                AlarmStateMachine.Tick(Level, ref state, At(times[i] + 30));
            }
            Assert.True(transitions <= 1, $"{transitions} transitions around {threshold}");
        }, seed: Seed, threads: 1, iter: 300);
    }

    [Fact]
    public void A_value_wandering_inside_one_deadband_keeps_the_state_once_entered()
    {
        // Enter HIGH at 85, then wander within (H − db, H): always HIGH, since never moves.
        Gen.Select(Gen.Double[79.01, 79.99].Array[1, 80], Times(80)).Sample((values, times) =>
        {
            var state = After(Level, (0, 85));
            for (var i = 0; i < values.Length; i++)
                AlarmStateMachine.Apply(Level, ref state, new SensorReading(i + 2, At(times[i]), values[i]));
            Assert.Equal(AlarmState.High, state.State);
            Assert.Equal(T0, state.Since);
        }, seed: Seed, threads: 1, iter: 200);
    }

    [Fact]
    public void Duplicates_and_older_readings_never_change_state()
    {
        var readings = Gen.Select(Gen.Double[-5, 105].Array[5, 40], Times(40), Gen.Bool.Array[40]);
        readings.Sample((values, times, faults) =>
        {
            var state = SensorState.Initial(T0);
            var seen = new List<SensorReading>();
            for (var i = 0; i < values.Length; i++)
            {
                var r = new SensorReading(i * 2 + 1, At(times[i]), values[i], Fault: faults[i] && values[i] > 100);
                AlarmStateMachine.Apply(Level, ref state, r);
                seen.Add(r);

                // Replaying any earlier reading (same or lower sequence) is a duplicate.
                var replay = seen[(int)((uint)(i * 7919) % seen.Count)];
                var before = state;
                Assert.Equal(ReadingOutcome.Duplicate, AlarmStateMachine.Apply(Level, ref state, replay with { Value = 95 }));
                Assert.Equal(before, state);

                // A higher sequence with an older event time is ignored.
                if (i > 0)
                {
                    var older = new SensorReading(r.Sequence + 1, At(times[i] - 0.5 - times[i] / 2), 95);
                    if (older.Time < r.Time)
                    {
                        Assert.Equal(ReadingOutcome.Older, AlarmStateMachine.Apply(Level, ref state, older));
                        Assert.Equal(before, state);
                    }
                }
            }
        }, seed: Seed, threads: 1, iter: 200);
    }

    [Fact]
    public void Interleaving_duplicates_gives_the_same_final_state_as_the_clean_stream()
    {
        Gen.Select(Gen.Double[0, 100].Array[5, 40], Times(40), Gen.Int[0, 4].Array[40]).Sample((values, times, dupEvery) =>
        {
            SensorState clean = SensorState.Initial(T0), noisy = SensorState.Initial(T0);
            for (var i = 0; i < values.Length; i++)
            {
                var r = new SensorReading(i + 1, At(times[i]), values[i]);
                AlarmStateMachine.Apply(Level, ref clean, r);
                AlarmStateMachine.Apply(Level, ref noisy, r);
                for (var d = 0; d < dupEvery[i]; d++) AlarmStateMachine.Apply(Level, ref noisy, r);
            }
            Assert.Equal(clean, noisy);
        }, seed: Seed, threads: 1, iter: 200);
    }
}
