namespace CityTwin.Grains.Live;

/// <summary>Timing of the live twin (configuration section CityTwin:Live). Tests shorten them.</summary>
public sealed class LiveOptions
{
    /// <summary>A parent forwards the first change at once, then coalesces what follows for this long.</summary>
    public TimeSpan CoalesceWindow { get; set; } = TimeSpan.FromMilliseconds(200);
    /// <summary>How often a parent pulls its children's summaries afresh (self-healing after lost pushes).</summary>
    public TimeSpan ReconcileInterval { get; set; } = TimeSpan.FromMinutes(2);
    /// <summary>How often a hazard source re-evaluates without readings (clear delays, staleness, downgrade holds).</summary>
    public TimeSpan TickInterval { get; set; } = TimeSpan.FromSeconds(10);
}
