using System.Text.Json;
using CityTwin.Abstractions.Registry;
using CityTwin.Domain.Registry;
using CityTwin.Domain.Units;
using CityTwin.Server.Calls;
using CityTwin.Server.Security;
using CityTwin.Server.Units;
using Grpc.Core;
using Microsoft.Extensions.Options;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using Proto = CityTwin.Protos.V1;

namespace CityTwin.Server.Queries;

/// <summary>
/// citytwin.v1.QueryService over the registry: get, children, finds with paging. Everything is limited to what the
/// caller's scope sees: finds and children are filtered, a single unit outside it is PERMISSION_DENIED.
/// </summary>
public sealed partial class QueryGrpcService(RegistryClient registry, IGrainFactory grains, IOptions<ServerLimits> limits, ScopeResolver scopes,
    Ingest.SensorDirectory sensors, CityTwin.Abstractions.Records.ILiveRecords records) : Proto.QueryService.QueryServiceBase
{
    private RegistryClient Registry => registry;
    private IGrainFactory Grains => grains;

    private const int DefaultPageSize = 100;

    public override async Task<Proto.Unit> GetUnit(Proto.GetUnitRequest request, ServerCallContext context)
    {
        RequireCode(request.Code, "code");
        var record = await registry.GetAsync(request.Code) ?? throw Failures.NotFound(request.Code);
        var caller = Callers.Of(context);
        if (!(await scopes.VisibleToAsync(caller)).Contains(record.Unit.Path)) throw Failures.OutsideScope(caller.Scope, request.Code, "read");
        return record.ToProto();
    }

    public override async Task<Proto.UnitPage> ListChildren(Proto.ListChildrenRequest request, ServerCallContext context)
    {
        RequireCode(request.Code, "code");
        if (await registry.GetAsync(request.Code) is null) throw Failures.NotFound(request.Code);
        return await PageAsync(new UnitQuery { Parent = request.Code }, request.PageSize, request.PageToken, context);
    }

    public override async Task<Proto.UnitPage> FindUnits(Proto.FindUnitsRequest request, ServerCallContext context)
    {
        var kinds = new List<UnitKind>();
        foreach (var k in request.Kinds)
        {
            if (!k.TryFromProto(out var kind)) throw Failures.InvalidArgument("kinds", $"'{k}' is not a unit kind");
            kinds.Add(kind);
        }
        if (request.Sector.Length > 0 && !Sectors.All.Contains(request.Sector))
            throw Failures.InvalidArgument("sector", $"'{request.Sector}' is not one of {string.Join(", ", Sectors.All)}");
        if (request.Department.Length > 0 && !Departments.All.Contains(request.Department))
            throw Failures.InvalidArgument("department", $"'{request.Department}' is not one of {string.Join(", ", Departments.All)}");
        if (request.PathPrefix.Length > 0)
        {
            foreach (var code in UnitPath.Codes(request.PathPrefix))
            {
                if (UnitCode.Problem(code) is { } why) throw Failures.InvalidArgument("path_prefix", $"segment '{code}' {why}");
            }
        }
        if (request.Bbox is not null && request.PolygonGeojson.Length > 0)
            throw Failures.InvalidArgument("bbox", "give either bbox or polygon_geojson, not both");

        var query = new UnitQuery
        {
            Kinds = kinds,
            Sector = NullIfEmpty(request.Sector),
            Department = NullIfEmpty(request.Department),
            PathPrefix = NullIfEmpty(request.PathPrefix),
            WithinWkb = Area(request),
        };
        return await PageAsync(query, request.PageSize, request.PageToken, context);
    }

    private async Task<Proto.UnitPage> PageAsync(UnitQuery query, int pageSize, string pageToken, ServerCallContext context)
    {
        if (pageSize < 0) throw Failures.InvalidArgument("page_size", "must not be negative");
        if (pageSize > limits.Value.MaxPageSize) throw Failures.InvalidArgument("page_size", $"must be at most {limits.Value.MaxPageSize}");
        if (pageToken.Length > 0 && UnitCode.Problem(pageToken) is not null) throw Failures.InvalidArgument("page_token", "is not a token this server issued");
        query = (await scopes.VisibleToAsync(Callers.Of(context))).Narrow(query);
        var page = await registry.FindAsync(query, NullIfEmpty(pageToken), pageSize == 0 ? DefaultPageSize : pageSize);
        var result = new Proto.UnitPage { NextPageToken = page.NextAfter ?? "" };
        result.Units.AddRange(page.Entries.Select(e => e.ToSummary()));
        return result;
    }

    private static byte[]? Area(Proto.FindUnitsRequest request)
    {
        Geometry area;
        if (request.Bbox is { } b)
        {
            if (!(double.IsFinite(b.MinLongitude) && double.IsFinite(b.MaxLongitude) && double.IsFinite(b.MinLatitude) && double.IsFinite(b.MaxLatitude))
                || b.MinLongitude < -180 || b.MaxLongitude > 180 || b.MinLatitude < -90 || b.MaxLatitude > 90
                || b.MinLongitude >= b.MaxLongitude || b.MinLatitude >= b.MaxLatitude)
                throw Failures.InvalidArgument("bbox", "needs finite WGS84 bounds with min below max");
            area = BundleJson.Geometry.ToGeometry(new Envelope(b.MinLongitude, b.MaxLongitude, b.MinLatitude, b.MaxLatitude));
        }
        else if (request.PolygonGeojson.Length > 0)
        {
            try
            {
                area = JsonSerializer.Deserialize<Geometry>(request.PolygonGeojson, BundleJson.Options)
                    ?? throw Failures.InvalidArgument("polygon_geojson", "is empty");
            }
            catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException or NotSupportedException)
            {
                throw Failures.InvalidArgument("polygon_geojson", $"is not a GeoJSON geometry: {e.Message}");
            }
            if (area is not (Polygon or MultiPolygon) || !area.IsValid)
                throw Failures.InvalidArgument("polygon_geojson", "must be a valid Polygon or MultiPolygon");
        }
        else return null;
        return new WKBWriter().Write(area);
    }

    private static void RequireCode(string code, string field)
    {
        if (UnitCode.Problem(code) is { } why) throw Failures.InvalidArgument(field, $"unit code '{code}' {why}");
    }

    private static string? NullIfEmpty(string s) => s.Length == 0 ? null : s;
}
