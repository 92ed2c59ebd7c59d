using CityTwin.Domain.Units;

namespace CityTwin.Domain.Risk.Alarms;

/// <summary>
/// A sensor's alarm parameters, resolved once from its registration and <see cref="AlarmRules"/> so that the
/// per-reading path does no lookups: set-points (NaN where absent), the absolute deadband of each, the
/// instrument range, t_clear and t_stale as ticks.
/// </summary>
public sealed class SensorAlarmConfig
{
    public required string Code { get; init; }
    public string Kind { get; init; } = "";
    public string Unit { get; init; } = "";
    public bool Mandatory { get; init; } = true;
    /// <summary>The chemical a gas detector measures (catalog id), if any.</summary>
    public string? Chemical { get; init; }
    public double RangeMin { get; init; } = double.NegativeInfinity;
    public double RangeMax { get; init; } = double.PositiveInfinity;
    public double HighHigh { get; init; } = double.NaN;
    public double High { get; init; } = double.NaN;
    public double Low { get; init; } = double.NaN;
    public double LowLow { get; init; } = double.NaN;
    public double HighHighDeadband { get; init; }
    public double HighDeadband { get; init; }
    public double LowDeadband { get; init; }
    public double LowLowDeadband { get; init; }
    public long ClearDelayTicks { get; init; } = TimeSpan.FromSeconds(60).Ticks;
    public long StaleAfterTicks { get; init; } = TimeSpan.FromMinutes(5).Ticks;

    public TimeSpan ClearDelay => TimeSpan.FromTicks(ClearDelayTicks);
    public TimeSpan StaleAfter => TimeSpan.FromTicks(StaleAfterTicks);

    /// <summary>
    /// Resolves a registered sensor. Deadband: the sensor's own if given, else 5 % of each threshold for gas
    /// detectors and 1 % of the instrument span for process variables (§3.2 step 1, [DESIGN]). t_stale: the rule's,
    /// or 3 reporting periods when the sensor reports faster.
    /// </summary>
    public static SensorAlarmConfig From(Sensor sensor, AlarmRules rules, TimeSpan? reportingPeriod = null)
    {
        var isGas = sensor.Chemical is not null || rules.GasKinds.Contains(sensor.Kind);
        var span = sensor.RangeMax - sensor.RangeMin;
        double Deadband(double? threshold) =>
            sensor.Deadband ?? (threshold is not { } t ? 0
                : isGas ? Math.Abs(t) * rules.GasDeadbandOfThreshold
                : span * rules.ProcessDeadbandOfSpan);

        var stale = rules.StaleAfter;
        if (reportingPeriod is { } period && period > TimeSpan.Zero && period * rules.StaleMissedPeriods < stale)
            stale = period * rules.StaleMissedPeriods;

        var sp = sensor.SetPoints;
        return new SensorAlarmConfig
        {
            Code = sensor.Code,
            Kind = sensor.Kind,
            Unit = sensor.Unit,
            Mandatory = sensor.Mandatory,
            Chemical = sensor.Chemical,
            RangeMin = sensor.RangeMin,
            RangeMax = sensor.RangeMax,
            HighHigh = sp.HighHigh ?? double.NaN,
            High = sp.High ?? double.NaN,
            Low = sp.Low ?? double.NaN,
            LowLow = sp.LowLow ?? double.NaN,
            HighHighDeadband = Deadband(sp.HighHigh),
            HighDeadband = Deadband(sp.High),
            LowDeadband = Deadband(sp.Low),
            LowLowDeadband = Deadband(sp.LowLow),
            ClearDelayTicks = rules.ClearDelay.Ticks,
            StaleAfterTicks = stale.Ticks,
        };
    }

    /// <summary>The set-point that defines <paramref name="state"/> (NaN for normal and faults).</summary>
    public double ThresholdOf(AlarmState state) => state switch
    {
        AlarmState.HighHigh => HighHigh,
        AlarmState.High => High,
        AlarmState.Low => Low,
        AlarmState.LowLow => LowLow,
        _ => double.NaN,
    };

    /// <summary>The deadband of the set-point that defines <paramref name="state"/>.</summary>
    public double DeadbandOf(AlarmState state) => state switch
    {
        AlarmState.HighHigh => HighHighDeadband,
        AlarmState.High => HighDeadband,
        AlarmState.Low => LowDeadband,
        AlarmState.LowLow => LowLowDeadband,
        _ => 0,
    };
}
