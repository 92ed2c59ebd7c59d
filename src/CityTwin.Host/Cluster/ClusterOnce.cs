using Npgsql;

namespace CityTwin.Host.Cluster;

/// <summary>
/// Work done once per cluster rather than once per silo: silos take turns on a PostgreSQL session advisory lock,
/// and a row in <c>citytwin_cluster_flag</c> (deploy/sql/004) records that it was done. The flag is set only after
/// the work succeeded, so a silo that dies half-way leaves it to the next one (the work must be idempotent).
/// </summary>
public static class ClusterOnce
{
    /// <summary>Advisory lock key of once-per-cluster work ("CTonce" in ASCII); distinct from the schema's.</summary>
    private const long LockKey = 0x43546F6E6365;

    /// <returns>True if this call did the work, false if the flag was already set.</returns>
    public static async Task<bool> RunAsync(string connectionString, string flag, string by, Func<Task> work, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using (var take = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", connection) { CommandTimeout = 0 })
        {
            take.Parameters.AddWithValue("key", LockKey);
            await take.ExecuteNonQueryAsync(ct);
        }
        try
        {
            await using (var check = new NpgsqlCommand("SELECT count(*) FROM citytwin_cluster_flag WHERE name = @name", connection))
            {
                check.Parameters.AddWithValue("name", flag);
                if ((long)(await check.ExecuteScalarAsync(ct))! > 0) return false;
            }
            await work();
            await using var set = new NpgsqlCommand("INSERT INTO citytwin_cluster_flag (name, set_by) VALUES (@name, @by) ON CONFLICT (name) DO NOTHING", connection);
            set.Parameters.AddWithValue("name", flag);
            set.Parameters.AddWithValue("by", by);
            await set.ExecuteNonQueryAsync(ct);
            return true;
        }
        finally
        {
            // Closing the connection releases a session lock too; unlocking keeps a pooled connection clean.
            await using var release = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", connection);
            release.Parameters.AddWithValue("key", LockKey);
            await release.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }
}
