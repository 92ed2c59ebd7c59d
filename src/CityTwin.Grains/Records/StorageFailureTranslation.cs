using CityTwin.Abstractions.Records;
using Orleans.Storage;

namespace CityTwin.Grains.Records;

/// <summary>
/// Grain storage that reports a driver's failure as <see cref="StorageUnavailableException"/>. The call filter does
/// the same for failures inside a grain call; this covers the read an activation makes before any call runs, whose
/// driver exception would otherwise reach a caller on another silo as a codec error instead of "unavailable".
/// </summary>
public sealed class StorageFailureTranslation(IGrainStorage inner) : IGrainStorage
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        Translate(() => inner.ReadStateAsync(stateName, grainId, grainState));

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        Translate(() => inner.WriteStateAsync(stateName, grainId, grainState));

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        Translate(() => inner.ClearStateAsync(stateName, grainId, grainState));

    private static async Task Translate(Func<Task> call)
    {
        try
        {
            await call();
        }
        catch (Exception e) when (e is not InconsistentStateException && StorageFailures.Find(e) is { } failure)
        {
            throw new StorageUnavailableException(StorageFailures.Describe(failure));
        }
    }
}
