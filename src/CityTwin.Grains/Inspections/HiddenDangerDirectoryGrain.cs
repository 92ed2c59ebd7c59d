using CityTwin.Abstractions.Inspections;
using CityTwin.Abstractions.Worlds;

namespace CityTwin.Grains.Inspections;

/// <summary>The enterprises with a hidden-danger ledger in a world (key: world), persisted before an add returns.</summary>
public sealed class HiddenDangerDirectoryGrain(
    [PersistentState("hidden-danger-directory", StorageNames.Default)] IPersistentState<LedgerDirectoryState> state)
    : Grain, IHiddenDangerDirectoryGrain
{
    public async Task AddAsync(string enterpriseCode)
    {
        if (state.State.Enterprises.Contains(enterpriseCode)) return;
        state.State.Enterprises.Add(enterpriseCode);
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

    public Task<bool> HasLedgerAsync(string enterpriseCode) => Task.FromResult(state.State.Enterprises.Contains(enterpriseCode));

    public Task<IReadOnlyList<string>> LedgersAsync() => Task.FromResult<IReadOnlyList<string>>([.. state.State.Enterprises]);

    public async Task WakeAllAsync()
    {
        var world = this.GetPrimaryKeyString();
        foreach (var batch in state.State.Enterprises.ToList().Chunk(64))
            await Task.WhenAll(batch.Select(code => GrainFactory.GetGrain<IHiddenDangerLedgerGrain>(GrainKey.For(world, code)).CatchUpAsync()));
    }
}
