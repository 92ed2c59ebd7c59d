namespace CityTwin.Domain.Risk.Alarms;

/// <summary>
/// One reading as the ingest edge passes it on: a per-sensor sequence number, the event time stamped at the
/// source, the value in the sensor's engineering unit, and whether the detector flagged itself faulty.
/// Non-finite values are rejected at the ingest edge; the state machine still treats them as out of range.
/// </summary>
public readonly record struct SensorReading(long Sequence, DateTimeOffset Time, double Value, bool Fault = false);
