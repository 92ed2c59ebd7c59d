namespace CityTwin.Abstractions.Records;

/// <summary>The monitoring history (configuration section CityTwin:History; docs/history.md).</summary>
public sealed class HistoryOptions
{
    /// <summary>A reading is stored when it leaves this band around the last stored value: per sensor, this share of its instrument range (percent).</summary>
    public double DeadbandPercentOfRange { get; set; } = 0.5;
    /// <summary>A reading is stored at least this often even when the value stays within the deadband.</summary>
    public TimeSpan MaxInterval { get; set; } = TimeSpan.FromMinutes(10);
    /// <summary>Days of history kept in PostgreSQL; older day partitions are dropped.</summary>
    public int RetentionDays { get; set; } = 30;

    /// <summary>The deadband of a sensor with the given instrument range (0 when the range is unknown: every change is stored).</summary>
    public double DeadbandOf(double rangeMin, double rangeMax) =>
        double.IsFinite(rangeMax - rangeMin) && rangeMax > rangeMin ? (rangeMax - rangeMin) * DeadbandPercentOfRange / 100 : 0;
}
