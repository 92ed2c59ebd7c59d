using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CityTwin.Server.Ingest;

public static class IngestServiceCollectionExtensions
{
    public static IServiceCollection AddCityTwinIngest(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<IngestOptions>(configuration.GetSection("CityTwin:Ingest"));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<SensorDirectory>();
        return services;
    }
}
