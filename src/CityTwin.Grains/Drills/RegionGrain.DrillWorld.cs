using CityTwin.Domain.Risk.Rollup;

namespace CityTwin.Grains.Regions;

// In a drill world the drill pulls a region's children and recomputes it explicitly after each step; a region
// outside the drill's reach is pinned to its live summary.
public sealed partial class RegionGrain
{
    public override async Task SettleAsync(DateTimeOffset now, bool recompute)
    {
        AdvanceDrillClock(now);
        if (recompute) await _rollup.ReconcileAsync();
    }

    public override Task PinAsync(RiskSummary summary)
    {
        Abstractions.Worlds.DrillWorlds.Require(World);
        _rollup.Pinned = summary;
        return Task.CompletedTask;
    }
}
