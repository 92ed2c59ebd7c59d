using System.Globalization;
using CityTwin.Domain.Risk;
using CityTwin.Domain.Risk.Alarms;
using Xunit;
using static CityTwin.Domain.Tests.Risk.RiskTestData;

namespace CityTwin.Domain.Tests.Risk;

/// <summary>
/// Every transition of the alarm state machine (DOMAIN.md §3.2 step 1). The level sensor has L 20 / LL 10 /
/// H 80 / HH 90, range 0–100, deadband 1 (1 % of span), t_clear 60 s, t_stale 5 min.
/// Readings are written "seconds=value"; "seconds=F" is a reported fault; "tick@seconds" advances time.
/// </summary>
public sealed class AlarmStateMachineTests
{
    private static readonly SensorAlarmConfig Level = Config(LevelSensor());

    private static SensorState Run(SensorAlarmConfig config, string script)
    {
        var state = SensorState.Initial(T0);
        long seq = 0;
        foreach (var step in script.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (step.StartsWith("tick@", StringComparison.Ordinal))
            {
                AlarmStateMachine.Tick(config, ref state, At(double.Parse(step[5..], CultureInfo.InvariantCulture)));
                continue;
            }
            var parts = step.Split('=');
            var t = At(double.Parse(parts[0], CultureInfo.InvariantCulture));
            var reading = parts[1] == "F"
                ? new SensorReading(++seq, t, 0, Fault: true)
                : new SensorReading(++seq, t, double.Parse(parts[1], CultureInfo.InvariantCulture));
            AlarmStateMachine.Apply(config, ref state, reading);
        }
        return state;
    }

