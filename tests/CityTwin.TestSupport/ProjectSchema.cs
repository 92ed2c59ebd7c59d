using Npgsql;

namespace CityTwin.TestSupport;

/// <summary>Applies the repository's deploy/sql scripts in order, for tests that run silos without the Host.</summary>
public static class ProjectSchema
{
    public static async Task ApplyAsync(string connectionString, CancellationToken ct)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CityTwin.sln"))) dir = dir.Parent;
        if (dir is null) throw new DirectoryNotFoundException("CityTwin.sln was not found above the test binaries");
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        foreach (var file in Directory.GetFiles(Path.Combine(dir.FullName, "deploy", "sql"), "*.sql").Order(StringComparer.Ordinal))
        {
            await using var command = new NpgsqlCommand(await File.ReadAllTextAsync(file, ct), connection);
            await command.ExecuteNonQueryAsync(ct);
        }
    }
}
