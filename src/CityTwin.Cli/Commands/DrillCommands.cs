using System.CommandLine;
using System.Globalization;
using CityTwin.Cli.Drills;
using CityTwin.Cli.Maps;
using CityTwin.Domain.Drills.Reports;
using CityTwin.Protos.V1;

namespace CityTwin.Cli.Commands;

/// <summary><c>citytwin drill validate|run|watch|report|list|show|delete</c>: drill scenarios run on the server in isolated drill worlds.</summary>
public static class DrillCommands
{
    private const int StepsPerCall = 10;

    public static Command Create(CliConsole console)
    {
        var command = new Command("drill", "Run drill scenarios (docs/drills.md) in isolated drill worlds and read their reports");
        command.Subcommands.Add(Validate(console));
        command.Subcommands.Add(Run(console));
        command.Subcommands.Add(Watch(console));
        command.Subcommands.Add(Report(console));
        command.Subcommands.Add(List(console));
        command.Subcommands.Add(Show(console));
        command.Subcommands.Add(Delete(console));
        return command;
    }

    private static Argument<string> FileArgument() => new("file") { Description = "scenario file (JSON, see scenarios/drills/)" };

    private static Option<string> OutOption() =>
        new("--out") { Description = "write the report into this directory: report.md (with the map), map.svg, report.json, zones.geojson" };

    private static Command Validate(CliConsole console)
    {
        var file = FileArgument();
        var command = new Command("validate", "Check a scenario file and its codes against the city: every problem with its line") { file };
        command.SetAction((parse, ct) => Cli.Run(console, parse, async channel =>
        {
            var path = parse.GetValue(file)!;
            var reply = await new DrillService.DrillServiceClient(channel).ValidateScenarioAsync(new ValidateScenarioRequest { ScenarioJson = await File.ReadAllTextAsync(path, ct) }, cancellationToken: ct);
            foreach (var p in reply.Problems) console.Error.WriteLine($"{path}:{p.Line}: {p.Field}: {p.Message}");
            if (!reply.Ok) return 1;
            console.Out.WriteLine($"{path}: valid ({reply.Name})");
            return 0;
        }));
        return command;
    }

    private static Command Run(CliConsole console)
    {
        var file = FileArgument();
        var output = OutOption();
        var asOf = new Option<string>("--as-of") { Description = "start from the live picture at this past time (ISO 8601 with offset): the sensors' monitoring history, the hidden dangers' histories and the commitment then in force" };
        var command = new Command("run", "Start a drill from a scenario file, step it to the end with a progress bar while its timeline prints, and print its summary") { file, output, asOf };
        command.SetAction((parse, ct) => Cli.Run(console, parse, async channel =>
        {
            var client = new DrillService.DrillServiceClient(channel);
            var status = await client.StartDrillAsync(new StartDrillRequest { ScenarioJson = await File.ReadAllTextAsync(parse.GetValue(file)!, ct), AsOf = parse.GetValue(asOf) ?? "" }, cancellationToken: ct);
            console.Out.WriteLine($"drill {status.DrillId} started by {status.StartedBy}: {status.Name} ({status.WorldUnits} units in its world)");
            console.Out.WriteLine($"live picture{(status.AsOf.Length > 0 ? $" as of {status.AsOf}" : "")}: readings of {status.LiveSources} hazard source(s), " +
                $"hidden dangers or commitments of {status.LiveEnterprises} enterprise(s), {status.LiveAcknowledgements} alarm acknowledgement(s)");
            var screen = new DrillScreen(console);
            var timeline = TimelineAsync(client, status.DrillId, 0, screen, ct);
            while (status.State == "running")
            {
                status = await client.StepDrillAsync(new StepDrillRequest { DrillId = status.DrillId, Steps = StepsPerCall }, cancellationToken: ct);
                screen.Progress(Progress(status));
            }
            await timeline;   // the watch ends once the drill has and every event is out
            screen.Done();
            if (status.State == "failed")
            {
                console.Error.WriteLine($"drill {status.DrillId} failed: {status.Error}");
                return 1;
            }
            return await WriteAsync(console, client, status.DrillId, parse.GetValue(output), ct);
        }));
        return command;
    }

