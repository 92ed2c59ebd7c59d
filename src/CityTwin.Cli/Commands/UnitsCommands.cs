using System.CommandLine;
using System.Globalization;
using CityTwin.Protos.V1;
using Grpc.Core;

namespace CityTwin.Cli.Commands;

/// <summary><c>citytwin units get|children|find</c>.</summary>
public static class UnitsCommands
{
    private static readonly Option<int> PageSize = new("--page-size") { Description = "units per page (the server caps it)", DefaultValueFactory = _ => 100 };
    private static readonly Option<bool> All = new("--all") { Description = "follow every page, not just the first" };
    private static readonly Option<string> PageToken = new("--page-token") { Description = "continue after a previous page" };

    public static Command Create(CliConsole console)
    {
        var units = new Command("units", "Read the registry: one unit, a unit's children, or a find");
        units.Subcommands.Add(Get(console));
        units.Subcommands.Add(Children(console));
        units.Subcommands.Add(Find(console));
        return units;
    }

    private static Command Get(CliConsole console)
    {
        var code = new Argument<string>("code") { Description = "unit code, e.g. 150602" };
        var command = new Command("get", "Show one unit's registry record") { code };
        command.SetAction((parse, ct) => Run(console, parse, async channel =>
        {
            var unit = await new QueryService.QueryServiceClient(channel).GetUnitAsync(new GetUnitRequest { Code = parse.GetValue(code)! }, cancellationToken: ct);
            if (parse.GetValue(CliOptions.Json)) { console.Json(unit); return 0; }
            console.Table(["field", "value"],
            [
                ["code", unit.Code], ["kind", Kind(unit.Kind)], ["name", unit.Name], ["parent", unit.Parent], ["path", unit.Path],
                ["people", unit.People.ToString(CultureInfo.InvariantCulture)], ["version", unit.Version.ToString(CultureInfo.InvariantCulture)],
                ["updated", $"{unit.UpdatedAt?.ToDateTimeOffset():u} by {unit.UpdatedBy}"], ["profile", Profile(unit)],
            ]);
            return 0;
        }));
        return command;
    }

    private static Command Children(CliConsole console)
    {
        var code = new Argument<string>("code") { Description = "parent unit code" };
        var command = new Command("children", "List a unit's direct children") { code, PageSize, All, PageToken };
        command.SetAction((parse, ct) => Run(console, parse, channel =>
            Pages(console, parse, token => new QueryService.QueryServiceClient(channel).ListChildrenAsync(
                new ListChildrenRequest { Code = parse.GetValue(code)!, PageSize = parse.GetValue(PageSize), PageToken = token }, cancellationToken: ct).ResponseAsync)));
        return command;
    }

    private static Command Find(CliConsole console)
    {
        var kinds = new Option<string[]>("--kind") { Description = "unit kind(s): city, district, town, park, enterprise, hazard-source, rescue-team", AllowMultipleArgumentsPerToken = true };
        var sector = new Option<string>("--sector") { Description = "industry sector, e.g. hazchem, coal, gas" };
        var department = new Option<string>("--department") { Description = "supervising department, e.g. emergency, energy" };
        var path = new Option<string>("--path") { Description = "path prefix: a unit's path, finds it and everything below" };
        var bbox = new Option<string>("--bbox") { Description = "minLon,minLat,maxLon,maxLat (WGS84)" };
        var polygon = new Option<string>("--polygon") { Description = "a GeoJSON Polygon, inline or @file" };
        var command = new Command("find", "Find units by kind, sector, department, path prefix, bounding box or polygon")
        {
            kinds, sector, department, path, bbox, polygon, PageSize, All, PageToken,
        };
        command.SetAction((parse, ct) =>
        {
            var request = new FindUnitsRequest
            {
                Sector = parse.GetValue(sector) ?? "", Department = parse.GetValue(department) ?? "", PathPrefix = parse.GetValue(path) ?? "",
                PageSize = parse.GetValue(PageSize),
            };
            foreach (var k in parse.GetValue(kinds) ?? [])
            {
                if (!TryKind(k, out var kind)) return Task.FromResult(console.Fail($"--kind: '{k}' is not a unit kind"));
                request.Kinds.Add(kind);
            }
            if (parse.GetValue(bbox) is { } box)
            {
                var parts = box.Split(',').Select(p => double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : double.NaN).ToArray();
                if (parts.Length != 4 || parts.Any(double.IsNaN)) return Task.FromResult(console.Fail("--bbox: expected minLon,minLat,maxLon,maxLat"));
                request.Bbox = new BoundingBox { MinLongitude = parts[0], MinLatitude = parts[1], MaxLongitude = parts[2], MaxLatitude = parts[3] };
            }
            if (parse.GetValue(polygon) is { } poly)
            {
                if (poly.StartsWith('@') && !File.Exists(poly[1..])) return Task.FromResult(console.Fail($"--polygon: no such file {poly[1..]}"));
                request.PolygonGeojson = poly.StartsWith('@') ? File.ReadAllText(poly[1..]) : poly;
            }
            return Run(console, parse, channel => Pages(console, parse, token =>
            {
                var page = request.Clone();
                page.PageToken = token;
                return new QueryService.QueryServiceClient(channel).FindUnitsAsync(page, cancellationToken: ct).ResponseAsync;
            }));
        });
        return command;
    }

