using CityTwin.Abstractions.Inspections;
using CityTwin.Abstractions.Worlds;

namespace CityTwin.Grains.Inspections;

/// <summary>The enterprises with a warning or commitment book in a world (key <c>world/kind</c>), persisted before an add returns.</summary>
public sealed class LoopDirectoryGrain(
    [PersistentState("loop-directory", StorageNames.Default)] IPersistentState<LedgerDirectoryState> state)
    : Grain, ILoopDirectoryGrain
{
    public async Task AddAsync(string enterpriseCode)
    {
        if (!state.State.Enterprises.Add(enterpriseCode)) return;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            await state.ReadStateAsync();
            throw;
        }
    }

    public Task<bool> HasAsync(string enterpriseCode) => Task.FromResult(state.State.Enterprises.Contains(enterpriseCode));

    public Task<IReadOnlyList<string>> ListAsync() => Task.FromResult<IReadOnlyList<string>>([.. state.State.Enterprises]);

    public async Task DiscardAsync()
    {
        if (GrainKey.Parse(this.GetPrimaryKeyString()).World == GrainKey.Live) throw new InvalidOperationException("the live world's directory is never discarded");
        await state.ClearStateAsync();
        DeactivateOnIdle();
    }
}
