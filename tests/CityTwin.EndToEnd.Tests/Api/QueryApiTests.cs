using CityTwin.Domain.Registry;
using CityTwin.Domain.Units;
using CityTwin.Protos.V1;
using Grpc.Core;
using NetTopologySuite.Geometries;
using Xunit;
using UnitKind = CityTwin.Protos.V1.UnitKind;

namespace CityTwin.EndToEnd.Tests.Api;

public class QueryApiTests(SampleCityHostFixture fixture) : IClassFixture<SampleCityHostFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private QueryService.QueryServiceClient Query => new(fixture.Host.Channel);
    private static readonly IReadOnlyList<CityTwin.Domain.Units.Unit> Sample =
        BundleValidator.Validate(BundleReader.ReadDirectory(RunningHost.SampleCity)).Units;

    [Fact]
    public async Task A_banner_is_served_by_its_GB2260_code()
    {
        var unit = await Query.GetUnitAsync(new GetUnitRequest { Code = "150622" }, cancellationToken: Ct);

        Assert.Equal("准格尔旗", unit.Name);
        Assert.Equal(UnitKind.District, unit.Kind);
        Assert.Equal("150600", unit.Parent);
        Assert.Equal("150600/150622", unit.Path);
        Assert.Equal(1, unit.Version);
        Assert.Contains("\"Polygon\"", unit.GeometryGeojson);
    }

    [Fact]
    public async Task The_city_lists_its_nine_banners_and_districts()
    {
        var page = await Query.FindUnitsAsync(new FindUnitsRequest { Kinds = { UnitKind.District }, PathPrefix = "150600" }, cancellationToken: Ct);
        Assert.Equal(["150602", "150603", "150621", "150622", "150623", "150624", "150625", "150626", "150627"], page.Units.Select(u => u.Code));
        Assert.Empty(page.NextPageToken);
    }

    [Fact]
    public async Task Children_of_a_banner_are_its_towns_parks_and_teams_across_pages()
    {
        var expected = Sample.Where(u => u.Parent == "150624").Select(u => u.Code).Order(StringComparer.Ordinal).ToList();
        var seen = new List<string>();
        var token = "";
        var pages = 0;
        do
        {
            var page = await Query.ListChildrenAsync(new ListChildrenRequest { Code = "150624", PageSize = 4, PageToken = token }, cancellationToken: Ct);
            seen.AddRange(page.Units.Select(u => u.Code));
            token = page.NextPageToken;
            pages++;
        } while (token.Length > 0);

        Assert.Equal(expected, seen);
        Assert.True(pages > 1);
    }

    [Fact]
    public async Task A_polygon_find_returns_exactly_the_units_it_intersects()
    {
        var park = Sample.First(u => u.Kind == CityTwin.Domain.Units.UnitKind.Park && u.Park!.Type == ParkType.Chemical);
        var area = (Polygon)park.Geometry.Buffer(0.001).Envelope;
        var expected = Sample.Where(u => u.Geometry.Intersects(area)).Select(u => u.Code).Order(StringComparer.Ordinal).ToList();
        var polygon = System.Text.Json.JsonSerializer.Serialize<Geometry>(area, BundleJson.Options);

        var page = await Query.FindUnitsAsync(new FindUnitsRequest { PolygonGeojson = polygon, PageSize = 10_000 }, cancellationToken: Ct);

        Assert.Equal(expected, page.Units.Select(u => u.Code));
        Assert.Contains(park.Code, expected);
        Assert.Contains(page.Units, u => u.Kind == UnitKind.Enterprise && u.Parent == park.Code);
    }

    [Fact]
    public async Task Finds_filter_by_sector_department_and_bounding_box()
    {
        var coal = await Query.FindUnitsAsync(new FindUnitsRequest { Sector = "coal", PageSize = 1000 }, cancellationToken: Ct);
        Assert.Equal(158, coal.Units.Count);
        Assert.All(coal.Units, u => Assert.Equal("energy", u.Department));

        var box = new BoundingBox { MinLongitude = 109.7, MinLatitude = 39.55, MaxLongitude = 109.95, MaxLatitude = 39.68 };
        var inBox = await Query.FindUnitsAsync(new FindUnitsRequest { Bbox = box, Kinds = { UnitKind.Town }, PageSize = 1000 }, cancellationToken: Ct);
        var expected = Sample.Where(u => u.Kind == CityTwin.Domain.Units.UnitKind.Town
                && u.Geometry.Intersects(BundleJson.Geometry.ToGeometry(new Envelope(109.7, 109.95, 39.55, 39.68))))
            .Select(u => u.Code).Order(StringComparer.Ordinal);
        Assert.Equal(expected, inBox.Units.Select(u => u.Code));
        Assert.Contains("150603001", inBox.Units.Select(u => u.Code));
    }

    [Fact]
    public async Task An_unknown_unit_is_NOT_FOUND_naming_it()
    {
        var e = await Assert.ThrowsAsync<RpcException>(() => Query.GetUnitAsync(new GetUnitRequest { Code = "150699" }, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, e.StatusCode);
        Assert.Contains("150699", e.Status.Detail);
    }

    [Theory]
    [InlineData("a/b", "code")]
    [InlineData("", "code")]
    public async Task A_malformed_code_is_INVALID_ARGUMENT_naming_the_field(string code, string field)
    {
        var e = await Assert.ThrowsAsync<RpcException>(() => Query.GetUnitAsync(new GetUnitRequest { Code = code }, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.StartsWith(field + ":", e.Status.Detail);
    }

    [Fact]
    public async Task Bad_find_arguments_are_INVALID_ARGUMENT_naming_the_field()
    {
        async Task<string> Refused(FindUnitsRequest request)
        {
            var e = await Assert.ThrowsAsync<RpcException>(() => Query.FindUnitsAsync(request, cancellationToken: Ct).ResponseAsync);
            Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
            return e.Status.Detail;
        }

        Assert.StartsWith("sector:", await Refused(new FindUnitsRequest { Sector = "fishing" }));
        Assert.StartsWith("kinds:", await Refused(new FindUnitsRequest { Kinds = { (UnitKind)42 } }));
        Assert.StartsWith("bbox:", await Refused(new FindUnitsRequest { Bbox = new BoundingBox { MinLongitude = 5, MaxLongitude = 1, MaxLatitude = 1 } }));
        Assert.StartsWith("polygon_geojson:", await Refused(new FindUnitsRequest { PolygonGeojson = "{\"type\":\"Point\",\"coordinates\":[1,2]}" }));
        Assert.StartsWith("polygon_geojson:", await Refused(new FindUnitsRequest { PolygonGeojson = "not json" }));
        Assert.StartsWith("page_size:", await Refused(new FindUnitsRequest { PageSize = -1 }));
        Assert.StartsWith("path_prefix:", await Refused(new FindUnitsRequest { PathPrefix = "150600//x" }));
    }
}
