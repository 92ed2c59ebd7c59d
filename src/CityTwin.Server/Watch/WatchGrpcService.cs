using System.Globalization;
using CityTwin.Abstractions.Live;
using CityTwin.Abstractions.Registry;
using CityTwin.Abstractions.Worlds;
using CityTwin.Domain.Risk;
using CityTwin.Domain.Units;
using CityTwin.Server.Calls;
using CityTwin.Server.Inspections;
using CityTwin.Server.Risk;
using CityTwin.Server.Security;
using CityTwin.Server.Security.Limits;
using CityTwin.Server.Units;
using Grpc.Core;
using Proto = CityTwin.Protos.V1;

namespace CityTwin.Server.Watch;

/// <summary>
/// citytwin.v1.WatchService: a snapshot of a scope, then its changes as they happen. The subscriber is registered
/// before the snapshot is read, so nothing that changes meanwhile is missed (a unit may then come twice; versions
/// order them). A resume token is a time: the end of the snapshot, then the latest change delivered. A reconnect
/// gets the current state of every unit that changed since (less a one-second margin for clock skew between
/// silos), not every intermediate event.
/// </summary>
public sealed class WatchGrpcService(RegistryClient registry, IGrainFactory grains, WatchHub hub, ScopeResolver scopes, CallerLimits limits, TimeProvider time)
    : Proto.WatchService.WatchServiceBase
{
    /// <summary>Changes at the very edge of a token are sent again rather than risk missing one.</summary>
    private static readonly TimeSpan ResumeMargin = TimeSpan.FromSeconds(1);

    public override async Task Watch(Proto.WatchRequest request, IServerStreamWriter<Proto.WatchEvent> responseStream, ServerCallContext context)
    {
        var caller = Callers.Of(context);
        using var lease = limits.AdmitStream(caller.Subject);
        var filter = await FilterAsync(request, caller);
        var ct = context.CancellationToken;
        var shown = new HashSet<string>(StringComparer.Ordinal);
        var latest = filter.Since;

        var subscriber = new WatchSubscriber(filter.Accepts);
        using var subscription = hub.Subscribe(subscriber);

        foreach (var entry in await registry.FindAllAsync(filter.Query))
        {
            if (await LiveAsync(entry) is not { } live || (filter.Since != DateTimeOffset.MinValue && live.ChangedAt <= filter.Since)) continue;
            if (filter.MinLevel is { } min && live.Summary.Level < min) continue;
            shown.Add(entry.Code);
            if (live.ChangedAt > latest) latest = live.ChangedAt;
            await responseStream.WriteAsync(Event(Proto.WatchEvent.Types.Type.Snapshot, live.ToProto(entry.Kind.ToProto()), entry.Path, latest, 0), ct);
        }
        // Everything up to now is in the snapshot or will come as a change: resume from here.
        var now = time.GetUtcNow();
        if (now > latest) latest = now;
        await responseStream.WriteAsync(new Proto.WatchEvent { Type = Proto.WatchEvent.Types.Type.SnapshotEnd, ResumeToken = Token(latest) }, ct);

        while (!ct.IsCancellationRequested)
        {
            foreach (var (change, folded) in await subscriber.TakeAsync(ct))
            {
                if (change.Notice is { } notice)
                {
                    var unit = new LiveUnit(change.Summary, change.ChangedAt, []) { ChangedAt = change.ChangedAt };
                    await responseStream.WriteAsync(new Proto.WatchEvent
                    {
                        Type = Proto.WatchEvent.Types.Type.Notice, Unit = unit.ToProto(change.Kind?.ToProto() ?? Proto.UnitKind.Unspecified), Path = change.Path,
                        ResumeToken = Token(latest), Notice = notice.ToProto(),
                    }, ct);
                    continue;
                }
                var above = filter.MinLevel is not { } min || change.Summary.Level >= min;
                // A unit that falls below the minimum is sent once more, so the client can drop it.
                if (!above && !shown.Remove(change.Code)) continue;
                if (above) shown.Add(change.Code);
                if (change.ChangedAt > latest) latest = change.ChangedAt;
                var live = new LiveUnit(change.Summary, change.ChangedAt, []) { ChangedAt = change.ChangedAt };
                await responseStream.WriteAsync(Event(Proto.WatchEvent.Types.Type.Change, live.ToProto(change.Kind?.ToProto() ?? Proto.UnitKind.Unspecified), change.Path, latest, folded), ct);
            }
        }
    }

    private static Proto.WatchEvent Event(Proto.WatchEvent.Types.Type type, Proto.LiveLevel unit, string path, DateTimeOffset latest, int folded) =>
        new() { Type = type, Unit = unit, Path = path, ResumeToken = Token(latest), Coalesced = folded };

    private static string Token(DateTimeOffset at) => at == DateTimeOffset.MinValue ? "" : at.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);

    private sealed record WatchFilter(UnitQuery Query, Func<LevelChange, bool> Accepts, RiskLevel? MinLevel, DateTimeOffset Since);

    private async Task<WatchFilter> FilterAsync(Proto.WatchRequest request, Caller caller)
    {
        var kinds = new HashSet<UnitKind>();
        foreach (var k in request.Kinds)
        {
            if (!k.TryFromProto(out var kind) || kind == UnitKind.RescueTeam) throw Failures.InvalidArgument("kinds", $"'{k}' is not a unit kind with a risk level");
            kinds.Add(kind);
        }
        if (request.Sector.Length > 0 && !Sectors.All.Contains(request.Sector)) throw Failures.InvalidArgument("sector", $"'{request.Sector}' is not a sector");
        if (request.Department.Length > 0 && !Departments.All.Contains(request.Department)) throw Failures.InvalidArgument("department", $"'{request.Department}' is not a department");
        foreach (var code in request.PathPrefix.Length > 0 ? UnitPath.Codes(request.PathPrefix) : [])
        {
            if (UnitCode.Problem(code) is { } why) throw Failures.InvalidArgument("path_prefix", $"segment '{code}' {why}");
        }
        RiskLevel? min = request.MinLevel == Proto.RiskLevel.Unspecified ? null
            : request.MinLevel.FromProto() ?? throw Failures.InvalidArgument("min_level", "is not a risk level");
        var since = DateTimeOffset.MinValue;
        if (request.ResumeToken.Length > 0)
        {
            if (!long.TryParse(request.ResumeToken, NumberStyles.None, CultureInfo.InvariantCulture, out var ms) || ms > DateTimeOffset.MaxValue.ToUnixTimeMilliseconds())
                throw Failures.InvalidArgument("resume_token", "is not a token this server issued");
            since = DateTimeOffset.FromUnixTimeMilliseconds(ms) - ResumeMargin;
        }

        var visible = await scopes.VisibleToAsync(caller);
        var prefix = request.PathPrefix.Length > 0 ? request.PathPrefix : null;
        var query = visible.Narrow(new UnitQuery
        {
            Kinds = kinds.Count > 0 ? [.. kinds] : [UnitKind.City, UnitKind.District, UnitKind.Town, UnitKind.Park, UnitKind.Enterprise, UnitKind.HazardSource],
            Sector = request.Sector.Length > 0 ? request.Sector : null,
            Department = request.Department.Length > 0 ? request.Department : null,
            PathPrefix = prefix,
        });
        bool Accepts(LevelChange c) =>
            c.World == GrainKey.Live && c.Kind is { } kind && (kinds.Count == 0 || kinds.Contains(kind))
            && (prefix is null || UnitPath.IsWithin(c.Path, prefix)) && visible.Contains(c.Path)
            && (query.Sector is null || c.Sector == query.Sector) && (query.Department is null || c.Department == query.Department);
        return new WatchFilter(query, Accepts, min, since);
    }

    private Task<LiveUnit?> LiveAsync(IndexEntry entry) =>
        grains.GetRiskNode(GrainKey.Live, entry.Kind, entry.Code)?.GetLiveAsync() ?? Task.FromResult<LiveUnit?>(null);
}
