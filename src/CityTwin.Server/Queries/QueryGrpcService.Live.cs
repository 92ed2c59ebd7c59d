using CityTwin.Abstractions.Live;
using CityTwin.Abstractions.Registry;
using CityTwin.Abstractions.Worlds;
using CityTwin.Domain.Units;
using CityTwin.Server.Calls;
using CityTwin.Server.Risk;
using CityTwin.Server.Units;
using Grpc.Core;
using Proto = CityTwin.Protos.V1;

namespace CityTwin.Server.Queries;

/// <summary>QueryService's live side: a unit's level with its explanation, and the worst units of a kind in a scope.</summary>
public sealed partial class QueryGrpcService
{
    private const int DefaultTop = 10;
    private const int MaxTop = 1_000;

    public override async Task<Proto.LiveLevel> GetLevel(Proto.GetLevelRequest request, ServerCallContext context)
    {
        if (DimensionCodes.IsDimension(request.Code))
        {
            if (!Security.DimensionScopes.Sees(Callers.Of(context).Scope, request.Code)) throw Failures.OutsideScope(Callers.Of(context).Scope, request.Code, "read");
            var node = Grains.GetGrain<IDimensionGrain>(GrainKey.For(GrainKey.Live, request.Code));
            var dimension = await node.GetLiveAsync() ?? throw Failures.NotFound(request.Code);
            if (dimension.Summary.Worst.Count == 0 && dimension.Summary.Enterprises.Total == 0) throw Failures.NotFound(request.Code);
            return dimension.ToProto(Proto.UnitKind.Unspecified);
        }
        RequireCode(request.Code, "code");
        var entry = await Registry.EntryAsync(request.Code) ?? throw Failures.NotFound(request.Code);
        if (!(await scopes.VisibleToAsync(Callers.Of(context))).Contains(entry.Path)) throw Failures.OutsideScope(Callers.Of(context).Scope, request.Code, "read");
        var live = await LiveAsync(entry) ?? throw Failures.FailedPrecondition($"unit '{request.Code}' is a {entry.Kind.Name()}, which carries no risk level");
        return live.ToProto(entry.Kind.ToProto());
    }

    public override async Task<Proto.TopUnitsResponse> TopUnits(Proto.TopUnitsRequest request, ServerCallContext context)
    {
        if (!request.Kind.TryFromProto(out var kind) || kind == UnitKind.RescueTeam)
            throw Failures.InvalidArgument("kind", "give the kind of unit to rank (city, district, town, park, enterprise, hazard-source)");
        if (request.Limit is < 0 or > MaxTop) throw Failures.InvalidArgument("limit", $"must lie between 0 and {MaxTop}");
        CityTwin.Domain.Risk.RiskLevel? minimum = request.MinLevel == Proto.RiskLevel.Unspecified ? null : request.MinLevel.FromProto() ?? throw Failures.InvalidArgument("min_level", "is not a risk level");
        if (request.PathPrefix.Length > 0) RequirePath(request.PathPrefix);

        var visible = await scopes.VisibleToAsync(Callers.Of(context));
        var entries = await Registry.FindAllAsync(visible.Narrow(new UnitQuery { Kinds = [kind], PathPrefix = request.PathPrefix.Length > 0 ? request.PathPrefix : null }));

        var lives = await Task.WhenAll(entries.Select(LiveAsync));
        var ranked = lives.OfType<LiveUnit>()
            .Where(l => minimum is null || l.Summary.Level >= minimum)
            .OrderByDescending(l => l.Summary.Level).ThenByDescending(l => l.Summary.Score).ThenBy(l => l.Summary.Code, StringComparer.Ordinal)
            .Take(request.Limit == 0 ? DefaultTop : request.Limit);
        var response = new Proto.TopUnitsResponse();
        response.Units.AddRange(ranked.Select(l => l.ToProto(kind.ToProto())));
        return response;
    }

    private Task<LiveUnit?> LiveAsync(IndexEntry entry) =>
        Grains.GetRiskNode(GrainKey.Live, entry.Kind, entry.Code)?.GetLiveAsync() ?? Task.FromResult<LiveUnit?>(null);

    private static void RequirePath(string path)
    {
        foreach (var code in UnitPath.Codes(path))
        {
            if (UnitCode.Problem(code) is { } why) throw Failures.InvalidArgument("path_prefix", $"segment '{code}' {why}");
        }
    }
}
