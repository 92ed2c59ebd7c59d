using CityTwin.Abstractions.Drills;
using CityTwin.Abstractions.Worlds;
using CityTwin.Domain.Risk.Rollup;

namespace CityTwin.Grains.Registry;

// A drill world's registry shards are cleared with the drill.
public sealed partial class RegistryIndexGrain : IDrillWorldUnit
{
    public Task SettleAsync(DateTimeOffset now, bool recompute) => Task.CompletedTask;

    public Task PinAsync(RiskSummary summary) => Task.CompletedTask;

    public async Task DiscardAsync()
    {
        DrillWorlds.Require(GrainKey.Parse(this.GetPrimaryKeyString()).World);
        await state.ClearStateAsync();
        DeactivateOnIdle();
    }
}
