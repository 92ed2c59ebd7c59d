using CityTwin.Abstractions.Drills;
using CityTwin.Abstractions.Worlds;
using CityTwin.Domain.Risk.Rollup;

// The drill-world side of every unit grain, kept apart from the live logic.
namespace CityTwin.Grains.Registry;

public abstract partial class UnitGrain : IDrillWorldUnit
{
    public virtual Task SettleAsync(DateTimeOffset now, bool recompute)
    {
        AdvanceDrillClock(now);
        return Task.CompletedTask;
    }

    public virtual Task PinAsync(RiskSummary summary)
    {
        DrillWorlds.Require(World);
        return Task.CompletedTask;
    }

    public async Task DiscardAsync()
    {
        DrillWorlds.Require(World);
        await state.ClearStateAsync();
        DeactivateOnIdle();
    }

    /// <summary>Moves the drill clock (refuses the live world, whose time is the silo's).</summary>
    protected void AdvanceDrillClock(DateTimeOffset now)
    {
        DrillWorlds.Require(World);
        if (Time is Drills.DrillClock clock) clock.Set(now);
    }
}
