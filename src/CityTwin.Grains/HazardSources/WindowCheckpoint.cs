namespace CityTwin.Grains.HazardSources;

/// <summary>
/// A hazard source's recent sensor windows as last checkpointed (docs/ingest.md: a crash loses at most the
/// checkpoint interval of raw window). Keyed by sensor code, so a registry change that reorders sensors keeps them.
/// </summary>
[GenerateSerializer, Alias("citytwin.WindowCheckpoint")]
public sealed class WindowCheckpoint
{
    [Id(0)] public Dictionary<string, long[]> Times { get; set; } = [];
    [Id(1)] public Dictionary<string, double[]> Values { get; set; } = [];
}
