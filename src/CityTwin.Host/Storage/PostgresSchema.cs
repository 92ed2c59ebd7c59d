using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace CityTwin.Host.Storage;

/// <summary>
/// Applies CityTwin's PostgreSQL schema for the Orleans ADO.NET providers (grain storage,
/// clustering, reminders). The scripts under deploy/sql are idempotent, so this runs on every
/// silo start; a transaction-scoped advisory lock makes silos that start together take turns.
/// </summary>
public static class PostgresSchema
{
    /// <summary>Advisory lock key shared by every process applying this schema ("CityTwin" in ASCII).</summary>
    private const long AdvisoryLockKey = 0x436974795477696E;

    /// <summary>Directory the Host project copies deploy/sql/*.sql into.</summary>
    public static string DefaultSqlDirectory => Path.Combine(AppContext.BaseDirectory, "sql");

    /// <summary>
    /// Applies every <c>*.sql</c> file of <paramref name="sqlDirectory"/> in ordinal name order, in one
    /// transaction, under <c>pg_advisory_xact_lock</c>. Either every file applies or none does.
    /// </summary>
    public static async Task ApplyAsync(string connectionString, string sqlDirectory, ILogger? logger, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentException.ThrowIfNullOrWhiteSpace(sqlDirectory);
        logger ??= NullLogger.Instance;

        if (!Directory.Exists(sqlDirectory))
        {
            throw new DirectoryNotFoundException($"Schema directory '{sqlDirectory}' does not exist.");
        }

        var files = Directory.GetFiles(sqlDirectory, "*.sql")
            .OrderBy(f => Path.GetFileName(f), StringComparer.Ordinal)
            .ToArray();
        if (files.Length == 0)
        {
            // A silo without its schema would only fail later, inside the providers, less clearly.
            throw new InvalidOperationException($"Schema directory '{sqlDirectory}' contains no *.sql files.");
        }

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);

        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, transaction))
        {
            lockCommand.Parameters.AddWithValue("key", AdvisoryLockKey);
            // Another silo may hold the lock while it applies the same scripts: wait for it.
            lockCommand.CommandTimeout = 300;
            await lockCommand.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }

        foreach (var file in files)
        {
            var name = Path.GetFileName(file);
            var sql = await File.ReadAllTextAsync(file, ct).ConfigureAwait(false);
            PostgresSchemaLog.ApplyingFile(logger, name);
            try
            {
                await using var command = new NpgsqlCommand(sql, connection, transaction) { CommandTimeout = 300 };
                await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }
            catch (PostgresException ex)
            {
                PostgresSchemaLog.FileFailed(logger, ex, name);
                throw new InvalidOperationException($"Applying schema file '{name}' failed: {ex.MessageText}", ex);
            }
        }

        await transaction.CommitAsync(ct).ConfigureAwait(false);
        PostgresSchemaLog.Applied(logger, files.Length, sqlDirectory);
    }
}

internal static partial class PostgresSchemaLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "Applying schema file {FileName}")]
    public static partial void ApplyingFile(ILogger logger, string fileName);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "Schema file {FileName} failed")]
    public static partial void FileFailed(ILogger logger, Exception exception, string fileName);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Applied {FileCount} schema file(s) from {Directory}")]
    public static partial void Applied(ILogger logger, int fileCount, string directory);
}
