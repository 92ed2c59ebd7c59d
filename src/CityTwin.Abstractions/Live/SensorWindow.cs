namespace CityTwin.Abstractions.Live;

/// <summary>A sensor's most recent accepted readings (oldest first), as its hazard source keeps them in memory.</summary>
[GenerateSerializer, Immutable, Alias("citytwin.SensorWindow")]
public sealed record SensorWindow(
    [property: Id(0)] string SourceCode,
    [property: Id(1)] string SensorCode,
    [property: Id(2)] int Capacity,
    [property: Id(3)] long[] EventTimesMs,
    [property: Id(4)] double[] Values);