    private static Command Watch(CliConsole console)
    {
        var id = IdArgument();
        var from = new Option<int>("--from") { Description = "start at this timeline index (0: from the release)" };
        var command = new Command("watch", "Print a drill's timeline as it happens, until the drill has finished") { id, from };
        command.SetAction((parse, ct) => Cli.Run(console, parse, async channel =>
        {
            var client = new DrillService.DrillServiceClient(channel);
            var state = await TimelineAsync(client, parse.GetValue(id)!, parse.GetValue(from), new DrillScreen(console), ct);
            return state == "failed" ? 1 : 0;
        }));
        return command;
    }

    private static Command Report(CliConsole console)
    {
        var id = IdArgument();
        var output = OutOption();
        output.Required = true;
        var command = new Command("report", "Write a drill's report (so far, or final) into a directory: Markdown with the map picture, SVG, JSON and GeoJSON") { id, output };
        command.SetAction((parse, ct) => Cli.Run(console, parse, channel =>
            WriteAsync(console, new DrillService.DrillServiceClient(channel), parse.GetValue(id)!, parse.GetValue(output), ct)));
        return command;
    }

    private static Argument<string> IdArgument() => new("id") { Description = "drill id (drill-…)" };

    /// <summary>Prints the drill's timeline events from the server's watch stream; returns the drill's state at the last event.</summary>
    private static async Task<string> TimelineAsync(DrillService.DrillServiceClient client, string id, int from, DrillScreen screen, CancellationToken ct)
    {
        using var call = client.WatchDrill(new WatchDrillRequest { DrillId = id, FromIndex = from }, cancellationToken: ct);
        var state = "";
        while (await call.ResponseStream.MoveNext(ct))
        {
            var e = call.ResponseStream.Current;
            state = e.DrillState;
            screen.Line(string.Create(CultureInfo.InvariantCulture,
                $"  t+{e.AtMin,6:0.0} min  {e.Time}  {e.Kind,-22} {e.Subject,-20} {(e.HasValue ? e.Value.ToString("0.##", CultureInfo.InvariantCulture) : ""),8}  {e.Level,-6} {e.Detail}").TrimEnd());
        }
        return state;
    }

    private static Command Show(CliConsole console)
    {
        var id = IdArgument();
        var command = new Command("show", "Show a drill's status and summary (zones, KPIs, dispatch, validity)") { id };
        command.SetAction((parse, ct) => Cli.Run(console, parse, channel =>
            WriteAsync(console, new DrillService.DrillServiceClient(channel), parse.GetValue(id)!, null, ct)));
        return command;
    }

    private static Command List(CliConsole console)
    {
        var state = new Option<string>("--state") { Description = "only drills in this state: running, completed or failed" };
        var command = new Command("list", "List the drills within your scope, newest first: id, state, simulated time, who started them") { state };
        command.SetAction((parse, ct) => Cli.Run(console, parse, async channel =>
        {
            var client = new DrillService.DrillServiceClient(channel);
            var token = "";
            var count = 0;
            console.Out.WriteLine($"{"ID",-18} {"STATE",-9} {"T (MIN)",-11} {"SIMULATED",-25} {"STARTED BY",-20} {"STARTED AT (UTC)",-20} NAME");
            do
            {
                var page = await client.ListDrillsAsync(new ListDrillsRequest { State = parse.GetValue(state) ?? "", PageToken = token }, cancellationToken: ct);
                foreach (var d in page.Drills)
                {
                    var started = DateTimeOffset.Parse(d.StartedAt, CultureInfo.InvariantCulture).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
                    var t = string.Create(CultureInfo.InvariantCulture, $"{d.ElapsedMin:0.#}/{d.DurationMin:0.#}");
                    console.Out.WriteLine($"{d.DrillId,-18} {d.State,-9} {t,-11} {d.SimulatedNow,-25} {d.StartedBy,-20} {started,-20} {d.Name}");
                    count++;
                }
                token = page.NextPageToken;
            } while (token.Length > 0);
            console.Out.WriteLine($"{count} drill(s)");
            return 0;
        }));
        return command;
    }

    private static Command Delete(CliConsole console)
    {
        var id = IdArgument();
        var command = new Command("delete", "Discard a drill and its drill world (grains deactivated, storage cleared)") { id };
        command.SetAction((parse, ct) => Cli.Run(console, parse, async channel =>
        {
            var reply = await new DrillService.DrillServiceClient(channel).DeleteDrillAsync(new DrillRef { DrillId = parse.GetValue(id)! }, cancellationToken: ct);
            console.Out.WriteLine(reply.Deleted ? $"deleted {parse.GetValue(id)}" : $"{parse.GetValue(id)} was already gone");
            return 0;
        }));
        return command;
    }

    private static string Progress(DrillStatus s)
    {
        const int width = 30;
        var done = s.DurationMin <= 0 ? 1 : Math.Clamp(s.ElapsedMin / s.DurationMin, 0, 1);
        var bar = new string('#', (int)Math.Round(done * width)).PadRight(width, '.');
        return string.Create(CultureInfo.InvariantCulture, $"[{bar}] {s.ElapsedMin:0}/{s.DurationMin:0} min  {s.SimulatedNow}  {s.TimelineCount} events");
    }

    private static async Task<int> WriteAsync(CliConsole console, DrillService.DrillServiceClient client, string id, string? directory, CancellationToken ct)
    {
        var reply = await client.GetDrillReportAsync(new DrillRef { DrillId = id }, cancellationToken: ct);
        var s = reply.Status;
        console.Out.WriteLine($"drill {s.DrillId} · {s.Name} · {s.State} · t = {s.ElapsedMin:0.#}/{s.DurationMin:0.#} min · started by {s.StartedBy} ({s.StartedByRole})" + (s.Error.Length > 0 ? $" · {s.Error}" : ""));
        if (reply.ReportJson.Length == 0) return s.State == "failed" ? 1 : 0;
        var report = DrillReportJson.Read(reply.ReportJson);
        Summary(console, report);
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
            async Task Write(string name, string text)
            {
                await File.WriteAllTextAsync(Path.Combine(directory, name), text, ct);
                console.Out.WriteLine($"wrote {Path.Combine(directory, name)}");
            }
            await Write("report.md", DrillMarkdown.Render(report, s.DrillId, $"{s.StartedBy} ({s.StartedByRole})", "map.svg"));
            await Write("map.svg", new DrillMapSvg(report).Render());
            await Write("report.json", reply.ReportJson);
            await Write("zones.geojson", reply.ZonesGeojson);
        }
        return s.State == "failed" ? 1 : 0;
    }

    private static void Summary(CliConsole console, CityTwin.Domain.Drills.Reports.DrillReport r)
    {
        string N(double? v) => v is { } x ? x.ToString("0.#", CultureInfo.InvariantCulture) : "—";
        foreach (var c in r.Consequences.Where(c => c.SupersededAtMin is null))
        {
            console.Out.WriteLine($"  #{c.Number} {c.Label}: {c.Model}");
            foreach (var z in c.Zones)
                console.Out.WriteLine($"    {z.Level,-6} {z.Criterion,-24} {z.ExtentText,10}  {z.People,8:0} people  {z.Units.Count,4} units  {string.Join(",", z.Flags)}");
        }
        var k = r.Kpis;
        console.Out.WriteLine($"  detect {N(k.DetectMin)} · city aware {N(k.CityAwarenessMin)} · response {N(k.ResponseStartMin)} · first arrival {N(k.FirstArrivalMin)} · all required {N(k.AllRequiredOnSceneMin)} · evacuated 90 % {N(k.Evacuation90Min)} min");
        console.Out.WriteLine($"  teams dispatched {r.Dispatch?.Assignments.Count ?? 0} · slots late {k.SlotsLate} · unfilled {k.SlotsUnfilled} · objectives met {r.Objectives.Count(o => o.Met)}/{r.Objectives.Count}");
        if (r.Validity.Count > 0) console.Out.WriteLine($"  validity: {string.Join("; ", r.Validity)}");
    }
}
