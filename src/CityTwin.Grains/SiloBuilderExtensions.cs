using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using CityTwin.Domain.Inspections;
using CityTwin.Domain.Risk;
using CityTwin.Abstractions.Records;
using CityTwin.Grains.Live;
using CityTwin.Grains.Records;
using Orleans.Storage;

namespace CityTwin.Grains;

public static class SiloBuilderExtensions
{
    /// <summary>
    /// What every CityTwin silo needs besides its storage provider: a clock, the risk and inspection rules, the live
    /// twin's timing, its records (in memory unless UsePostgresRecords follows), the closed loops' deadline catch-up at
    /// start, and Orleans' own serializer for stored
    /// state. The default storage serializer writes Newtonsoft JSON with .NET type names, which breaks on renames
    /// and cannot walk NetTopologySuite geometries; ours follows the [Id]/[Alias] contract of the grain messages.
    /// </summary>
    public static ISiloBuilder AddCityTwinGrains(this ISiloBuilder silo)
    {
        silo.Services.TryAddSingleton(TimeProvider.System);
        silo.Services.AddSingleton<IGrainStorageSerializer, OrleansGrainStorageSerializer>();
        silo.Services.TryAddSingleton(RiskRules.Default);
        silo.Services.AddOptions<Inspections.WarningOptions>();
        silo.Services.TryAddSingleton(sp => sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<Inspections.WarningOptions>>().Value.Apply(InspectionRules.Default));
        silo.Services.TryAddSingleton(sp => new Inspections.LoopClock(sp.GetRequiredService<TimeProvider>()));
        silo.Services.AddOptions<LiveOptions>();
        silo.AddIncomingGrainCallFilter<StorageFailureFilter>();
        silo.Services.TryAddSingleton<ILiveRecords, MemoryLiveRecords>();
        silo.Services.TryAddSingleton<ISensorHistory, MemorySensorHistory>();
        silo.Services.AddOptions<HistoryOptions>();
        silo.Services.TryAddSingleton<CityTwin.Abstractions.Audit.IAuditTrail, Audit.MemoryAuditTrail>();
        silo.Services.TryAddSingleton(Domain.Drills.DrillSettings.Default);
        silo.AddStartupTask(Inspections.DeadlineCatchUp.StartAsync);
        return silo;
    }
}
