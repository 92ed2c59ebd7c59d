using CityTwin.Abstractions.Live;
using CityTwin.Abstractions.Registry;
using CityTwin.Abstractions.Worlds;
using CityTwin.Server.Calls;
using CityTwin.Server.Risk;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Proto = CityTwin.Protos.V1;

namespace CityTwin.Server.Queries;

/// <summary>QueryService's history: a sensor's recent window from its hazard source, a unit's level changes from the records.</summary>
public sealed partial class QueryGrpcService
{
    private const int DefaultHistory = 100;
    private const int MaxHistory = 10_000;
    private static readonly TimeSpan DefaultHistorySpan = TimeSpan.FromDays(7);

    public override async Task<Proto.SensorWindow> GetSensorWindow(Proto.GetSensorWindowRequest request, ServerCallContext context)
    {
        RequireCode(request.Sensor, "sensor");
        var route = await sensors.FindAsync(request.Sensor) ?? throw new RpcException(new Status(StatusCode.NotFound, $"sensor '{request.Sensor}' is not registered"));
        var caller = Callers.Of(context);
        if (!(await scopes.VisibleToAsync(caller)).Contains(route.Path)) throw Failures.OutsideScope(caller.Scope, route.Source, "read");
        var window = await Grains.GetGrain<IHazardSourceGrain>(GrainKey.For(GrainKey.Live, route.Source)).GetWindowAsync(request.Sensor)
            ?? throw new RpcException(new Status(StatusCode.NotFound, $"sensor '{request.Sensor}' is not registered"));
        var message = new Proto.SensorWindow { Source = window.SourceCode, Sensor = window.SensorCode, Capacity = window.Capacity };
        for (var i = 0; i < window.Values.Length; i++)
            message.Readings.Add(new Proto.WindowReading { EventTimeMs = window.EventTimesMs[i], Value = window.Values[i] });
        return message;
    }

    public override async Task<Proto.LevelHistory> GetLevelHistory(Proto.GetLevelHistoryRequest request, ServerCallContext context)
    {
        if (request.Limit is < 0 or > MaxHistory) throw Failures.InvalidArgument("limit", $"must lie between 0 and {MaxHistory}");
        var to = request.To?.ToDateTimeOffset() ?? DateTimeOffset.UtcNow.AddSeconds(1);
        var from = request.From?.ToDateTimeOffset() ?? to - DefaultHistorySpan;
        if (from > to) throw Failures.InvalidArgument("from", "is after `to`");
        await RequireReadableAsync(request.Code, context);

        var changes = await records.LevelChangesAsync(GrainKey.Live, request.Code, from, to, request.Limit == 0 ? DefaultHistory : request.Limit, context.CancellationToken);
        var history = new Proto.LevelHistory();
        CityTwin.Domain.Risk.RiskLevel? shown = null;
        foreach (var c in changes)
        {
            // A restart writes the level it finds; when that is the level already shown, it is no change.
            if (c.Level == shown) continue;
            history.Changes.Add(new Proto.LevelChangeEntry
            {
                ChangedAt = Timestamp.FromDateTimeOffset(c.ChangedAt), Level = c.Level.ToProto(),
                Previous = (shown ?? c.Previous) is { } p ? p.ToProto() : Proto.RiskLevel.Unspecified,
                Score = Math.Round(c.Score, 2), Version = c.Version, ReasonsEn = c.ReasonsEn, ReasonsZh = c.ReasonsZh,
            });
            shown = c.Level;
        }
        return history;
    }

    /// <summary>A unit or sector/department node the caller may read, or the error saying why not.</summary>
    private async Task RequireReadableAsync(string code, ServerCallContext context)
    {
        var caller = Callers.Of(context);
        if (DimensionCodes.IsDimension(code))
        {
            if (!Security.DimensionScopes.Sees(caller.Scope, code)) throw Failures.OutsideScope(caller.Scope, code, "read");
            return;
        }
        RequireCode(code, "code");
        var entry = await Registry.EntryAsync(code) ?? throw Failures.NotFound(code);
        if (!(await scopes.VisibleToAsync(caller)).Contains(entry.Path)) throw Failures.OutsideScope(caller.Scope, code, "read");
    }
}
