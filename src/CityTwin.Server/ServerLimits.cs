namespace CityTwin.Server;

/// <summary>Limits on what one call may ask of the server (configuration section CityTwin:Limits).</summary>
public sealed class ServerLimits
{
    public long MaxBundleBytes { get; set; } = 2L << 30;
    public int MaxUnitsPerUpsert { get; set; } = 1_000;
    public int MaxPageSize { get; set; } = 10_000;
    public int MaxProblemsReported { get; set; } = 10_000;
    /// <summary>Largest single gRPC message accepted, in bytes.</summary>
    public int MaxMessageBytes { get; set; } = 8 << 20;
}
