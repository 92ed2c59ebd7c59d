using CityTwin.Abstractions.Records;

namespace CityTwin.Grains.Records;

/// <summary>
/// Turns a storage driver's failure inside any grain call into <see cref="StorageUnavailableException"/>: the
/// driver's exceptions carry data Orleans has no codec for, so a caller on another silo got a serialization error
/// instead of "storage is unavailable".
/// </summary>
internal sealed class StorageFailureFilter : IIncomingGrainCallFilter
{
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        try
        {
            await context.Invoke();
        }
        catch (Exception e) when (StorageFailures.Find(e) is { } failure)
        {
            throw new StorageUnavailableException(StorageFailures.Describe(failure));
        }
    }
}