    [Theory]
    // entry from no data / normal: immediate, boundaries inclusive
    [InlineData("0=50", AlarmState.Normal, 0, "offline(no data) → normal")]
    [InlineData("0=85", AlarmState.High, 0, "offline → high")]
    [InlineData("0=95", AlarmState.HighHigh, 0, "offline → high-high")]
    [InlineData("0=15", AlarmState.Low, 0, "offline → low")]
    [InlineData("0=5", AlarmState.LowLow, 0, "offline → low-low")]
    [InlineData("0=50 10=80", AlarmState.High, 10, "normal → high at exactly H")]
    [InlineData("0=50 10=79.99", AlarmState.Normal, 0, "just below H stays normal")]
    [InlineData("0=50 10=90", AlarmState.HighHigh, 10, "normal → high-high at exactly HH, skipping high")]
    [InlineData("0=50 10=20", AlarmState.Low, 10, "normal → low at exactly L")]
    [InlineData("0=50 10=10", AlarmState.LowLow, 10, "normal → low-low at exactly LL")]
    // upgrades are immediate
    [InlineData("0=85 10=90", AlarmState.HighHigh, 10, "high → high-high immediately")]
    [InlineData("0=15 10=10", AlarmState.LowLow, 10, "low → low-low immediately")]
    // clears: below threshold − deadband, held for t_clear, left at the moment the delay ran out
    [InlineData("0=95 10=85 69=85", AlarmState.HighHigh, 0, "high-high held: clear condition only 59 s")]
    [InlineData("0=95 10=85 70=85", AlarmState.High, 70, "high-high → high after 60 s below HH − db")]
    [InlineData("0=95 10=89.5 200=89.5", AlarmState.HighHigh, 0, "inside the HH deadband: never clears")]
    [InlineData("0=95 10=85 40=89.5 80=85", AlarmState.HighHigh, 0, "back inside the deadband restarts the clear timer")]
    [InlineData("0=95 10=85 40=89.5 80=85 140=85", AlarmState.High, 140, "…and it clears 60 s after the restart")]
    [InlineData("0=85 10=70 70=70", AlarmState.Normal, 70, "high → normal after 60 s below H − db")]
    [InlineData("0=85 10=79.5 300=79.5", AlarmState.High, 0, "inside the H deadband: stays high")]
    [InlineData("0=95 10=50 70=50", AlarmState.Normal, 70, "high-high → normal directly when both clears held 60 s")]
    [InlineData("0=95 10=85 50=50 70=50", AlarmState.High, 70, "high-high → high; normal needs 60 s below H − db itself")]
    [InlineData("0=95 10=85 50=50 110=50", AlarmState.Normal, 110, "…then high → normal 60 s after it went below H − db")]
    [InlineData("0=5 10=15 70=15", AlarmState.Low, 70, "low-low → low after 60 s above LL + db")]
    [InlineData("0=5 10=10.5 200=10.5", AlarmState.LowLow, 0, "inside the LL deadband: stays low-low")]
    [InlineData("0=15 10=30 70=30", AlarmState.Normal, 70, "low → normal after 60 s above L + db")]
    // side switches are immediate
    [InlineData("0=85 10=15", AlarmState.Low, 10, "high → low immediately")]
    [InlineData("0=5 10=95", AlarmState.HighHigh, 10, "low-low → high-high immediately")]
    // faults
    [InlineData("0=50 10=F", AlarmState.Fault, 10, "normal → fault when the detector reports one")]
    [InlineData("0=95 10=F", AlarmState.Fault, 10, "high-high → fault when the detector reports one")]
    [InlineData("0=50 10=100.5", AlarmState.Fault, 10, "above the instrument range → fault")]
    [InlineData("0=50 10=-0.5", AlarmState.Fault, 10, "below the instrument range → fault")]
    [InlineData("0=50 10=NaN", AlarmState.Fault, 10, "not a number → fault")]
    [InlineData("0=50 10=F 20=F 30=101", AlarmState.Fault, 10, "still fault: the start does not move")]
    [InlineData("0=50 10=F 20=50", AlarmState.Normal, 20, "fault → normal on the next good reading")]
    [InlineData("0=50 10=F 20=95", AlarmState.HighHigh, 20, "fault → high-high on the next good reading")]
    // staleness and ticks
    [InlineData("0=50 tick@299", AlarmState.Normal, 0, "not yet stale at 4:59")]
    [InlineData("0=50 tick@300", AlarmState.Offline, 300, "normal → offline after t_stale without a reading")]
    [InlineData("0=95 tick@900", AlarmState.Offline, 300, "high-high → offline after t_stale")]
    [InlineData("0=50 tick@300 400=85", AlarmState.High, 400, "offline → high on the next reading")]
    [InlineData("0=95 10=85 tick@69", AlarmState.HighHigh, 0, "a tick before the clear delay changes nothing")]
    [InlineData("0=95 10=85 tick@70", AlarmState.High, 70, "a tick completes a clear that came due")]
    [InlineData("0=95 10=85 tick@5000", AlarmState.Offline, 310, "a late tick: cleared, then offline t_stale after the last reading")]
    [InlineData("0=95 10=85 tick@-5", AlarmState.HighHigh, 0, "a tick before the last reading changes nothing")]
    public void Transition(string script, AlarmState expected, double sinceSeconds, string because)
    {
        var state = Run(Level, script);

        Assert.True(expected == state.State, $"{because}: expected {expected}, was {state.State}");
        Assert.True(At(sinceSeconds) == state.Since, $"{because}: expected since {sinceSeconds} s, was {(state.Since - T0).TotalSeconds} s");
    }

    [Fact]
    public void Fault_causes_are_recorded()
    {
        Assert.Equal(FaultCause.Reported, Run(Level, "0=F").Fault);
        Assert.Equal(FaultCause.OutOfRange, Run(Level, "0=120").Fault);
        Assert.Equal(FaultCause.Stale, Run(Level, "0=50 tick@600").Fault);
        Assert.Equal(FaultCause.NoData, SensorState.Initial(T0).Fault);
        Assert.Equal(FaultCause.None, Run(Level, "0=50").Fault);
    }

    [Fact]
    public void A_duplicate_sequence_changes_nothing()
    {
        var state = Run(Level, "0=50 10=85");
        var before = state;

        var outcome = AlarmStateMachine.Apply(Level, ref state, new SensorReading(2, At(20), 95));
        Assert.Equal(ReadingOutcome.Duplicate, outcome);
        outcome = AlarmStateMachine.Apply(Level, ref state, new SensorReading(1, At(30), 95));
        Assert.Equal(ReadingOutcome.Duplicate, outcome);
        Assert.Equal(before, state);
    }

    [Fact]
    public void An_older_reading_never_overrides_a_newer_one()
    {
        var state = Run(Level, "0=50 10=85");
        var before = state;

        var outcome = AlarmStateMachine.Apply(Level, ref state, new SensorReading(3, At(9), 95));

        Assert.Equal(ReadingOutcome.Older, outcome);
        Assert.Equal(before, state);
        Assert.Equal(AlarmState.High, state.State);
        Assert.Equal(2, state.Sequence);
    }

