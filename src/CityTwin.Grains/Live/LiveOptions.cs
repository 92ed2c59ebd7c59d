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
    /// <summary>Readings kept per sensor in memory for the recent-window query and drills (16 bytes each).</summary>
    public int WindowReadings { get; set; } = 32;
    /// <summary>How often a hazard source stores its recent windows when readings arrived (a crash loses at most this much raw window).</summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromSeconds(30);
    /// <summary>The city's time zone (IANA id): alarm counters are per local day.</summary>
    public string TimeZone { get; set; } = "Asia/Shanghai";

    public CityTwin.Domain.Inspections.CityCalendar Calendar => _calendar is { } c && c.Zone.Id == TimeZone ? c : _calendar = CityTwin.Domain.Inspections.CityCalendar.Of(TimeZone);

    private CityTwin.Domain.Inspections.CityCalendar? _calendar;

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
