using System.CommandLine;
using System.Globalization;
using CityTwin.Protos.V1;

namespace CityTwin.Cli.Commands;

/// <summary><c>citytwin explain UNIT</c> and <c>citytwin top</c>: the live four-colour picture and why.</summary>
public static class RiskCommands
{
    public static Command Explain(CliConsole console)
    {
        var code = new Argument<string>("unit") { Description = "unit code, or a sector/department node such as sector.hazchem or dept.emergency.150602" };
        var english = new Option<bool>("--en") { Description = "explain in English (default: Chinese)" };
        var command = new Command("explain", "Show a unit's live risk level and why") { code, english };
        command.SetAction((parse, ct) => Cli.Run(console, parse, async channel =>
        {
            var level = await new QueryService.QueryServiceClient(channel).GetLevelAsync(new GetLevelRequest { Code = parse.GetValue(code)! }, cancellationToken: ct);
            if (parse.GetValue(CliOptions.Json)) { console.Json(level); return 0; }
            var en = parse.GetValue(english);
            console.Out.WriteLine($"{level.Code} {level.Name}: {Colour(level.Level, en)}  score {level.Score.ToString("0.##", CultureInfo.InvariantCulture)}  version {level.Version}");
            if (level.Kind != UnitKind.HazardSource)
                console.Out.WriteLine($"  enterprises {Counts(level.Enterprises)}; hazard sources {Counts(level.HazardSources)}");
            foreach (var reason in level.Reasons) console.Out.WriteLine($"  - {(en ? reason.TextEn : reason.TextZh)}");
            foreach (var child in level.Worst)
            {
                console.Out.WriteLine($"  worst: {child.Code} {child.Name} {Colour(child.Level, en)} ({child.Score.ToString("0.##", CultureInfo.InvariantCulture)})");
                foreach (var reason in child.Reasons.Take(2)) console.Out.WriteLine($"      {(en ? reason.TextEn : reason.TextZh)}");
            }
            foreach (var s in level.Sensors.Where(s => s.State != "Normal"))
                console.Out.WriteLine($"  sensor {s.Code}: {s.State} {s.Value.ToString("0.###", CultureInfo.InvariantCulture)}");
            return 0;
        }));
        return command;
    }

    public static Command Top(CliConsole console)
    {
        var kind = new Option<string>("--kind") { Description = "unit kind to rank: enterprise, hazard-source, park, town, district", DefaultValueFactory = _ => "enterprise" };
        var scope = new Option<string>("--scope") { Description = "path prefix, e.g. 150600/150624" };
        var min = new Option<string>("--min-level") { Description = "blue, yellow, orange or red" };
        var limit = new Option<int>("--limit") { Description = "how many", DefaultValueFactory = _ => 10 };
        var command = new Command("top", "The worst units of one kind in a scope") { kind, scope, min, limit };
        command.SetAction((parse, ct) =>
        {
            var request = new TopUnitsRequest { PathPrefix = parse.GetValue(scope) ?? "", Limit = parse.GetValue(limit) };
            if (!UnitsCommands.TryKind(parse.GetValue(kind)!, out var k)) return Task.FromResult(console.Fail($"--kind: '{parse.GetValue(kind)}' is not a unit kind"));
            request.Kind = k;
            if (parse.GetValue(min) is { } m)
            {
                if (!Enum.TryParse<RiskLevel>(m, ignoreCase: true, out var level) || level == RiskLevel.Unspecified)
                    return Task.FromResult(console.Fail($"--min-level: '{m}' is not blue, yellow, orange or red"));
                request.MinLevel = level;
            }
            return Cli.Run(console, parse, async channel =>
            {
                var top = await new QueryService.QueryServiceClient(channel).TopUnitsAsync(request, cancellationToken: ct);
                if (parse.GetValue(CliOptions.Json)) { console.Json(top); return 0; }
                console.Table(["code", "name", "level", "score", "why"], top.Units.Select(u => (IReadOnlyList<string>)
                    [u.Code, u.Name, Colour(u.Level, false), u.Score.ToString("0.##", CultureInfo.InvariantCulture), u.Reasons.LastOrDefault()?.TextZh ?? ""]));
                return 0;
            });
        });
        return command;
    }

    public static Command Check(CliConsole console)
    {
        var scope = new Argument<string>("scope") { Description = "unit code to check below, e.g. 150600 for the whole city", DefaultValueFactory = _ => "150600" };
        var command = new Command("check", "Verify the roll-up invariant of a scope against the leaves, listing every mismatch (exit 1 if any)") { scope };
        command.SetAction((parse, ct) => Cli.Run(console, parse, async channel =>
        {
            var report = await new QueryService.QueryServiceClient(channel).CheckInvariantAsync(new CheckInvariantRequest { Scope = parse.GetValue(scope)! }, cancellationToken: ct);
            if (parse.GetValue(CliOptions.Json)) console.Json(report);
            else
            {
                console.Table(["unit", "field", "cached", "expected"], report.Mismatches.Select(m => (IReadOnlyList<string>)[m.Code, m.Field, m.Cached, m.Expected]));
                console.Out.WriteLine($"{report.Checked} units checked, {report.Mismatches.Count} mismatch(es)");
            }
            return report.Mismatches.Count == 0 ? 0 : 1;
        }));
        return command;
    }

    private static string Colour(RiskLevel level, bool english) => level switch
    {
        RiskLevel.Red => english ? "RED" : "红 (重大风险)",
        RiskLevel.Orange => english ? "ORANGE" : "橙 (较大风险)",
        RiskLevel.Yellow => english ? "YELLOW" : "黄 (一般风险)",
        RiskLevel.Blue => english ? "BLUE" : "蓝 (低风险)",
        _ => "?",
    };

    private static string Counts(ColourCounts c) => $"red {c.Red} / orange {c.Orange} / yellow {c.Yellow} / blue {c.Blue}";
}
