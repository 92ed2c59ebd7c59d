namespace CityTwin.Domain.Risk.Alarms;

/// <summary>
/// The per-sensor alarm state machine of DOMAIN.md §3.2 step 1 [DESIGN]:
/// <list type="bullet">
/// <item>enter HIGH at value ≥ High, HIGH-HIGH at value ≥ HighHigh (LOW at ≤ Low, LOW-LOW at ≤ LowLow); upgrades are immediate;</item>
/// <item>leave a state only when the value is past threshold ∓ deadband and that has held for t_clear; the state
/// is left at the moment the condition had held long enough, so a reading and a tick give the same result;</item>
/// <item>FAULT when the detector reports a fault or reads outside its instrument range; OFFLINE when no reading
/// arrives for t_stale (see <see cref="Tick"/>); the next good reading re-enters the state its value calls for;</item>
/// <item>a reading whose sequence is at or below the last accepted one is a duplicate, and one with an older event
/// time never overrides a newer one: both change nothing at all.</item>
/// </list>
/// A jump from one side to the other (HIGH → LOW) is immediate: the new side's alarm is an upgrade from normal
/// [DESIGN]. Pure and allocation-free: the state is a value passed by reference.
/// </summary>
public static class AlarmStateMachine
{
    public static ReadingOutcome Apply(SensorAlarmConfig config, ref SensorState state, in SensorReading reading)
    {
        var s = state;
        if (s.HasReading)
        {
            if (reading.Sequence <= s.Sequence) return ReadingOutcome.Duplicate;
            if (reading.Time.UtcTicks < s.TimeTicks) return ReadingOutcome.Older;
        }

        var t = reading.Time.UtcTicks;
        var v = reading.Value;
        AlarmState next;
        var enteredAt = t;
        var fault = FaultCause.None;
        long outer = SensorState.NoTime, inner = SensorState.NoTime;

        if (reading.Fault || !(v >= config.RangeMin && v <= config.RangeMax))
        {
            // Not-a-number fails the range test too: it can never look like a normal value.
            fault = reading.Fault ? FaultCause.Reported : FaultCause.OutOfRange;
            next = AlarmState.Fault;
        }
        else
        {
            var raw = Raw(config, v);
            var current = s.State;
            if (current is AlarmState.Normal or AlarmState.Fault or AlarmState.Offline
                || (raw.Side() != 0 && raw.Side() != current.Side())
                || (raw.Side() == current.Side() && raw.Severity() >= current.Severity()))
            {
                // Entry from normal or from blindness, a jump to the other side, an upgrade, or still at/above
                // the threshold of the current state: take the raw state now and forget pending clears.
                next = raw;
            }
            else
            {
                // A possible downgrade on the current side: hysteresis and the clear delay decide.
                next = Settle(config, current, v, t, s.OuterClearSinceTicks, s.InnerClearSinceTicks, t, out outer, out inner, out enteredAt);
            }
        }

        var changed = next != s.State;
        state = new SensorState
        {
            State = next,
            Fault = fault,
            HasReading = true,
            Unacknowledged = next.LatchRank() > s.Unacknowledged.LatchRank() ? next : s.Unacknowledged,
            Sequence = reading.Sequence,
            TimeTicks = t,
            Value = v,
            // A FAULT whose cause changes is still the same FAULT: its start does not move.
            SinceTicks = changed ? enteredAt : s.SinceTicks,
            OuterClearSinceTicks = outer,
            InnerClearSinceTicks = inner,
        };
        return changed ? ReadingOutcome.Transition : ReadingOutcome.Accepted;
    }

