using Grpc.Core;

namespace CityTwin.Cli;

/// <summary>Backs off and retries when the server answers RESOURCE_EXHAUSTED for its per-caller rate limit.</summary>
public static class Retry
{
    public static async Task<T> OnRateLimitAsync<T>(Func<Task<T>> call, CancellationToken ct, int attempts = 10)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call();
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.ResourceExhausted && e.Status.Detail.Contains("RequestsPerSecond", StringComparison.Ordinal) && attempt < attempts)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250 * attempt), ct);
            }
        }
    }
}