    [Fact]
    public void A_newer_sequence_at_the_same_event_time_is_accepted()
    {
        var state = Run(Level, "0=50 10=85");

        var outcome = AlarmStateMachine.Apply(Level, ref state, new SensorReading(3, At(10), 95));

        Assert.Equal(ReadingOutcome.Transition, outcome);
        Assert.Equal(AlarmState.HighHigh, state.State);
    }

    [Fact]
    public void Outcome_says_whether_the_state_moved()
    {
        var state = SensorState.Initial(T0);
        Assert.Equal(ReadingOutcome.Transition, AlarmStateMachine.Apply(Level, ref state, new SensorReading(1, At(0), 50)));
        Assert.Equal(ReadingOutcome.Accepted, AlarmStateMachine.Apply(Level, ref state, new SensorReading(2, At(1), 51)));
        Assert.Equal(ReadingOutcome.Transition, AlarmStateMachine.Apply(Level, ref state, new SensorReading(3, At(2), 81)));
    }

    [Fact]
    public void An_alarm_stays_unacknowledged_after_it_clears_until_acknowledged()
    {
        var state = Run(Level, "0=95 10=50 70=50");
        Assert.Equal(AlarmState.Normal, state.State);
        Assert.Equal(AlarmState.HighHigh, state.Unacknowledged);

        AlarmStateMachine.Acknowledge(ref state);
        Assert.Equal(AlarmState.Normal, state.Unacknowledged);

        var active = Run(Level, "0=95");
        AlarmStateMachine.Acknowledge(ref active);
        Assert.Equal(AlarmState.HighHigh, active.Unacknowledged);
    }

    [Fact]
    public void Chlorine_worked_example_of_domain_3_2()
    {
        // AH 2 mg/m³, AL 1 mg/m³, gas deadband 5 % of the threshold: HH clears below 1.9 after 60 s, HIGH remains.
        var cl2 = Config(ChlorineDetector());
        Assert.Equal(0.1, cl2.HighHighDeadband, 12);
        Assert.Equal(0.05, cl2.HighDeadband, 12);

        var state = After(cl2, (0, 2.3), (180, 1.85), (239, 1.85));
        Assert.Equal(AlarmState.HighHigh, state.State);
        state = After(cl2, (0, 2.3), (180, 1.85), (240, 1.85));
        Assert.Equal(AlarmState.High, state.State);
        Assert.Equal(At(240), state.Since);
    }

    [Fact]
    public void Deadband_and_stale_defaults_follow_the_rules()
    {
        var rules = RiskRules.Default.Alarms;
        var custom = SensorAlarmConfig.From(LevelSensor() with { Deadband = 2.5 }, rules);
        Assert.Equal(2.5, custom.HighDeadband);
        Assert.Equal(2.5, custom.LowLowDeadband);
        Assert.Equal(1.0, Level.HighHighDeadband, 12); // 1 % of the 0–100 span
        Assert.Equal(TimeSpan.FromMinutes(5), Level.StaleAfter);
        Assert.Equal(TimeSpan.FromSeconds(60), Level.ClearDelay);
        var fast = SensorAlarmConfig.From(LevelSensor(), rules, reportingPeriod: TimeSpan.FromSeconds(10));
        Assert.Equal(TimeSpan.FromSeconds(30), fast.StaleAfter);
        var slow = SensorAlarmConfig.From(LevelSensor(), rules, reportingPeriod: TimeSpan.FromMinutes(10));
        Assert.Equal(TimeSpan.FromMinutes(5), slow.StaleAfter);
    }

    [Fact]
    public void A_sensor_with_only_a_high_high_set_point_clears_straight_to_normal()
    {
        var hhOnly = Config(LevelSensor() with { SetPoints = new(null, null, null, 90) });
        Assert.Equal(AlarmState.Normal, Run(hhOnly, "0=85").State);
        Assert.Equal(AlarmState.HighHigh, Run(hhOnly, "0=95").State);
        Assert.Equal(AlarmState.HighHigh, Run(hhOnly, "0=95 10=85 69=85").State);
        Assert.Equal(AlarmState.Normal, Run(hhOnly, "0=95 10=85 70=85").State);
    }
}
