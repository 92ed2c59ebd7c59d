using CityTwin.Domain.Risk.Rollup;
using CityTwin.Domain.Units;

namespace CityTwin.Abstractions.Live;

/// <summary>A unit's summary changed: what watchers filter on (place, sector, department, kind) and the new summary.</summary>
[GenerateSerializer, Immutable, Alias("citytwin.LevelChange")]
public sealed record LevelChange(
    [property: Id(0)] string World,
    [property: Id(1)] string Code,
    [property: Id(2)] UnitKind? Kind,
    [property: Id(3)] string Path,
    [property: Id(4)] string? Sector,
    [property: Id(5)] string? Department,
    [property: Id(6)] RiskSummary Summary,
    [property: Id(7)] DateTimeOffset ChangedAt)
{
    /// <summary>Set when this is a closed-loop notice to the unit rather than a change of its level.</summary>
    [Id(8)] public LoopNotice? Notice { get; init; }
}

/// <summary>A silo's watch hub, as the publishers reach it: it fans changes out to that silo's watch streams.</summary>
[Alias("citytwin.IWatchHub")]
public interface IWatchHub : IGrainObserver
{
    [OneWay]
    Task OnChangesAsync(IReadOnlyList<LevelChange> changes);
}

/// <summary>Where each silo's hub registers (key: world), renewing before the registration expires.</summary>
[Alias("citytwin.IWatchDirectoryGrain")]
public interface IWatchDirectoryGrain : IGrainWithStringKey
{
    Task RegisterAsync(IWatchHub hub);

    Task UnregisterAsync(IWatchHub hub);

    [AlwaysInterleave]
    Task<IReadOnlyList<IWatchHub>> HubsAsync();
}

/// <summary>
/// Per-silo publisher (a stateless worker, key: world): grains hand it their changes, it batches them for a few
/// milliseconds and sends each batch to every hub. Publishing never waits on a watcher.
/// </summary>
[Alias("citytwin.IChangePublisherGrain")]
public interface IChangePublisherGrain : IGrainWithStringKey
{
    [OneWay]
    Task PublishAsync(LevelChange change);
}
