namespace CityTwin.Grains.HazardSources;

// A drill world has no tick timer: the drill's settle is the tick, at the drill's time.
public sealed partial class HazardSourceGrain
{
    public override async Task SettleAsync(DateTimeOffset now, bool recompute)
    {
        AdvanceDrillClock(now);
        if (recompute && await MonitorAsync() is { } monitor) await PushAsync(monitor.Evaluate(Time.GetUtcNow()));
    }
}