    private static async Task<int> Pages(CliConsole console, ParseResult parse, Func<string, Task<UnitPage>> fetch)
    {
        var all = parse.GetValue(All);
        var combined = new UnitPage();
        var token = parse.GetValue(PageToken) ?? "";
        do
        {
            var page = await fetch(token);
            combined.Units.AddRange(page.Units);
            combined.NextPageToken = token = page.NextPageToken;
        } while (all && token.Length > 0);

        if (parse.GetValue(CliOptions.Json)) { console.Json(combined); return 0; }
        console.Table(["code", "kind", "name", "sector", "path"],
            combined.Units.Select(u => (IReadOnlyList<string>)[u.Code, Kind(u.Kind), u.Name, u.Sector, u.Path]));
        console.Out.WriteLine(combined.NextPageToken.Length > 0
            ? $"{combined.Units.Count} shown; more with --page-token {combined.NextPageToken} (or --all)"
            : $"{combined.Units.Count} unit(s)");
        return 0;
    }

    private static async Task<int> Run(CliConsole console, ParseResult parse, Func<Grpc.Net.Client.GrpcChannel, Task<int>> call)
    {
        try { return await Connection.CallAsync(parse, call); }
        catch (RpcException e) { return console.Fail(e); }
    }

    private static string Kind(UnitKind kind) => kind switch
    {
        UnitKind.HazardSource => "hazard-source",
        UnitKind.RescueTeam => "rescue-team",
        _ => kind.ToString().ToLowerInvariant(),
    };

    internal static bool TryKind(string name, out UnitKind kind)
    {
        kind = Enum.GetValues<UnitKind>().FirstOrDefault(k => k != UnitKind.Unspecified && Kind(k) == name.ToLowerInvariant());
        return kind != UnitKind.Unspecified;
    }

    private static string Profile(Unit u) => u.ProfileCase switch
    {
        Unit.ProfileOneofCase.Enterprise => $"sector {u.Enterprise.Sector}, department {u.Enterprise.Department}",
        Unit.ProfileOneofCase.HazardSource => $"{u.HazardSource.Type}; {string.Join(", ", u.HazardSource.Inventory.Select(i => $"{i.Chemical} {i.QuantityT} t"))}; {u.HazardSource.Sensors.Count} sensors; {u.HazardSource.PeopleWithin500M} people within 500 m",
        Unit.ProfileOneofCase.Park => $"{u.Park.Type} park" + (u.Park.HasAssessmentScore ? $", assessment score {u.Park.AssessmentScore}" : ""),
        Unit.ProfileOneofCase.Town => u.Town.Type,
        Unit.ProfileOneofCase.RescueTeam => $"{u.RescueTeam.Status}; {string.Join(", ", u.RescueTeam.Capabilities)}; {u.RescueTeam.Headcount} people",
        _ => "",
    };
}
