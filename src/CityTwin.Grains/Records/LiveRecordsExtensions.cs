using CityTwin.Abstractions.Records;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CityTwin.Grains.Records;

public static class LiveRecordsExtensions
{
    /// <summary>
    /// Keeps alarm records, alarm counters, level changes, the monitoring history and the audit trail in PostgreSQL
    /// instead of this process's memory.
    /// </summary>
    public static ISiloBuilder UsePostgresRecords(this ISiloBuilder silo, string connectionString)
    {
        silo.Services.RemoveAll<ILiveRecords>();
        silo.Services.RemoveAll<ISensorHistory>();
        silo.Services.RemoveAll<CityTwin.Abstractions.Audit.IAuditTrail>();
        // One pool of their own, kept small: grain storage, reminders and clustering share the server's connections.
        var database = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = PostgresLiveRecords.MaxConnections }.ConnectionString);
        silo.Services.AddSingleton(sp => new PostgresLiveRecords(database, sp.GetRequiredService<ILogger<PostgresLiveRecords>>()));
        silo.Services.AddSingleton<ILiveRecords>(sp => sp.GetRequiredService<PostgresLiveRecords>());
        silo.Services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<PostgresLiveRecords>());
        silo.Services.AddSingleton(sp => ActivatorUtilities.CreateInstance<PostgresSensorHistory>(sp, database));
        silo.Services.AddSingleton<ISensorHistory>(sp => sp.GetRequiredService<PostgresSensorHistory>());
        silo.Services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<PostgresSensorHistory>());
        silo.Services.AddSingleton<CityTwin.Abstractions.Audit.IAuditTrail>(new Audit.PostgresAuditTrail(database));
        return silo;
    }
}
