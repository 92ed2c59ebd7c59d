using CityTwin.Abstractions.Records;
using CityTwin.Domain.Risk.Alarms;
using Google.Protobuf.WellKnownTypes;
using Proto = CityTwin.Protos.V1;

namespace CityTwin.Server.Alarms;

/// <summary>Maps alarm records and counters to citytwin.v1 messages.</summary>
public static class AlarmMessages
{
    public static Proto.AlarmState ToProto(this AlarmState state) => (Proto.AlarmState)((int)state + 1);

    public static Proto.Alarm ToProto(this AlarmRecord r)
    {
        var alarm = new Proto.Alarm
        {
            Id = r.RecordId, Source = r.SourceCode, Sensor = r.SensorCode, Path = r.Path, Worst = r.Worst.ToProto(), Current = r.Current.ToProto(),
            RaisedAt = Timestamp.FromDateTimeOffset(r.RaisedAt), RaisedValue = r.RaisedValue,
            AcknowledgedBy = r.AcknowledgedBy ?? "", Note = r.Note ?? "", Active = r.IsActive,
        };
        if (r.ClearedAt is { } cleared) alarm.ClearedAt = Timestamp.FromDateTimeOffset(cleared);
        if (r.AcknowledgedAt is { } acked) alarm.AcknowledgedAt = Timestamp.FromDateTimeOffset(acked);
        return alarm;
    }

    public static Proto.AlarmDayStats ToProto(this AlarmDay d) => new()
    {
        Day = d.Day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        Raised = d.Raised, KeptByDeadband = d.KeptByDeadband, KeptByClearDelay = d.KeptByDelay, KeptByDowngradeHold = d.KeptByHold,
    };
}
