namespace CityTwin.Server;

/// <summary>
/// Limits on what one call, and one caller, may ask of the server (configuration section CityTwin:Limits). Each
/// refusal is RESOURCE_EXHAUSTED naming the property here; <see cref="Security.Limits.CallerLimits"/> applies
/// the per-caller ones.
/// </summary>
public sealed class ServerLimits
{
    public long MaxBundleBytes { get; set; } = 2L << 30;
    public int MaxUnitsPerUpsert { get; set; } = 1_000;
    public int MaxPageSize { get; set; } = 10_000;
    public int MaxProblemsReported { get; set; } = 10_000;
    /// <summary>Largest single gRPC message accepted, in bytes.</summary>
    public int MaxMessageBytes { get; set; } = 8 << 20;

    /// <summary>Calls per second one caller may make on average (a token bucket per authenticated subject, or per remote address when anonymous).</summary>
    public int RequestsPerSecond { get; set; } = 200;
    /// <summary>Calls one caller may make at once above the average (the bucket's size).</summary>
    public int RequestBurst { get; set; } = 400;
    /// <summary>Long-lived server streams (watches) one caller may hold open at once.</summary>
    public int MaxConcurrentStreamsPerCaller { get; set; } = 16;

    /// <summary>
    /// Sensor readings per second one caller may send across all its ingest streams (a token bucket per caller). A
    /// stream a little over it is paced (its next batch is read later, so HTTP/2 flow control slows the feeder);
    /// a caller far over it, with more waiting than one burst, is refused.
    /// </summary>
    public int ReadingsPerSecond { get; set; } = 2_000_000;
    /// <summary>Readings one caller may send at once above the average (the bucket's size; also the largest batch it can send).</summary>
    public int ReadingsBurst { get; set; } = 2_000_000;
}
