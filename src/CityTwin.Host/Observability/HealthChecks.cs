using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Runtime;

namespace CityTwin.Host.Observability;

/// <summary>
/// Readiness: the host finished starting and this silo is an active member of the cluster. Reads membership the
/// silo already holds in memory, so it calls no grain and no database.
/// </summary>
public sealed class SiloReadyCheck(StartupState startup, IClusterMembershipService membership, ILocalSiloDetails local) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!startup.Started) return Task.FromResult(HealthCheckResult.Unhealthy("starting"));
        var status = membership.CurrentSnapshot.GetSiloStatus(local.SiloAddress);
        return Task.FromResult(status == SiloStatus.Active
            ? HealthCheckResult.Healthy($"silo {local.SiloAddress} active")
            : HealthCheckResult.Unhealthy($"silo {local.SiloAddress} is {status}"));
    }
}

/// <summary>
/// Storage: PostgreSQL answers <c>SELECT 1</c> within two seconds. When it does not, the silo still serves what it
/// holds in memory, so this reports Degraded (still ready; HTTP 200) with the reason, never Unhealthy.
/// </summary>
public sealed class StorageCheck(IOptions<CityTwinOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var connection = options.Value.Postgres;
        if (connection.Length == 0) return HealthCheckResult.Healthy("in memory");
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(2));
            await using var db = new NpgsqlConnection(connection);
            await db.OpenAsync(timeout.Token);
            await using var command = new NpgsqlCommand("SELECT 1", db);
            await command.ExecuteScalarAsync(timeout.Token);
            return HealthCheckResult.Healthy("PostgreSQL answers");
        }
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException or TimeoutException or System.Net.Sockets.SocketException)
        {
            return HealthCheckResult.Degraded($"PostgreSQL does not answer ({e.GetType().Name}); operator writes fail with UNAVAILABLE until it does", e);
        }
    }
}
