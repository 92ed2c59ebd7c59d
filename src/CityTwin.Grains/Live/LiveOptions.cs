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

    /// <summary>
    /// A drill world's timing: no coalescing window (every change flushes at once), no reconcile timer and no tick
    /// timer — the drill's step is the barrier, and it settles the world explicitly at the drill's time.
    /// </summary>
    public static LiveOptions Drill { get; } = new()
    {
        CoalesceWindow = TimeSpan.Zero, ReconcileInterval = Timeout.InfiniteTimeSpan, TickInterval = Timeout.InfiniteTimeSpan,
    };

    /// <summary>The options for grains of <paramref name="world"/>: the configured ones live, <see cref="Drill"/> in a drill world.</summary>
    public static LiveOptions For(string world, LiveOptions live) => Abstractions.Worlds.DrillWorlds.IsDrill(world) ? Drill : live;
}
