namespace CityTwin.Grains.Enterprises;

// In a drill world the drill pulls the enterprise's sources and recomputes it explicitly after each step.
public sealed partial class EnterpriseGrain
{
    public override async Task SettleAsync(DateTimeOffset now, bool recompute)
    {
        AdvanceDrillClock(now);
        if (recompute) await ReconcileAsync();
    }
}
