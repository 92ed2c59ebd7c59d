using System.CommandLine;
using System.Globalization;
using CityTwin.Protos.V1;
using Grpc.Core;

namespace CityTwin.Cli.Commands;

/// <summary><c>citytwin watch</c>: the live four-colour changes of a scope, one line per change.</summary>
public static class WatchCommand
{
    public static Command Create(CliConsole console)
    {
        var scope = new Option<string>("--scope") { Description = "path prefix, e.g. 150600/150624 (default: the whole city)" };
        var kinds = new Option<string[]>("--kind") { Description = "unit kinds to watch (default: all)", AllowMultipleArgumentsPerToken = true };
        var min = new Option<string>("--min-level") { Description = "blue, yellow, orange or red" };
        var sector = new Option<string>("--sector") { Description = "only this sector" };
        var resume = new Option<string>("--resume") { Description = "resume token printed by an earlier watch" };
        var snapshot = new Option<bool>("--show-snapshot") { Description = "print the snapshot's units too (default: only how many)" };
        var span = new Option<TimeSpan?>("--for") { Description = "stop after this long, e.g. 00:05:00 (default: until Ctrl+C)" };
        var command = new Command("watch", "Watch live risk levels change: a snapshot, then every change as it happens (Ctrl+C to stop)")
        {
            scope, kinds, min, sector, resume, snapshot, span,
        };
        command.SetAction((parse, ct) =>
        {
            var request = new WatchRequest { PathPrefix = parse.GetValue(scope) ?? "", Sector = parse.GetValue(sector) ?? "", ResumeToken = parse.GetValue(resume) ?? "" };
            foreach (var k in parse.GetValue(kinds) ?? [])
            {
                if (!UnitsCommands.TryKind(k, out var kind)) return Task.FromResult(console.Fail($"--kind: '{k}' is not a unit kind"));
                request.Kinds.Add(kind);
            }
            if (parse.GetValue(min) is { } m)
            {
                if (!Enum.TryParse<RiskLevel>(m, ignoreCase: true, out var level) || level == RiskLevel.Unspecified)
                    return Task.FromResult(console.Fail($"--min-level: '{m}' is not blue, yellow, orange or red"));
                request.MinLevel = level;
            }
            var json = parse.GetValue(CliOptions.Json);
            var showSnapshot = parse.GetValue(snapshot);
            var stopAfter = parse.GetValue(span);
            return Cli.Run(console, parse, async channel =>
            {
                using var timer = new CancellationTokenSource(stopAfter ?? Timeout.InfiniteTimeSpan);
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timer.Token);
                ct = linked.Token;
                using var call = new WatchService.WatchServiceClient(channel).Watch(request, cancellationToken: ct);
                var inSnapshot = 0;
                try
                {
                    await foreach (var e in call.ResponseStream.ReadAllAsync(ct))
                    {
                        // If this silo goes away mid-stream, Cli.Run moves to the next --server, which resumes from here
                        // (not from inside a snapshot: its tokens are only complete at its end).
                        if (e.Type != WatchEvent.Types.Type.Snapshot && e.ResumeToken.Length > 0) request.ResumeToken = e.ResumeToken;
                        if (json) { console.Out.WriteLine(Google.Protobuf.JsonFormatter.Default.Format(e)); continue; }
                        switch (e.Type)
                        {
                            case WatchEvent.Types.Type.Snapshot:
                                inSnapshot++;
                                if (showSnapshot) console.Out.WriteLine(Line("now ", e));
                                break;
                            case WatchEvent.Types.Type.SnapshotEnd:
                                console.Out.WriteLine($"{inSnapshot} units in scope; watching (resume token {e.ResumeToken})");
                                break;
                            default:
                                console.Out.WriteLine(Line(DateTime.Now.ToString("HH:mm:ss", CultureInfo.InvariantCulture), e));
                                break;
                        }
                    }
                }
                catch (Exception e) when (ct.IsCancellationRequested && e is RpcException { StatusCode: StatusCode.Cancelled } or OperationCanceledException)
                {
                }
                return 0;
            });
        });
        return command;
    }

    private static string Line(string when, WatchEvent e)
    {
        var u = e.Unit;
        var why = u.Reasons.LastOrDefault()?.TextZh ?? "";
        var folded = e.Coalesced > 0 ? $" (+{e.Coalesced} folded)" : "";
        return $"{when}  {Colour(u.Level),-6} {u.Code,-22} {u.Name}  score {u.Score.ToString("0.#", CultureInfo.InvariantCulture)}{folded}  {why}";
    }

    private static string Colour(RiskLevel level) => level switch
    {
        RiskLevel.Red => "RED",
        RiskLevel.Orange => "ORANGE",
        RiskLevel.Yellow => "YELLOW",
        RiskLevel.Blue => "BLUE",
        _ => "?",
    };
}
