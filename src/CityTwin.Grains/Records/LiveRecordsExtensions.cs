using CityTwin.Abstractions.Records;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CityTwin.Grains.Records;

public static class LiveRecordsExtensions
{
    /// <summary>Keeps alarm records, alarm counters and level changes in PostgreSQL instead of this process's memory.</summary>
    public static ISiloBuilder UsePostgresLiveRecords(this ISiloBuilder silo, string connectionString)
    {
        silo.Services.RemoveAll<ILiveRecords>();
        // A pool of its own, kept small: grain storage and reminders share the server's connections.
        var records = new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = PostgresLiveRecords.MaxConnections }.ConnectionString;
        silo.Services.AddSingleton(sp => new PostgresLiveRecords(NpgsqlDataSource.Create(records), sp.GetRequiredService<ILogger<PostgresLiveRecords>>()));
        silo.Services.AddSingleton<ILiveRecords>(sp => sp.GetRequiredService<PostgresLiveRecords>());
        silo.Services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<PostgresLiveRecords>());
        return silo;
    }
}
