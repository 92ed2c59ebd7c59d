using System.Diagnostics;
using CityTwin.Abstractions.Registry;
using CityTwin.Abstractions.Worlds;
using CityTwin.Domain.Units;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CityTwin.Server.Live;

/// <summary>
/// After a bundle load, activates the live tree bottom-up in the background: hazard sources, then enterprises, then
/// parks, towns, districts and the city. Left cold, the first city-level query activates the whole tree in one
/// cascade; on the 1,000,000-sensor city that took longer than Orleans' response timeout (docs/performance.md).
/// Bottom-up, each parent's first reconcile finds its children already active.
/// </summary>
public sealed partial class LiveTreeWarmer(IGrainFactory grains, IHostApplicationLifetime lifetime, ILogger<LiveTreeWarmer> logger)
{
    private const int Parallelism = 32;
    private readonly Lock _gate = new();
    private CancellationTokenSource? _running;

    /// <summary>Starts warming the world's tree, cancelling a warm-up still running from an earlier load.</summary>
    public Task Start(string world = GrainKey.Live)
    {
        CancellationTokenSource next;
        lock (_gate)
        {
            _running?.Cancel();
            _running = next = CancellationTokenSource.CreateLinkedTokenSource(lifetime.ApplicationStopping);
        }
        return Task.Run(() => WarmAsync(world, next.Token));
    }

    private async Task WarmAsync(string world, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            var entries = await new RegistryClient(grains, world).EntriesAsync();
            var levels = entries.Where(e => e.Kind != UnitKind.RescueTeam)
                .GroupBy(e => UnitPath.Codes(e.Path).Length).OrderByDescending(g => g.Key);
            var warmed = 0;
            foreach (var level in levels)
            {
                await Parallel.ForEachAsync(level, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct }, async (entry, _) =>
                {
                    if (grains.GetRiskNode(world, entry.Kind, entry.Code) is { } node) await node.GetLiveAsync();
                    Interlocked.Increment(ref warmed);
                });
            }
            Warmed(logger, world, warmed, clock.Elapsed.TotalSeconds);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            // Only a head start: a unit left cold activates on first use.
            WarmFailed(logger, world, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Live tree of world {World} warmed: {Units} units active after {Seconds:0.0} s")]
    private static partial void Warmed(ILogger logger, string world, int units, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Warming the live tree of world {World} stopped: {Reason}; cold units activate on first use")]
    private static partial void WarmFailed(ILogger logger, string world, string reason);
}
