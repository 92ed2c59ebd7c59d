using System.Text;
using CityTwin.Protos.V1;
using Google.Protobuf;
using Grpc.Core;
using Xunit;

namespace CityTwin.EndToEnd.Tests.Api;

/// <summary>Registry writes over real gRPC; each test gets a host of its own.</summary>
public class RegistryApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    internal static async Task<List<LoadProgress>> LoadAsync(RunningHost host, IEnumerable<(string File, byte[] Data)> files, bool prune = false)
    {
        var client = new RegistryService.RegistryServiceClient(host.Channel);
        using var call = client.LoadBundle(cancellationToken: Ct);
        var first = true;
        foreach (var (file, data) in files)
        {
            foreach (var piece in data.Chunk(256 * 1024))
            {
                await call.RequestStream.WriteAsync(new BundleChunk { File = file, Data = ByteString.CopyFrom(piece), Prune = first && prune }, Ct);
                first = false;
            }
        }
        await call.RequestStream.CompleteAsync();
        var progress = new List<LoadProgress>();
        await foreach (var p in call.ResponseStream.ReadAllAsync(Ct)) progress.Add(p);
        return progress;
    }

    private static IEnumerable<(string, byte[])> SampleFiles(Func<string, string>? editUnits = null, Func<string, string>? editDetails = null)
    {
        var units = File.ReadAllText(Path.Combine(RunningHost.SampleCity, "units.geojson"));
        var details = File.ReadAllText(Path.Combine(RunningHost.SampleCity, "details.json"));
        return [("units.geojson", Encoding.UTF8.GetBytes(editUnits?.Invoke(units) ?? units)), ("details.json", Encoding.UTF8.GetBytes(editDetails?.Invoke(details) ?? details))];
    }

    private static async Task<Dictionary<string, long>> VersionsAsync(RunningHost host)
    {
        var query = new QueryService.QueryServiceClient(host.Channel);
        var page = await query.FindUnitsAsync(new FindUnitsRequest { PageSize = 10_000 }, cancellationToken: Ct);
        return page.Units.ToDictionary(u => u.Code, u => u.Version);
    }

    [Fact]
    public async Task Reloading_the_sample_city_changes_nothing()
    {
        await using var host = await RunningHost.StartAsync();
        var before = await VersionsAsync(host);

        var progress = await LoadAsync(host, SampleFiles());

        var done = progress[^1];
        Assert.Equal(LoadProgress.Types.Phase.Done, done.Phase);
        Assert.Equal((before.Count, 0, before.Count, 0), (done.TotalUnits, done.Upserted, done.Unchanged, done.ToDo));
        Assert.Equal(before, await VersionsAsync(host));
    }

    [Fact]
    public async Task A_broken_bundle_is_rejected_whole_with_every_problem_named_and_the_city_unchanged()
    {
        await using var host = await RunningHost.StartAsync();
        var before = await VersionsAsync(host);
        var files = SampleFiles(
            units => units
                .Replace("\"name\":\"准格尔旗\",\"parent\":\"150600\"", "\"name\":\"准格尔旗(改)\",\"parent\":\"150600\"")   // a valid change that must not land
                .Replace("\"code\":\"150603001\",\"kind\":\"town\",\"name\":\"哈巴格希街道\",\"parent\":\"150603\"", "\"code\":\"150603001\",\"kind\":\"town\",\"name\":\"哈巴格希街道\",\"parent\":\"150699\""),
            details => details.Replace("\"chemical\": \"chlorine\"", "\"chemical\": \"chlorinex\""));

        var client = new RegistryService.RegistryServiceClient(host.Channel);
        var error = await Assert.ThrowsAsync<RpcException>(() => LoadAsync(host, files));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("150603001: parent: '150699' is not a unit of this bundle", error.Status.Detail);
        Assert.Contains("inventory[0].chemical: 'chlorinex' is not in the chemical catalog", error.Status.Detail);
        Assert.Equal(before, await VersionsAsync(host));
        var banner = await new QueryService.QueryServiceClient(host.Channel).GetUnitAsync(new GetUnitRequest { Code = "150622" }, cancellationToken: Ct);
        Assert.Equal("准格尔旗", banner.Name);
    }

    [Fact]
    public async Task The_rejection_lists_every_problem_with_unit_and_field()
    {
        await using var host = await RunningHost.StartAsync(sampleCity: "");
        var client = new RegistryService.RegistryServiceClient(host.Channel);
        using var call = client.LoadBundle(cancellationToken: Ct);
        var units = """
            {"type":"FeatureCollection","features":[
            {"type":"Feature","geometry":{"type":"Point","coordinates":[109.9,39.8]},"properties":{"code":"150600","kind":"city","name":"c"}},
            {"type":"Feature","geometry":{"type":"Point","coordinates":[209.9,39.8]},"properties":{"code":"150602","kind":"district","name":"d","parent":"150600"}},
            {"type":"Feature","geometry":{"type":"Point","coordinates":[109.9,39.8]},"properties":{"code":"ent-1","kind":"enterprise","name":"e","parent":"150600","sector":"hazchem","department":"emergency"}}
            ]}
            """;
        await call.RequestStream.WriteAsync(new BundleChunk { File = "units.geojson", Data = ByteString.CopyFromUtf8(units) }, Ct);
        await call.RequestStream.CompleteAsync();
        var messages = new List<LoadProgress>();
        var error = await Assert.ThrowsAsync<RpcException>(async () => { await foreach (var p in call.ResponseStream.ReadAllAsync(Ct)) messages.Add(p); });

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        var rejected = Assert.Single(messages, m => m.Phase == LoadProgress.Types.Phase.Rejected);
        Assert.Equal(
            [("150602", "geometry", "BadCoordinates"), ("ent-1", "parent", "WrongParentKind")],
            rejected.Problems.Select(p => (p.Unit, p.Field, p.Kind)).Order());
    }

    [Fact]
    public async Task Units_are_upserted_and_removed_one_by_one()
    {
        await using var host = await RunningHost.StartAsync();
        var registry = new RegistryService.RegistryServiceClient(host.Channel);
        var feature = """
            {"type":"Feature","geometry":{"type":"Point","coordinates":[109.95,39.81]},
             "properties":{"code":"team-150602-volunteer","kind":"rescue-team","name":"东胜区志愿救援队","parent":"150602","people":12,"status":"available",
                           "details":{"capabilities":["search-rescue"],"headcount":12,"equipment":[{"name":"救援车","count":1}]}}}
            """;

        var created = await registry.UpsertUnitsAsync(new UpsertUnitsRequest { Features = { feature } }, cancellationToken: Ct);
        Assert.Equal(("150600/150602/team-150602-volunteer", 1L), (created.Units[0].Path, created.Units[0].Version));
        Assert.Equal(["search-rescue"], created.Units[0].RescueTeam.Capabilities);

        var again = await registry.UpsertUnitsAsync(new UpsertUnitsRequest { Features = { feature } }, cancellationToken: Ct);
        Assert.Equal(1, again.Units[0].Version);

        var wrongParent = await Assert.ThrowsAsync<RpcException>(() => registry.UpsertUnitsAsync(
            new UpsertUnitsRequest { Features = { feature.Replace("\"parent\":\"150602\"", "\"parent\":\"150602001\"") } }, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, wrongParent.StatusCode);
        Assert.Contains("team-150602-volunteer: parent:", wrongParent.Status.Detail);

        var hasChildren = await Assert.ThrowsAsync<RpcException>(() => registry.RemoveUnitsAsync(new RemoveUnitsRequest { Codes = { "150602" } }, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, hasChildren.StatusCode);

        var removed = await registry.RemoveUnitsAsync(new RemoveUnitsRequest { Codes = { "team-150602-volunteer" } }, cancellationToken: Ct);
        Assert.Equal(["team-150602-volunteer"], removed.Removed);
        var gone = await Assert.ThrowsAsync<RpcException>(() => new QueryService.QueryServiceClient(host.Channel)
            .GetUnitAsync(new GetUnitRequest { Code = "team-150602-volunteer" }, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, gone.StatusCode);
    }
}