    /// <summary>
    /// Advances a sensor to <paramref name="now"/> without a reading: completes clears whose delay has run out
    /// (the last value is assumed to persist) and marks the sensor OFFLINE once no reading has arrived for
    /// t_stale. A <paramref name="now"/> before the last reading changes nothing. Returns whether the state changed.
    /// </summary>
    public static bool Tick(SensorAlarmConfig config, ref SensorState state, DateTimeOffset now)
    {
        var s = state;
        var n = now.UtcTicks;
        if (!s.HasReading || n < s.TimeTicks || s.State is AlarmState.Fault or AlarmState.Offline) return false;

        var staleAt = s.TimeTicks + config.StaleAfterTicks;
        var until = Math.Min(n, staleAt);
        var current = s.State;
        var next = current;
        long since = s.SinceTicks, outer = s.OuterClearSinceTicks, inner = s.InnerClearSinceTicks;
        if (current.Severity() > 0)
        {
            next = Settle(config, current, s.Value, s.TimeTicks, outer, inner, until, out outer, out inner, out var at);
            if (next != current) since = at;
        }

        var fault = FaultCause.None;
        if (n >= staleAt)
        {
            next = AlarmState.Offline;
            since = staleAt;
            fault = FaultCause.Stale;
            outer = inner = SensorState.NoTime;
        }
        if (next == current) return false;

        state = s with
        {
            State = next,
            Fault = fault,
            SinceTicks = since,
            OuterClearSinceTicks = outer,
            InnerClearSinceTicks = inner,
            Unacknowledged = next.LatchRank() > s.Unacknowledged.LatchRank() ? next : s.Unacknowledged,
        };
        return true;
    }

    /// <summary>Acknowledges the alarm record: the latched worst state resets to the current one if that is an alarm.</summary>
    public static void Acknowledge(ref SensorState state) =>
        state = state with { Unacknowledged = state.State.IsAlarm() || state.State.IsBlind() ? state.State : AlarmState.Normal };

    /// <summary>The state a value calls for with no history: thresholds reached, high side first.</summary>
    public static AlarmState Raw(SensorAlarmConfig c, double v)
    {
        // Comparisons with a NaN (absent) set-point are false, so an absent set-point is never reached.
        if (v >= c.HighHigh) return AlarmState.HighHigh;
        if (v >= c.High) return AlarmState.High;
        if (v <= c.LowLow) return AlarmState.LowLow;
        if (v <= c.Low) return AlarmState.Low;
        return AlarmState.Normal;
    }

    /// <summary>
    /// Downgrade under hysteresis. Tracks since when the value (observed at <paramref name="valueTime"/>) has
    /// been past each clear point, and steps the state down each time a condition has held t_clear by
    /// <paramref name="now"/>. <paramref name="at"/> is when the last step happened.
    /// </summary>
    private static AlarmState Settle(SensorAlarmConfig c, AlarmState current, double v, long valueTime,
        long outerSince, long innerSince, long now, out long outer, out long inner, out long at)
    {
        var high = current.Side() > 0;
        double outerT = high ? c.HighHigh : c.LowLow, outerDb = high ? c.HighHighDeadband : c.LowLowDeadband;
        double innerT = high ? c.High : c.Low, innerDb = high ? c.HighDeadband : c.LowDeadband;
        var innerLevel = high ? AlarmState.High : AlarmState.Low;

        // "Past the clear point": below threshold − deadband on the high side, above threshold + deadband on the low side.
        // An absent inner set-point holds nothing, so it counts as passed.
        var pastOuter = high ? v < outerT - outerDb : v > outerT + outerDb;
        var pastInner = double.IsNaN(innerT) || (high ? v < innerT - innerDb : v > innerT + innerDb);
        outer = current.Severity() == 2 && pastOuter ? (outerSince != SensorState.NoTime ? outerSince : valueTime) : SensorState.NoTime;
        inner = pastInner ? (innerSince != SensorState.NoTime ? innerSince : valueTime) : SensorState.NoTime;

        var state = current;
        at = SensorState.NoTime;
        var delay = c.ClearDelayTicks;
        if (state.Severity() == 2 && outer != SensorState.NoTime && now - outer >= delay)
        {
            at = outer + delay;
            state = double.IsNaN(innerT) ? AlarmState.Normal : innerLevel;
            if (state != AlarmState.Normal) outer = SensorState.NoTime;
        }
        if (state.Severity() == 1 && inner != SensorState.NoTime && now - inner >= delay)
        {
            at = Math.Max(at, inner + delay);
            state = AlarmState.Normal;
        }
        if (state == AlarmState.Normal) outer = inner = SensorState.NoTime;
        return state;
    }
}
