using CityTwin.Grains;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Storage;

namespace CityTwin.Host;

public static class OrleansSetup
{
    private const string Invariant = "Npgsql";

    /// <summary>
    /// Localhost clustering; grain state and reminders in PostgreSQL when a connection string is given
    /// (Orleans' own serializer, so stored state follows the [Id]/[Alias] contract), in memory otherwise.
    /// </summary>
    public static WebApplicationBuilder AddCityTwinSilo(this WebApplicationBuilder builder, CityTwinOptions options)
    {
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort, serviceId: options.ServiceId, clusterId: options.ClusterId);
            if (options.Postgres.Length > 0)
            {
                silo.AddAdoNetGrainStorage(StorageNames.Default, o => o.Configure<Serializer>((storage, serializer) =>
                {
                    storage.Invariant = Invariant;
                    storage.ConnectionString = options.Postgres;
                    storage.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer);
                }));
                silo.UseAdoNetReminderService(o =>
                {
                    o.Invariant = Invariant;
                    o.ConnectionString = options.Postgres;
                });
            }
            else
            {
                silo.AddMemoryGrainStorage(StorageNames.Default);
                silo.UseInMemoryReminderService();
            }
        });
        builder.Services.AddSingleton(TimeProvider.System);
        return builder;
    }
}
