namespace CityTwin.Abstractions.Live;

/// <summary>
/// One batch's readings for one hazard source, as parallel arrays (cheap to serialize at a million readings a
/// second). <see cref="Sensors"/> are indices into the source's registered sensor list at
/// <see cref="RegistryVersion"/>; a grain whose registry moved on refuses the batch so the edge re-routes it.
/// </summary>
[GenerateSerializer, Immutable, Alias("citytwin.SourceReadings")]
public sealed record SourceReadings(
    [property: Id(0)] long RegistryVersion,
    [property: Id(1)] int[] Sensors,
    [property: Id(2)] double[] Values,
    [property: Id(3)] long[] EventTimesMs,
    [property: Id(4)] long[] Sequences,
    [property: Id(5)] bool[] Faults)
{
    public int Count => Sensors.Length;
}

/// <summary>What a hazard source did with a batch.</summary>
[GenerateSerializer, Immutable, Alias("citytwin.ReadingsOutcome")]
public sealed record ReadingsOutcome(
    [property: Id(0)] int Applied,
    [property: Id(1)] int Duplicates,
    [property: Id(2)] bool RegistryMoved);

/// <summary>A hazard source's assessment as its enterprise keeps it, with the version it was sent under.</summary>
[GenerateSerializer, Immutable, Alias("citytwin.SourceAssessment")]
public sealed record SourceAssessment(
    [property: Id(0)] CityTwin.Domain.Risk.HazardSourceAssessment Assessment,
    [property: Id(1)] long Version);
