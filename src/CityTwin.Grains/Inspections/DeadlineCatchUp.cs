using CityTwin.Abstractions.Inspections;
using CityTwin.Abstractions.Worlds;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CityTwin.Grains.Inspections;

/// <summary>
/// On silo start, every ledger and warning book of the live world catches up on the deadlines that passed while the
/// system was down (reminders do not replay missed ticks), and the commitment watch on the due hours it missed. In the background: a silo does not wait for a city's ledgers to start.
/// Several silos doing it is harmless, since firing is idempotent per ledger watermark.
/// </summary>
internal static partial class DeadlineCatchUp
{
    public static Task StartAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var grains = services.GetRequiredService<IGrainFactory>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("CityTwin.Inspections");
        _ = Task.Run(async () =>
        {
            try
            {
                var directory = grains.GetGrain<IHiddenDangerDirectoryGrain>(GrainKey.Live);
                var count = (await directory.LedgersAsync()).Count;
                await directory.WakeAllAsync();
                LogCaughtUp(logger, count);
                // Warnings climb the rungs that passed while down; missed commitment hours raise their warnings.
                var books = await grains.GetGrain<ILoopDirectoryGrain>(GrainKey.For(GrainKey.Live, ILoopDirectoryGrain.Warnings)).ListAsync();
                foreach (var batch in books.Chunk(64))
                    await Task.WhenAll(batch.Select(code => grains.GetGrain<IWarningBookGrain>(GrainKey.For(GrainKey.Live, code)).CatchUpAsync()));
                var missing = await grains.GetGrain<ICommitmentWatchGrain>(GrainKey.Live).CatchUpAsync();
                LogLoopsCaughtUp(logger, books.Count, missing);
            }
            catch (Exception e)
            {
                // Each ledger also catches up when it next activates or its reminder ticks.
                LogFailed(logger, e.Message);
            }
        }, CancellationToken.None);
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Hidden-danger deadlines caught up on start: {Count} ledger(s)")]
    private static partial void LogCaughtUp(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Warnings caught up on start: {Books} book(s); {Missing} missing commitment(s) raised")]
    private static partial void LogLoopsCaughtUp(ILogger logger, int books, int missing);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Catching up hidden-danger deadlines on start failed; ledgers catch up on activation: {Reason}")]
    private static partial void LogFailed(ILogger logger, string reason);
}
