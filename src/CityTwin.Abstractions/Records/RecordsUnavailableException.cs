namespace CityTwin.Abstractions.Records;

/// <summary>The records store did not take a write that must be stored before the call returns; nothing was claimed.</summary>
[GenerateSerializer, Alias("citytwin.RecordsUnavailableException")]
public sealed class RecordsUnavailableException(string message) : Exception(message);
