using CityTwin.Abstractions.Drills;

namespace CityTwin.Grains.Drills;

/// <summary>The stored list of drills and their last reported status (see <see cref="IDrillCatalogGrain"/>).</summary>
public sealed class DrillCatalogGrain(
    [PersistentState("drillCatalog", StorageNames.Default)] IPersistentState<DrillCatalogState> state) : Grain, IDrillCatalogGrain
{
    public async Task RecordAsync(DrillStatus status)
    {
        state.State.Drills[status.Id] = status;
        await state.WriteStateAsync();
    }

    public async Task ForgetAsync(string drillId)
    {
        if (state.State.Drills.Remove(drillId)) await state.WriteStateAsync();
    }

    public Task<IReadOnlyList<DrillStatus>> ListAsync() => Task.FromResult<IReadOnlyList<DrillStatus>>(
        [.. state.State.Drills.Values.OrderByDescending(d => d.StartedAt).ThenBy(d => d.Id, StringComparer.Ordinal)]);
}

[GenerateSerializer, Alias("citytwin.DrillCatalogState")]
public sealed class DrillCatalogState
{
    [Id(0)] public Dictionary<string, DrillStatus> Drills { get; set; } = [];
}
