using System.Globalization;
using CityTwin.Abstractions.Records;
using CityTwin.Abstractions.Registry;
using CityTwin.Abstractions.Worlds;
using CityTwin.Domain.Units;
using CityTwin.Server.Calls;
using CityTwin.Server.Security;
using Grpc.Core;
using CityTwin.Domain.Inspections;
using Proto = CityTwin.Protos.V1;

namespace CityTwin.Server.Alarms;

/// <summary>
/// citytwin.v1.AlarmService: a scope's active alarm records (cleared-but-unacknowledged ones included), their
/// acknowledgement by the calling person, and the per-day alarm counters. Records are read from the silo's
/// records store; acknowledgements go through the hazard source's grain, which stores them before answering.
/// </summary>
public sealed class AlarmGrpcService(ILiveRecords records, RegistryClient registry, IGrainFactory grains, ScopeResolver scopes, TimeProvider time, CityCalendar calendar)
    : Proto.AlarmService.AlarmServiceBase
{
    private const int DefaultLimit = 100;
    private const int MaxLimit = 10_000;
    private const int MaxIds = 1_000;
    private const int MaxNote = 500;
    private const int MaxDays = 366;

    public override async Task<Proto.AlarmList> ListAlarms(Proto.ListAlarmsRequest request, ServerCallContext context)
    {
        if (request.Limit is < 0 or > MaxLimit) throw Failures.InvalidArgument("limit", $"must lie between 0 and {MaxLimit}");
        var paths = await PathsAsync(request.PathPrefix, context);
        var query = new AlarmQuery(GrainKey.Live, paths)
        {
            ClosedSince = request.ClosedSince?.ToDateTimeOffset(),
            Limit = request.Limit == 0 ? DefaultLimit : request.Limit,
        };
        var list = new Proto.AlarmList();
        list.Alarms.AddRange((await records.AlarmsAsync(query, context.CancellationToken)).Select(a => a.ToProto()));
        return list;
    }

    public override async Task<Proto.AlarmList> AcknowledgeAlarms(Proto.AcknowledgeAlarmsRequest request, ServerCallContext context)
    {
        if (request.Ids.Count == 0) throw Failures.InvalidArgument("ids", "name at least one alarm record to acknowledge");
        if (request.Ids.Count > MaxIds) throw Failures.InvalidArgument("ids", $"at most {MaxIds} records per call");
        if (request.Note.Length > MaxNote) throw Failures.InvalidArgument("note", $"at most {MaxNote} characters");
        var caller = Callers.Of(context);
        var visible = await scopes.VisibleToAsync(caller);

        // Every id is checked (form, source, scope) before any is acknowledged.
        var sources = new List<(string Id, IHazardSourceGrain Grain)>();
        foreach (var id in request.Ids.Distinct(StringComparer.Ordinal))
        {
            var source = SourceOf(id);
            var entry = await registry.EntryAsync(source);
            if (entry is null || entry.Kind != UnitKind.HazardSource) throw Failures.NotFound(source);
            if (!visible.Contains(entry.Path)) throw Failures.OutsideScope(caller.Scope, source, "acknowledge alarms of");
            sources.Add((id, grains.GetGrain<IHazardSourceGrain>(GrainKey.For(GrainKey.Live, source))));
        }

        var list = new Proto.AlarmList();
        foreach (var (id, grain) in sources)
        {
            var acknowledged = await grain.AcknowledgeAlarmAsync(id, caller.Actor, request.Note.Length > 0 ? request.Note : null)
                ?? throw new RpcException(new Status(StatusCode.NotFound, $"alarm record '{id}' is not active (unknown, or already cleared and acknowledged)"));
            list.Alarms.Add(acknowledged.ToProto());
        }
        return list;
    }

    public override async Task<Proto.AlarmStats> GetAlarmStats(Proto.AlarmStatsRequest request, ServerCallContext context)
    {
        var today = calendar.LocalDate(time.GetUtcNow());
        var from = request.FromDay.Length == 0 ? today : Day(request.FromDay, "from_day");
        var to = request.ToDay.Length == 0 ? from : Day(request.ToDay, "to_day");
        if (to < from) throw Failures.InvalidArgument("to_day", $"{to:yyyy-MM-dd} is before from_day {from:yyyy-MM-dd}");
        if (to.DayNumber - from.DayNumber >= MaxDays) throw Failures.InvalidArgument("to_day", $"at most {MaxDays} days per call");
        var paths = await PathsAsync(request.PathPrefix, context);
        var stats = new Proto.AlarmStats();
        stats.Days.AddRange((await records.DaysAsync(GrainKey.Live, paths, from, to, context.CancellationToken)).Select(d => d.ToProto()));
        return stats;
    }

    private async Task<IReadOnlyList<string>?> PathsAsync(string prefix, ServerCallContext context)
    {
        foreach (var code in prefix.Length > 0 ? UnitPath.Codes(prefix) : [])
            if (UnitCode.Problem(code) is { } why) throw Failures.InvalidArgument("path_prefix", $"segment '{code}' {why}");
        return (await scopes.VisibleToAsync(Callers.Of(context))).Within(prefix);
    }

    private static string SourceOf(string id)
    {
        var parts = id.Split('/');
        if (parts.Length != 3 || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out _) || UnitCode.Problem(parts[0]) is not null)
            throw Failures.InvalidArgument("ids", $"'{Shorten(id)}' is not an alarm record id (source/sensor/raised-at-ms)");
        return parts[0];
    }

    private static DateOnly Day(string text, string field) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day : throw Failures.InvalidArgument(field, $"'{Shorten(text)}' is not a day (yyyy-MM-dd)");

    private static string Shorten(string s) => s.Length <= 80 ? s : s[..80] + "…";
}
