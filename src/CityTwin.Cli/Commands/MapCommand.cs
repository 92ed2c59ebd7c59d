using System.CommandLine;
using CityTwin.Cli.Maps;
using CityTwin.Protos.V1;

namespace CityTwin.Cli.Commands;

/// <summary><c>citytwin map --scope UNIT --out map.svg</c>: the four-colour risk map of a scope.</summary>
public static class MapCommand
{
    public static Command Create(CliConsole console)
    {
        var scope = new Option<string>("--scope") { Description = "unit code whose children are drawn (the city: its banners/districts; a banner: its towns and parks)", DefaultValueFactory = _ => "150600" };
        var output = new Option<string>("--out") { Description = "SVG file to write", Required = true };
        var points = new Option<bool>("--enterprises") { Description = "also draw every enterprise in the scope as a dot", DefaultValueFactory = _ => true };
        var command = new Command("map", "Draw the four-colour risk map (红橙黄蓝四色图) of a scope as SVG, from the units' geometry and live levels") { scope, output, points };
        command.SetAction((parse, ct) => Cli.Run(console, parse, async channel =>
        {
            var query = new QueryService.QueryServiceClient(channel);
            var root = await query.GetUnitAsync(new GetUnitRequest { Code = parse.GetValue(scope)! }, cancellationToken: ct);
            var map = new RiskMapSvg($"{root.Name} ({root.Code}) 安全风险四色图", DateTimeOffset.Now);

            // One watch snapshot brings every level of the scope in one call, whatever the city's size.
            var levels = await LevelsAsync(new WatchService.WatchServiceClient(channel), root.Path, ct);
            var children = await AllAsync(token => query.ListChildrenAsync(new ListChildrenRequest { Code = root.Code, PageSize = 1000, PageToken = token }, cancellationToken: ct).ResponseAsync);
            foreach (var child in children.Where(c => c.Kind is UnitKind.District or UnitKind.Town or UnitKind.Park))
            {
                var unit = await query.GetUnitAsync(new GetUnitRequest { Code = child.Code }, cancellationToken: ct);
                map.AddArea(child.Code, child.Name, unit.GeometryGeojson, levels.GetValueOrDefault(child.Code, RiskLevel.Unspecified));
            }
            if (parse.GetValue(points))
            {
                var enterprises = await AllAsync(token => query.FindUnitsAsync(new FindUnitsRequest { Kinds = { UnitKind.Enterprise }, PathPrefix = root.Path, PageSize = 1000, PageToken = token }, cancellationToken: ct).ResponseAsync);
                foreach (var e in enterprises) map.AddPoint(e.Code, e.Longitude, e.Latitude, levels.GetValueOrDefault(e.Code, RiskLevel.Unspecified));
            }
            var path = parse.GetValue(output)!;
            await File.WriteAllTextAsync(path, map.Render(), ct);
            console.Out.WriteLine($"wrote {path}");
            return 0;
        }));
        return command;
    }

    private static async Task<Dictionary<string, RiskLevel>> LevelsAsync(WatchService.WatchServiceClient watch, string path, CancellationToken ct)
    {
        var levels = new Dictionary<string, RiskLevel>(StringComparer.Ordinal);
        var request = new WatchRequest { PathPrefix = path, Kinds = { UnitKind.District, UnitKind.Town, UnitKind.Park, UnitKind.Enterprise } };
        using var call = watch.Watch(request, cancellationToken: ct);
        while (await call.ResponseStream.MoveNext(ct) && call.ResponseStream.Current.Type == WatchEvent.Types.Type.Snapshot)
            levels[call.ResponseStream.Current.Unit.Code] = call.ResponseStream.Current.Unit.Level;
        return levels;
    }

    private static async Task<List<UnitSummary>> AllAsync(Func<string, Task<UnitPage>> page)
    {
        var all = new List<UnitSummary>();
        var token = "";
        do
        {
            var p = await page(token);
            all.AddRange(p.Units);
            token = p.NextPageToken;
        } while (token.Length > 0);
        return all;
    }
}
