using System.Collections.Concurrent;
using CityTwin.Abstractions.Registry;
using CityTwin.Abstractions.Worlds;
using CityTwin.Domain.Units;
using Microsoft.Extensions.Options;

namespace CityTwin.Server.Ingest;

/// <summary>Where a sensor's readings go: its hazard source, its index there, the registry version that holds, and the source's path (for scope checks).</summary>
public readonly record struct SensorRoute(string Source, int Index, long Version, string Path);

/// <summary>
/// The silo-local map from sensor code to hazard source, built from the registry index. An unknown sensor, or a
/// source whose registry moved on, makes it re-read the registry (at most once per refresh interval), so registry
/// changes reach the edge without a broadcast.
/// </summary>
public sealed class SensorDirectory(RegistryClient registry, IGrainFactory grains, TimeProvider time, IOptions<IngestOptions> options)
{
    private readonly ConcurrentDictionary<string, IHazardSourceGrain> _grains = new(StringComparer.Ordinal);

    /// <summary>
    /// The live hazard-source grain, its reference kept: GetGrain resolves the interface type by reflection on every
    /// call, which the ingest profile showed at 15% of the host's CPU (docs/performance.md).
    /// </summary>
    public IHazardSourceGrain GrainOf(string source) =>
        _grains.GetOrAdd(source, static (code, factory) => factory.GetGrain<IHazardSourceGrain>(GrainKey.For(GrainKey.Live, code)), grains);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile Dictionary<string, SensorRoute>? _routes;
    private DateTimeOffset _loadedAt = DateTimeOffset.MinValue;

    public async ValueTask<IReadOnlyDictionary<string, SensorRoute>> RoutesAsync()
    {
        return _routes ?? await RefreshAsync(force: true);
    }

    /// <summary>A sensor's route, re-reading the registry once if the sensor is unknown; null if it is not registered.</summary>
    public async ValueTask<SensorRoute?> FindAsync(string sensor) =>
        (await RoutesAsync()).TryGetValue(sensor, out var route) || (await RefreshAsync()).TryGetValue(sensor, out route) ? route : null;

    /// <summary>Re-reads the registry unless it was read within the refresh interval.</summary>
    public async Task<IReadOnlyDictionary<string, SensorRoute>> RefreshAsync(bool force = false)
    {
        await _gate.WaitAsync();
        try
        {
            if (_routes is { } current && !force && time.GetUtcNow() - _loadedAt < options.Value.DirectoryRefreshMinInterval) return current;
            if (_routes is { } fresh && force && time.GetUtcNow() - _loadedAt < TimeSpan.FromMilliseconds(50)) return fresh;
            var routes = new Dictionary<string, SensorRoute>(StringComparer.Ordinal);
            foreach (var entry in await registry.EntriesAsync())
            {
                if (entry.Kind != UnitKind.HazardSource) continue;
                for (var i = 0; i < entry.Sensors.Count; i++) routes[entry.Sensors[i]] = new SensorRoute(entry.Code, i, entry.Version, entry.Path);
            }
            _loadedAt = time.GetUtcNow();
            return _routes = routes;
        }
        finally
        {
            _gate.Release();
        }
    }
}
