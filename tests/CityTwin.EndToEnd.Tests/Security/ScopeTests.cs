using CityTwin.Cli;
using CityTwin.Domain.Units;
using CityTwin.Protos.V1;
using Grpc.Core;
using Xunit;
using static CityTwin.EndToEnd.Tests.Security.SecurityCalls;

namespace CityTwin.EndToEnd.Tests.Security;

/// <summary>Reads are filtered to the caller's scope and writes outside it are refused, asserted on unit codes.</summary>
public class ScopeTests(SecureHostFixture fixture) : IClassFixture<SecureHostFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private RunningHost Host => fixture.Host;
    private QueryService.QueryServiceClient Query => new(Host.Channel);

    private static List<string> SampleCodes(Func<CityTwin.Domain.Units.Unit, bool> where) =>
        Identities.Sample.Where(where).Select(u => u.Code).Order(StringComparer.Ordinal).ToList();

    private async Task<List<string>> FindAllAsync(Metadata headers, FindUnitsRequest? request = null)
    {
        var codes = new List<string>();
        var token = "";
        do
        {
            var page = request?.Clone() ?? new FindUnitsRequest();
            page.PageSize = 500;
            page.PageToken = token;
            var result = await Query.FindUnitsAsync(page, headers, cancellationToken: Ct);
            codes.AddRange(result.Units.Select(u => u.Code));
            token = result.NextPageToken;
        } while (token.Length > 0);
        return codes;
    }

    [Fact]
    public async Task A_banner_supervisor_finds_exactly_the_banners_subtree()
    {
        var expected = SampleCodes(u => UnitPath.IsWithin(u.Path, Identities.BannerPath));

        var seen = await FindAllAsync(Identities.Supervisor.Headers!);

        Assert.True(expected.Count > 50);
        Assert.Equal(expected, seen);
    }

    [Fact]
    public async Task A_banner_supervisors_citytwin_units_find_returns_exactly_the_banners_subtree()
    {
        var token = Identities.Token("scope-supervisor", Identities.BannerPath, subject: "zhang.wei");
        var output = new StringWriter();
        var error = new StringWriter();

        var exit = await CliApp.RunAsync(["units", "find", "--all", "--json", "--page-size", "300", "--server", Host.Address, "--token", token], output, error);

        Assert.True(exit == 0, error.ToString());
        var page = UnitPage.Parser.WithDiscardUnknownFields(true).ParseJson(output.ToString());
        Assert.Equal(SampleCodes(u => UnitPath.IsWithin(u.Path, Identities.BannerPath)), page.Units.Select(u => u.Code));
    }

    [Fact]
    public async Task A_unit_outside_the_scope_is_refused_naming_scope_and_unit()
    {
        var e = await Refusal(() => Query.GetUnitAsync(new GetUnitRequest { Code = "150602" }, Identities.Supervisor.Headers, cancellationToken: Ct).ResponseAsync);

        Assert.Equal(StatusCode.PermissionDenied, e.StatusCode);
        Assert.Contains("150602", e.Status.Detail);
        Assert.Contains(Identities.BannerPath, e.Status.Detail);
    }

    [Fact]
    public async Task Children_of_a_unit_are_filtered_to_the_scope()
    {
        var page = await Query.ListChildrenAsync(new ListChildrenRequest { Code = "150600", PageSize = 1000 }, Identities.Supervisor.Headers, cancellationToken: Ct);
        Assert.Equal(["150622"], page.Units.Select(u => u.Code));
    }

    [Fact]
    public async Task A_department_sees_its_sectors_enterprises_and_their_hazard_sources_only()
    {
        var hazchem = Identities.Sample.Where(u => u.Enterprise?.Sector == Sectors.HazardousChemicals).Select(u => u.Path).ToList();
        var expected = SampleCodes(u => hazchem.Any(p => UnitPath.IsWithin(u.Path, p)));

        var seen = await FindAllAsync(Identities.Department.Headers!);

        Assert.Equal(expected, seen);
        Assert.Contains(seen, c => c.StartsWith("hs-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_districts_department_sees_its_slice_within_the_district()
    {
        var headers = Identities.Bearer(Identities.Token("department", $"sector:hazchem@{Identities.BannerPath}"));
        var hazchem = Identities.Sample.Where(u => u.Enterprise?.Sector == Sectors.HazardousChemicals && UnitPath.IsWithin(u.Path, Identities.BannerPath)).Select(u => u.Path).ToList();

        var seen = await FindAllAsync(headers, new FindUnitsRequest { Kinds = { Protos.V1.UnitKind.Enterprise } });

        Assert.Equal(SampleCodes(u => u.Kind == CityTwin.Domain.Units.UnitKind.Enterprise && hazchem.Contains(u.Path)), seen);
    }

    [Fact]
    public async Task An_enterprise_sees_itself_and_its_hazard_sources()
    {
        var expected = SampleCodes(u => u.Code == Identities.Enterprise || u.Parent == Identities.Enterprise);

        Assert.Equal(expected, await FindAllAsync(Identities.EnterpriseRole.Headers!));
        var other = await Refusal(() => Query.GetUnitAsync(new GetUnitRequest { Code = "ent-150622-0002" }, Identities.EnterpriseRole.Headers, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, other.StatusCode);
    }

    [Fact]
    public async Task A_supervisor_cannot_write_outside_the_scope_and_nothing_changes()
    {
        var admin = Identities.CityAdmin.Headers;
        var before = await VersionsAsync(Host, admin, Ct);

        var create = await Refusal(() => UpsertAsync(Host, Identities.Supervisor.Headers, Ct, NewTeam("150602", "team-scope-outside")));
        Assert.Equal(StatusCode.PermissionDenied, create.StatusCode);
        Assert.Contains("team-scope-outside", create.Status.Detail);
        Assert.Contains(Identities.BannerPath, create.Status.Detail);

        var edit = await Refusal(() => UpsertAsync(Host, Identities.Supervisor.Headers, Ct, Identities.Sample.First(u => u.Code == "team-150602-fire" || (u.Kind == CityTwin.Domain.Units.UnitKind.RescueTeam && u.Parent == "150602")) with { Name = "renamed" }));
        Assert.Equal(StatusCode.PermissionDenied, edit.StatusCode);

        var moveOut = await Refusal(() => UpsertAsync(Host, Identities.Supervisor.Headers, Ct, Identities.Sample.First(u => u.Kind == CityTwin.Domain.Units.UnitKind.RescueTeam && u.Parent == "150622") with { Parent = "150602" }));
        Assert.Equal(StatusCode.PermissionDenied, moveOut.StatusCode);

        var remove = await Refusal(() => RemoveAsync(Host, Identities.Supervisor.Headers, Ct, "hs-150602-0001-1"));
        Assert.Equal(StatusCode.PermissionDenied, remove.StatusCode);
        Assert.Contains("hs-150602-0001-1", remove.Status.Detail);

        Assert.Equal(before, await VersionsAsync(Host, admin, Ct));
    }

    [Fact]
    public async Task A_write_carries_the_callers_identity_to_the_grains()
    {
        var headers = Identities.Bearer(Identities.Token("scope-supervisor", Identities.BannerPath, subject: "li.na"));

        var written = await UpsertAsync(Host, headers, Ct, NewTeam(Identities.Banner, "team-scope-identity"));

        Assert.Equal("li.na", written.Units.Single().UpdatedBy);
        var read = await Query.GetUnitAsync(new GetUnitRequest { Code = "team-scope-identity" }, Identities.Platform.Headers, cancellationToken: Ct);
        Assert.Equal("li.na", read.UpdatedBy);
        await RemoveAsync(Host, headers, Ct, "team-scope-identity");
    }

    [Fact]
    public async Task Sector_roll_ups_are_seen_by_the_whole_city_and_their_own_department_only()
    {
        Task<StatusCode> Level(Metadata? headers, string code) =>
            StatusOf(() => Query.GetLevelAsync(new GetLevelRequest { Code = code }, headers, cancellationToken: Ct).ResponseAsync);

        Assert.NotEqual(StatusCode.PermissionDenied, await Level(Identities.Department.Headers, "sector.hazchem"));
        Assert.NotEqual(StatusCode.PermissionDenied, await Level(Identities.Platform.Headers, "sector.hazchem"));
        Assert.Equal(StatusCode.PermissionDenied, await Level(Identities.Department.Headers, "sector.coal"));
        Assert.Equal(StatusCode.PermissionDenied, await Level(Identities.Supervisor.Headers, "sector.hazchem"));
        Assert.Equal(StatusCode.PermissionDenied, await Level(Identities.Supervisor.Headers, "150602"));
        Assert.Equal(StatusCode.OK, await Level(Identities.Supervisor.Headers, "150622"));
    }
}
