using CityTwin.Domain.Risk.Alarms;

namespace CityTwin.Abstractions.Records;

/// <summary>
/// One alarm as a duty officer works with it: raised when a sensor entered an alarm state, escalated while it
/// worsened, cleared when the sensor returned to normal, acknowledged by a named person. It stays active, and
/// visible, until it is both cleared and acknowledged.
/// </summary>
[GenerateSerializer, Immutable, Alias("citytwin.AlarmRecord")]
public sealed record AlarmRecord(
    [property: Id(0)] string World,
    [property: Id(1)] string RecordId,
    [property: Id(2)] string SourceCode,
    [property: Id(3)] string SensorCode,
    [property: Id(4)] string Path,
    [property: Id(5)] AlarmState Worst,
    [property: Id(6)] AlarmState Current,
    [property: Id(7)] DateTimeOffset RaisedAt,
    [property: Id(8)] double RaisedValue,
    [property: Id(9)] DateTimeOffset UpdatedAt)
{
    [Id(10)] public DateTimeOffset? ClearedAt { get; init; }
    [Id(11)] public string? AcknowledgedBy { get; init; }
    [Id(12)] public DateTimeOffset? AcknowledgedAt { get; init; }
    [Id(13)] public string? Note { get; init; }

    public bool IsCleared => ClearedAt is not null;
    public bool IsAcknowledged => AcknowledgedAt is not null;
    /// <summary>Active until both cleared and acknowledged: a cleared alarm nobody has seen stays on the board.</summary>
    public bool IsActive => !IsCleared || !IsAcknowledged;

    /// <summary>One record per raise: the source, the sensor and the instant it was raised (ms).</summary>
    public static string IdOf(string sourceCode, string sensorCode, DateTimeOffset raisedAt) =>
        $"{sourceCode}/{sensorCode}/{raisedAt.ToUnixTimeMilliseconds()}";

    /// <summary>
    /// The newer knowledge of two copies of one record: the worst state ever, the current state of the later
    /// update, and clearance and acknowledgement once known never forgotten. Stores apply writes with it, so
    /// late or repeated writes change nothing.
    /// PostgresLiveRecords does the same in SQL.
    /// </summary>
    public static AlarmRecord Merge(AlarmRecord stored, AlarmRecord incoming)
    {
        var later = incoming.UpdatedAt >= stored.UpdatedAt ? incoming : stored;
        return later with
        {
            Worst = AlarmRecords.Worse(stored.Worst, incoming.Worst),
            // A raise that cleared stays cleared: a new raise is a new record.
            ClearedAt = stored.ClearedAt ?? incoming.ClearedAt,
            AcknowledgedBy = stored.AcknowledgedBy ?? incoming.AcknowledgedBy,
            AcknowledgedAt = stored.AcknowledgedAt ?? incoming.AcknowledgedAt,
            Note = stored.AcknowledgedAt is not null ? stored.Note : incoming.Note,
        };
    }
}

public static class AlarmRecords
{
    /// <summary>The more severe of two alarm states (second-level over first-level over anything else).</summary>
    public static AlarmState Worse(AlarmState a, AlarmState b) => b.Severity() > a.Severity() ? b : a;
}
