using System.CommandLine;
using System.Globalization;
using CityTwin.Protos.V1;
using Google.Protobuf.WellKnownTypes;

namespace CityTwin.Cli.Commands;

/// <summary>
/// <c>citytwin alarms</c>: a scope's active alarms (cleared-but-unacknowledged included); <c>--ack ID</c> acknowledges
/// records in the caller's name; <c>--stats</c> shows alarms raised per day and the flaps the alarm logic kept.
/// </summary>
public static class AlarmsCommand
{
    public static Command Create(CliConsole console)
    {
        var scope = new Option<string>("--scope") { Description = "path prefix, e.g. 150600/150622 (default: all you may see)" };
        var ack = new Option<string[]>("--ack") { Description = "acknowledge these alarm record ids (repeatable)", AllowMultipleArgumentsPerToken = true };
        var note = new Option<string>("--note") { Description = "note stored with an acknowledgement" };
        var closedHours = new Option<int>("--closed-hours") { Description = "also list alarms closed within this many hours" };
        var stats = new Option<bool>("--stats") { Description = "alarms raised per day, and the flaps the deadband, clear delay and downgrade hold kept" };
        var from = new Option<string>("--from") { Description = "with --stats: first city day, yyyy-MM-dd (default today)" };
        var to = new Option<string>("--to") { Description = "with --stats: last city day, yyyy-MM-dd (default --from)" };
        var limit = new Option<int>("--limit") { Description = "how many alarms to list", DefaultValueFactory = _ => 100 };
        var command = new Command("alarms", "List active alarms of a scope, acknowledge them, or show alarm statistics")
            { scope, ack, note, closedHours, stats, from, to, limit };
        command.SetAction((parse, ct) => Cli.Run(console, parse, async channel =>
        {
            var alarms = new AlarmService.AlarmServiceClient(channel);
            var json = parse.GetValue(CliOptions.Json);
            if (parse.GetValue(ack) is { Length: > 0 } ids)
            {
                var done = await alarms.AcknowledgeAlarmsAsync(new AcknowledgeAlarmsRequest { Ids = { ids }, Note = parse.GetValue(note) ?? "" }, cancellationToken: ct);
                if (json) console.Json(done);
                else foreach (var a in done.Alarms) console.Out.WriteLine($"acknowledged {a.Id} by {a.AcknowledgedBy}{(a.Active ? " (still active: not cleared yet)" : "")}");
                return 0;
            }
            if (parse.GetValue(stats))
            {
                var days = await alarms.GetAlarmStatsAsync(new AlarmStatsRequest { PathPrefix = parse.GetValue(scope) ?? "", FromDay = parse.GetValue(from) ?? "", ToDay = parse.GetValue(to) ?? "" }, cancellationToken: ct);
                if (json) { console.Json(days); return 0; }
                console.Table(["day", "raised", "kept by deadband", "kept by clear delay", "kept by downgrade hold"], days.Days.Select(d => (IReadOnlyList<string>)
                    [d.Day, N(d.Raised), N(d.KeptByDeadband), N(d.KeptByClearDelay), N(d.KeptByDowngradeHold)]));
                return 0;
            }
            var request = new ListAlarmsRequest { PathPrefix = parse.GetValue(scope) ?? "", Limit = parse.GetValue(limit) };
            if (parse.GetValue(closedHours) is > 0 and var hours) request.ClosedSince = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddHours(-hours));
            var list = await alarms.ListAlarmsAsync(request, cancellationToken: ct);
            if (json) { console.Json(list); return 0; }
            console.Table(["id", "sensor", "now", "worst", "raised", "cleared", "acknowledged by"], list.Alarms.Select(a => (IReadOnlyList<string>)
                [a.Id, a.Sensor, State(a.Current), State(a.Worst), Time(a.RaisedAt), a.ClearedAt is null ? "" : Time(a.ClearedAt), a.AcknowledgedBy]));
            console.Out.WriteLine($"{list.Alarms.Count(a => a.Active)} active, {list.Alarms.Count(a => a.Active && a.AcknowledgedBy.Length == 0)} unacknowledged");
            return 0;
        }));
        return command;
    }

    private static string N(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static string Time(Timestamp t) => t.ToDateTimeOffset().ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    private static string State(AlarmState s) => s switch
    {
        AlarmState.HighHigh => "HIGH-HIGH",
        AlarmState.LowLow => "LOW-LOW",
        AlarmState.Unspecified => "",
        _ => s.ToString().ToUpperInvariant(),
    };
}
