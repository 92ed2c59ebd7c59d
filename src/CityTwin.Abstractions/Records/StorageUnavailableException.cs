namespace CityTwin.Abstractions.Records;

/// <summary>
/// A grain call failed because storage (PostgreSQL) did not answer; nothing of the call was stored. Raised in place
/// of the driver's exception, whose extra data Orleans cannot always carry from one silo to another.
/// </summary>
[GenerateSerializer, Alias("citytwin.StorageUnavailableException")]
public sealed class StorageUnavailableException(string message) : Exception(message);
