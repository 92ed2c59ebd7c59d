using CityTwin.Abstractions.Drills;
using CityTwin.Abstractions.Records;
using CityTwin.Abstractions.Registry;
using CityTwin.Abstractions.Worlds;
using CityTwin.Domain.Drills.Scenarios;
using CityTwin.Server.Calls;
using CityTwin.Server.Security;
using Grpc.Core;
using Microsoft.Extensions.Options;
using Proto = CityTwin.Protos.V1;

namespace CityTwin.Server.Drills;

/// <summary>
/// citytwin.v1.DrillService: validates scenarios (file and city), starts drills under the caller's identity, steps,
/// reports, streams timelines and deletes. A drill is the caller's business only if its hazard sources lie within the
/// caller's scope.
/// </summary>
public sealed class DrillGrpcService(IGrainFactory grains, RegistryClient registry, ScopeResolver scopes, TimeProvider time, IOptions<HistoryOptions> history)
    : Proto.DrillService.DrillServiceBase
{
    private static readonly TimeSpan WatchPoll = TimeSpan.FromMilliseconds(100);
    private const int DefaultPage = 100;
    private const int MaxPage = 1000;

    public override async Task<Proto.ValidateScenarioResponse> ValidateScenario(Proto.ValidateScenarioRequest request, ServerCallContext context)
    {
        var (parse, problems) = await CheckAsync(request.ScenarioJson, context);
        var response = new Proto.ValidateScenarioResponse { Ok = problems.Count == 0, Name = parse.Scenario?.Name ?? "" };
        response.Problems.AddRange(problems.Select(p => new Proto.ScenarioProblem { Field = p.Field, Line = p.Line, Message = p.Message }));
        return response;
    }

    public override async Task<Proto.DrillStatus> StartDrill(Proto.StartDrillRequest request, ServerCallContext context)
    {
        var asOf = AsOf(request.AsOf);
        var (_, problems) = await CheckAsync(request.ScenarioJson, context);
        if (problems.Count > 0)
            throw Failures.InvalidArgument("scenario_json", string.Join("; ", problems.Take(20)) + (problems.Count > 20 ? $"; and {problems.Count - 20} more" : ""));
        var actor = Callers.ActorOf(context);
        var drill = grains.GetGrain<IDrillGrain>(DrillWorlds.NewId());
        var status = await drill.StartAsync(request.ScenarioJson, actor, asOf);
        if (request.RunToEnd && status.State == DrillState.Running) status = await drill.StepAsync(0, actor);
        return ToProto(status);
    }

    public override async Task<Proto.DrillStatus> StepDrill(Proto.StepDrillRequest request, ServerCallContext context)
    {
        if (request.Steps < 0) throw Failures.InvalidArgument("steps", "must be 0 (to the end) or more");
        var (drill, _) = await DrillAsync(request.DrillId, context);
        return ToProto(await drill.StepAsync(request.Steps, Callers.ActorOf(context)));
    }

    public override async Task<Proto.DrillStatus> GetDrill(Proto.DrillRef request, ServerCallContext context) =>
        ToProto((await DrillAsync(request.DrillId, context)).Status);

    public override async Task<Proto.ListDrillsResponse> ListDrills(Proto.ListDrillsRequest request, ServerCallContext context)
    {
        DrillState? state = request.State switch
        {
            "" => null,
            "running" => DrillState.Running,
            "completed" => DrillState.Completed,
            "failed" => DrillState.Failed,
            _ => throw Failures.InvalidArgument("state", $"'{Truncate(request.State)}' is not a drill state (running, completed, failed, or empty for all)"),
        };
        if (request.PageSize is < 0 or > MaxPage) throw Failures.InvalidArgument("page_size", $"{request.PageSize} is out of range: must be 0 (the default, {DefaultPage}) to {MaxPage}");
        (long Ticks, string Id)? after = request.PageToken.Length == 0 ? null : DrillListToken.Parse(request.PageToken)
            ?? throw Failures.InvalidArgument("page_token", "is not a token this server issued");
        var size = request.PageSize == 0 ? DefaultPage : request.PageSize;

        var visible = await scopes.VisibleToAsync(Callers.Of(context));
        var all = await grains.GetGrain<IDrillCatalogGrain>(IDrillCatalogGrain.Key).ListAsync();
        var matching = all.Where(d => (state is null || d.State == state) && visible.Contains(d.OriginPath)
            && (after is not { } a || DrillListToken.IsAfter(d, a))).Take(size + 1).ToList();
        var response = new Proto.ListDrillsResponse();
        response.Drills.AddRange(matching.Take(size).Select(ToProto));
        if (matching.Count > size) response.NextPageToken = DrillListToken.Of(matching[size - 1]);
        return response;
    }

    public override async Task<Proto.DrillReport> GetDrillReport(Proto.DrillRef request, ServerCallContext context)
    {
        var (drill, status) = await DrillAsync(request.DrillId, context);
        var report = await drill.GetReportAsync();
        return new Proto.DrillReport { Status = ToProto(status), ReportJson = report?.ReportJson ?? "", ZonesGeojson = report?.ZonesGeoJson ?? "" };
    }

    public override async Task WatchDrill(Proto.WatchDrillRequest request, IServerStreamWriter<Proto.DrillTimelineEvent> responseStream, ServerCallContext context)
    {
        if (request.FromIndex < 0) throw Failures.InvalidArgument("from_index", "must be 0 or more");
        var (drill, _) = await DrillAsync(request.DrillId, context);
        var next = request.FromIndex;
        while (!context.CancellationToken.IsCancellationRequested)
        {
            if (await drill.GetTimelineAsync(next) is not { } page) return;   // deleted meanwhile
            foreach (var e in page.Entries)
            {
                var message = new Proto.DrillTimelineEvent
                {
                    Index = next++, AtMin = e.AtMin, Time = e.Time, Kind = e.Kind, Subject = e.Subject ?? "", Detail = e.Detail ?? "",
                    Level = e.Level ?? "", DrillState = Name(page.Status.State),
                };
                if (e.Value is { } v) message.Value = v;
                await responseStream.WriteAsync(message, context.CancellationToken);
            }
            if (page.Status.State != DrillState.Running && page.Entries.Count == 0) return;
            if (page.Entries.Count == 0) await Task.Delay(WatchPoll, context.CancellationToken);
        }
    }

    public override async Task<Proto.DeleteDrillResponse> DeleteDrill(Proto.DrillRef request, ServerCallContext context)
    {
        var (drill, status) = await DrillAsync(request.DrillId, context);
        return new Proto.DeleteDrillResponse { Deleted = await drill.DeleteAsync(Callers.ActorOf(context)), Origin = status.Origin };
    }

    /// <summary>The scenario's own problems, then (if it reads) its codes against the registry and the caller's scope.</summary>
    private async Task<(ScenarioParse Parse, IReadOnlyList<ScenarioProblem> Problems)> CheckAsync(string json, ServerCallContext context)
    {
        if (string.IsNullOrWhiteSpace(json)) throw Failures.InvalidArgument("scenario_json", "is empty");
        var parse = ScenarioReader.Read(json);
        if (parse.Scenario is not { } scenario) return (parse, parse.Problems);
        var caller = Callers.Of(context);
        var visible = await scopes.VisibleToAsync(caller);
        var problems = await ScenarioCityCheck.ProblemsAsync(scenario, parse.Lines, async code => (await registry.GetAsync(code))?.Unit);
        if (problems.Count > 0) return (parse, problems);
        foreach (var code in Sources(scenario))
        {
            var record = await registry.GetAsync(code);
            if (record is not null && !visible.Contains(record.Unit.Path)) throw Failures.OutsideScope(caller.Scope, code, "run a drill at");
        }
        return (parse, []);
    }

    private static IEnumerable<string> Sources(DrillScenario s) =>
        s.Injects.Select(i => i.Event?.HazardSource ?? i.HazardSource).OfType<string>().Prepend(s.Event.HazardSource).Distinct(StringComparer.Ordinal);

    /// <summary>The drill, if the id is well formed, it exists, and its origin lies within the caller's scope.</summary>
    private async Task<(IDrillGrain Drill, DrillStatus Status)> DrillAsync(string id, ServerCallContext context)
    {
        if (!DrillWorlds.IsValidId(id)) throw Failures.InvalidArgument("drill_id", $"'{Truncate(id)}' is not a drill id (drill- and 12 lower-case hex digits)");
        var drill = grains.GetGrain<IDrillGrain>(id);
        var status = await drill.GetStatusAsync() ?? throw new RpcException(new Status(StatusCode.NotFound, $"drill '{id}' does not exist"));
        var caller = Callers.Of(context);
        if (!(await scopes.VisibleToAsync(caller)).Contains(status.OriginPath)) throw Failures.OutsideScope(caller.Scope, status.Origin, "see the drill at");
        return (drill, status);
    }

    /// <summary>The as-of time: empty is now; else a past time with its offset, within the monitoring history's retention.</summary>
    private DateTimeOffset? AsOf(string text)
    {
        if (text.Length == 0) return null;
        if (!DateTimeOffset.TryParseExact(text, ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"], System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.None, out var asOf) || !text.Contains('T', StringComparison.Ordinal)
            || !(text.EndsWith('Z') || text.LastIndexOfAny(['+', '-']) > text.IndexOf('T', StringComparison.Ordinal)))
            throw Failures.InvalidArgument("as_of", $"'{Truncate(text)}' is not a time with its offset (e.g. 2026-06-12T10:00:00+08:00)");
        var now = time.GetUtcNow();
        if (asOf > now) throw Failures.InvalidArgument("as_of", $"{text} is in the future; a drill starts from now or from the past");
        var oldest = now - TimeSpan.FromDays(history.Value.RetentionDays);
        if (asOf < oldest)
            throw Failures.InvalidArgument("as_of", string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"{text} is beyond the monitoring history's retention of {history.Value.RetentionDays} days (the oldest time it allows is {oldest:yyyy-MM-dd'T'HH:mm:ssK})"));
        return asOf;
    }

    private static string Truncate(string s) => s.Length > 40 ? s[..40] + "…" : s;

    private static string Name(DrillState state) => state.ToString().ToLowerInvariant();

    private static Proto.DrillStatus ToProto(DrillStatus s) => new()
    {
        DrillId = s.Id, Name = s.Name, State = Name(s.State), StartedBy = s.StartedBy.Subject, StartedByRole = s.StartedBy.Role,
        StartedAt = s.StartedAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture), Origin = s.Origin, ElapsedMin = s.ElapsedMin,
        DurationMin = s.DurationMin, TimelineCount = s.TimelineCount, WorldUnits = s.WorldUnits, Error = s.Error ?? "",
        SimulatedNow = s.SimulatedNow.ToString("yyyy-MM-dd'T'HH:mm:ssK", System.Globalization.CultureInfo.InvariantCulture),
        LastSteppedBy = s.LastSteppedBy?.Subject ?? "", LiveSources = s.LiveSources,
        LiveEnterprises = s.LiveEnterprises, LiveAcknowledgements = s.LiveAcknowledgements,
        AsOf = s.AsOf?.ToString("yyyy-MM-dd'T'HH:mm:ssK", System.Globalization.CultureInfo.InvariantCulture) ?? "",
    };
}
