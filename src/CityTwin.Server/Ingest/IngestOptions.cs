namespace CityTwin.Server.Ingest;

/// <summary>The ingest edge's rules (configuration section CityTwin:Ingest).</summary>
public sealed class IngestOptions
{
    /// <summary>Readings one batch may carry; more gets RESOURCE_EXHAUSTED naming this limit.</summary>
    public int MaxBatchReadings { get; set; } = 10_000;
    /// <summary>How far in the future (by the server's clock) an event time may lie.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(5);
    /// <summary>An unknown sensor makes the edge re-read the registry at most this often.</summary>
    public TimeSpan DirectoryRefreshMinInterval { get; set; } = TimeSpan.FromSeconds(5);
}
