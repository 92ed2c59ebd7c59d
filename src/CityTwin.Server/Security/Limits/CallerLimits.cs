using System.Threading.RateLimiting;
using CityTwin.Server.Calls;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace CityTwin.Server.Security.Limits;

/// <summary>
/// The per-caller limits in one place: a token bucket of calls per caller now, and the concurrent-stream and
/// batch-size checks the ingest and watch RPCs use. Nothing queues: over a limit, the call is refused at once
/// with RESOURCE_EXHAUSTED naming the limit, so a flood costs the server almost nothing and no queue grows.
/// </summary>
public sealed class CallerLimits : IDisposable
{
    private readonly ServerLimits _limits;
    private readonly PartitionedRateLimiter<string> _requests;
    private readonly PartitionedRateLimiter<string> _streams;
    private readonly PartitionedRateLimiter<string> _readings;

    public CallerLimits(IOptions<ServerLimits> options)
    {
        _limits = options.Value;
        var perSecond = Math.Max(1, _limits.RequestsPerSecond);
        var burst = Math.Max(perSecond, _limits.RequestBurst);
        _requests = PartitionedRateLimiter.Create<string, string>(caller => RateLimitPartition.GetTokenBucketLimiter(caller, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = burst, TokensPerPeriod = perSecond, ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0, AutoReplenishment = true,
        }));
        var readings = Math.Max(1, _limits.ReadingsPerSecond);
        var readingsBurst = Math.Max(1, _limits.ReadingsBurst);
        _readings = PartitionedRateLimiter.Create<string, string>(caller => RateLimitPartition.GetTokenBucketLimiter(caller, _ => new TokenBucketRateLimiterOptions
        {
            // Refilled ten times a second so that pacing is smooth; one burst may wait, more is refused.
            TokenLimit = readingsBurst, TokensPerPeriod = Math.Max(1, readings / 10), ReplenishmentPeriod = TimeSpan.FromMilliseconds(100),
            QueueLimit = readingsBurst, QueueProcessingOrder = QueueProcessingOrder.OldestFirst, AutoReplenishment = true,
        }));
        _streams = PartitionedRateLimiter.Create<string, string>(caller => RateLimitPartition.GetConcurrencyLimiter(caller, _ => new ConcurrencyLimiterOptions
        {
            PermitLimit = Math.Max(1, _limits.MaxConcurrentStreamsPerCaller), QueueLimit = 0,
        }));
    }

    /// <summary>Counts one call against the caller's bucket, or refuses it.</summary>
    public void AdmitCall(string caller)
    {
        using var lease = _requests.AttemptAcquire(caller);
        if (!lease.IsAcquired)
            throw Failures.ResourceExhausted(nameof(ServerLimits.RequestsPerSecond),
                $"{caller} made more than {_limits.RequestsPerSecond} calls per second (burst {_limits.RequestBurst}); slow down and retry");
    }

    /// <summary>Holds one of the caller's concurrent streams until disposed, or refuses the stream.</summary>
    public RateLimitLease AdmitStream(string caller)
    {
        var lease = _streams.AttemptAcquire(caller);
        if (lease.IsAcquired) return lease;
        lease.Dispose();
        throw Failures.ResourceExhausted(nameof(ServerLimits.MaxConcurrentStreamsPerCaller),
            $"{caller} already holds {_limits.MaxConcurrentStreamsPerCaller} open streams; close one first");
    }

    /// <summary>
    /// Counts a batch's readings against the caller's reading rate, waiting while the caller is a little over it (the
    /// stream is paced), refusing when more than one burst is already waiting or the batch exceeds a burst.
    /// </summary>
    public async ValueTask AdmitReadingsAsync(string caller, int count, CancellationToken ct)
    {
        if (count <= 0) return;
        if (count > _limits.ReadingsBurst)
            throw Failures.ResourceExhausted(nameof(ServerLimits.ReadingsBurst), $"a batch of {count} readings is more than {caller} may send at once ({_limits.ReadingsBurst}); send smaller batches");
        using var lease = await _readings.AcquireAsync(caller, count, ct);
        if (!lease.IsAcquired)
            throw Failures.ResourceExhausted(nameof(ServerLimits.ReadingsPerSecond),
                $"{caller} sends more than {_limits.ReadingsPerSecond} readings per second across its streams; slow down and re-send unacknowledged batches");
    }

    /// <summary>Refuses a batch larger than its limit (e.g. readings per ingest batch).</summary>
    public static void RequireAtMost(string limit, int count, int max, string what)
    {
        if (count > max) throw Failures.ResourceExhausted(limit, $"{count} {what} in one message; at most {max}");
    }

    public void Dispose()
    {
        _requests.Dispose();
        _streams.Dispose();
        _readings.Dispose();
    }
}
