using CityTwin.Grains;
using CityTwin.Grains.Live;
using CityTwin.Grains.Records;
using CityTwin.Host.Cluster;
using Orleans.Configuration;

namespace CityTwin.Host;

public static class OrleansSetup
{
    private const string Invariant = "Npgsql";

    private const string AdoNetStorage = "citytwin-adonet";

    /// <summary>
    /// Membership by the cluster mode (localhost, or ADO.NET on PostgreSQL: docs/cluster.md); grain state, reminders
    /// and the live twin's records and history in PostgreSQL when a connection string is given, in memory otherwise.
    /// </summary>
    public static WebApplicationBuilder AddCityTwinSilo(this WebApplicationBuilder builder, CityTwinOptions options)
    {
        builder.UseOrleans(silo =>
        {
            silo.UseCityTwinClustering(options, Invariant);
            silo.AddCityTwinGrains();
            if (options.Postgres.Length > 0)
            {
                // The ADO.NET provider under its own name, served to grains as the default through the translation.
                silo.AddAdoNetGrainStorage(AdoNetStorage, o =>
                {
                    o.Invariant = Invariant;
                    o.ConnectionString = options.Postgres;
                });
                silo.Services.AddKeyedSingleton<Orleans.Storage.IGrainStorage>(StorageNames.Default,
                    (sp, _) => new CityTwin.Grains.Records.StorageFailureTranslation(sp.GetRequiredKeyedService<Orleans.Storage.IGrainStorage>(AdoNetStorage)));
                silo.UseAdoNetReminderService(o =>
                {
                    o.Invariant = Invariant;
                    o.ConnectionString = options.Postgres;
                });
                silo.UsePostgresRecords(options.Postgres);
            }
            else
            {
                silo.AddMemoryGrainStorage(StorageNames.Default);
                silo.UseInMemoryReminderService();
            }
        });
        builder.Services.Configure<LiveOptions>(builder.Configuration.GetSection("CityTwin:Live"));
        builder.Services.Configure<CityTwin.Grains.Inspections.WarningOptions>(builder.Configuration.GetSection(CityTwin.Grains.Inspections.WarningOptions.Section));
        builder.Services.Configure<CityTwin.Abstractions.Records.HistoryOptions>(builder.Configuration.GetSection("CityTwin:History"));
        return builder;
    }
}
