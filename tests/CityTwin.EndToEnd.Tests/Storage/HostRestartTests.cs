using CityTwin.Protos.V1;
using CityTwin.TestSupport;
using Xunit;

namespace CityTwin.EndToEnd.Tests.Storage;

/// <summary>The host on PostgreSQL storage (a throwaway server this test starts): the registry outlives the process.</summary>
public class HostRestartTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Units_survive_a_full_restart_of_the_host_and_reloading_changes_no_version()
    {
        await using var postgres = await PostgresServer.CreateAsync(cancellationToken: Ct);
        const string feature = """
            {"type":"Feature","geometry":{"type":"Point","coordinates":[109.95,39.81]},
             "properties":{"code":"team-150602-volunteer","kind":"rescue-team","name":"东胜区志愿救援队","parent":"150602","people":12,
                           "details":{"capabilities":["search-rescue"],"headcount":12}}}
            """;

        await using (var first = await RunningHost.StartAsync(postgres: postgres.ConnectionString))
        {
            var registry = new RegistryService.RegistryServiceClient(first.Channel);
            var created = await registry.UpsertUnitsAsync(new UpsertUnitsRequest { Features = { feature } }, cancellationToken: Ct);
            Assert.Equal(1, created.Units[0].Version);
            var renamed = await registry.UpsertUnitsAsync(new UpsertUnitsRequest { Features = { feature.Replace("志愿救援队", "志愿者救援队") } }, cancellationToken: Ct);
            Assert.Equal(2, renamed.Units[0].Version);
        }

        await using var second = await RunningHost.StartAsync(postgres: postgres.ConnectionString, sampleCity: "");
        var query = new QueryService.QueryServiceClient(second.Channel);
        var banner = await query.GetUnitAsync(new GetUnitRequest { Code = "150622" }, cancellationToken: Ct);
        Assert.Equal(("准格尔旗", 1L), (banner.Name, banner.Version));
        var team = await query.GetUnitAsync(new GetUnitRequest { Code = "team-150602-volunteer" }, cancellationToken: Ct);
        Assert.Equal(("东胜区志愿者救援队", 2L, "150600/150602/team-150602-volunteer"), (team.Name, team.Version, team.Path));
        var districts = await query.FindUnitsAsync(new FindUnitsRequest { Kinds = { UnitKind.District } }, cancellationToken: Ct);
        Assert.Equal(9, districts.Units.Count);

        var files = new[] { "units.geojson", "details.json" }.Select(f => (f, File.ReadAllBytes(Path.Combine(RunningHost.SampleCity, f))));
        var reload = (await Api.RegistryApiTests.LoadAsync(second, files))[^1];
        Assert.Equal((0, reload.TotalUnits), (reload.Upserted, reload.Unchanged));
    }
}
