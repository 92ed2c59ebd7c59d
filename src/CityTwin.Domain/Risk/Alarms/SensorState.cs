namespace CityTwin.Domain.Risk.Alarms;

/// <summary>
/// Everything the alarm state machine remembers about one sensor, as a small value (no heap, no references) so
/// that a grain can hold thousands of them in an array and the per-reading step allocates nothing. Times are
/// UTC ticks of event time; <see cref="NoTime"/> marks "none". Equality is by value, which the tests use to
/// prove that duplicates and older readings change nothing.
/// </summary>
public readonly record struct SensorState
{
    public const long NoTime = long.MinValue;

    public AlarmState State { get; init; }
    public FaultCause Fault { get; init; }
    /// <summary>Whether any reading was accepted yet; until then <see cref="Sequence"/> and <see cref="TimeTicks"/> mean nothing.</summary>
    public bool HasReading { get; init; }
    /// <summary>The worst state entered since the last acknowledgement (the alarm record persists until acknowledged).</summary>
    public AlarmState Unacknowledged { get; init; }
    /// <summary>Sequence number of the last accepted reading.</summary>
    public long Sequence { get; init; }
    /// <summary>Event time of the last accepted reading.</summary>
    public long TimeTicks { get; init; }
    /// <summary>Value of the last accepted reading.</summary>
    public double Value { get; init; }
    /// <summary>When the current state was entered.</summary>
    public long SinceTicks { get; init; }
    /// <summary>Since when the value has been past the clear point of the second-level alarm (HH/LL), or <see cref="NoTime"/>.</summary>
    public long OuterClearSinceTicks { get; init; }
    /// <summary>Since when the value has been past the clear point of the first-level alarm (H/L), or <see cref="NoTime"/>.</summary>
    public long InnerClearSinceTicks { get; init; }

    /// <summary>A freshly registered sensor: OFFLINE (no data) since <paramref name="registeredAt"/>.</summary>
    public static SensorState Initial(DateTimeOffset registeredAt) => new()
    {
        State = AlarmState.Offline,
        Fault = FaultCause.NoData,
        HasReading = false,
        Unacknowledged = AlarmState.Normal,
        Sequence = long.MinValue,
        TimeTicks = NoTime,
        Value = double.NaN,
        SinceTicks = registeredAt.UtcTicks,
        OuterClearSinceTicks = NoTime,
        InnerClearSinceTicks = NoTime,
    };

    public DateTimeOffset Since => new(SinceTicks, TimeSpan.Zero);

    public DateTimeOffset? LastReadingTime => HasReading ? new DateTimeOffset(TimeTicks, TimeSpan.Zero) : null;

    /// <summary>How long the current state has held at <paramref name="now"/> (zero if now is earlier).</summary>
    public TimeSpan HeldFor(DateTimeOffset now) => TimeSpan.FromTicks(Math.Max(0, now.UtcTicks - SinceTicks));
}
