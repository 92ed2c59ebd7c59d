using System.CommandLine;
using System.Globalization;
using CityTwin.Protos.V1;
using static CityTwin.Cli.Commands.DangersCommands;

namespace CityTwin.Cli.Commands;

/// <summary>
/// <c>citytwin warnings list|show|answer|verify|stats</c>: warning handling (预警处置闭环, docs/warnings.md). Every
/// write takes <c>--key</c> like the ledger's: reuse it to retry; without it a fresh key is made and printed.
/// </summary>
public static class WarningsCommands
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("warnings", "Warnings (预警): list, answer (cause, measures), verify and close (消警), statistics");
        command.Subcommands.Add(List(console));
        command.Subcommands.Add(Show(console));
        command.Subcommands.Add(Answer(console));
        command.Subcommands.Add(Verify(console));
        command.Subcommands.Add(Stats(console));
        return command;
    }

    private static Argument<string> EnterpriseArg() => new("enterprise") { Description = "the enterprise's code" };

    private static Argument<string> IdArg() => new("id") { Description = "the warning's id within the enterprise's book (w-1, …)" };

    private static Command List(CliConsole console)
    {
        var scope = new Option<string>("--scope") { Description = "path prefix, e.g. 150600/150622 (default: all you may see)" };
        var enterprise = new Option<string>("--enterprise") { Description = "one enterprise only" };
        var state = new Option<string[]>("--state") { Description = "raised, answered, verified, closed (repeatable)", AllowMultipleArgumentsPerToken = true };
        var level = new Option<string>("--level") { Description = "blue, yellow, orange or red" };
        var limit = new Option<int>("--limit") { Description = "at most this many", DefaultValueFactory = _ => 100 };
        var command = new Command("list", "Warnings in a scope, newest first") { scope, enterprise, state, level, limit };
        command.SetAction((parse, ct) =>
        {
            var request = new ListWarningsRequest { PathPrefix = parse.GetValue(scope) ?? "", EnterpriseCode = parse.GetValue(enterprise) ?? "", PageSize = parse.GetValue(limit) };
            foreach (var s in parse.GetValue(state) ?? [])
            {
                if (!TryEnum<WarningState>(s, out var st)) return Task.FromResult(console.Fail($"--state: '{s}' is not raised, answered, verified or closed"));
                request.States.Add(st);
            }
            if (parse.GetValue(level) is { } lv)
            {
                if (!TryEnum<RiskLevel>(lv, out var l)) return Task.FromResult(console.Fail("--level: give blue, yellow, orange or red"));
                request.Level = l;
            }
            return Cli.Run(console, parse, async channel =>
            {
                var list = await new WarningService.WarningServiceClient(channel).ListWarningsAsync(request, cancellationToken: ct);
                if (parse.GetValue(CliOptions.Json)) { console.Json(list); return 0; }
                console.Table(["enterprise", "id", "level", "state", "at", "answer by", "unit", "reason"], list.Warnings.Select(w => (IReadOnlyList<string>)
                    [w.EnterpriseCode, w.Id, Name(w.Level), Name(w.State), w.AtLevel, Due(w), w.UnitCode, w.Reason]));
                console.Out.WriteLine($"{list.Warnings.Count} warning(s){(list.Truncated ? " (more: raise --limit)" : "")}");
                return 0;
            });
        });
        return command;
    }

    private static Command Show(CliConsole console)
    {
        var enterprise = EnterpriseArg();
        var id = IdArg();
        var command = new Command("show", "One warning with its answer, escalations and history") { enterprise, id };
        command.SetAction((parse, ct) => Cli.Run(console, parse, async channel =>
        {
            var w = await new WarningService.WarningServiceClient(channel).GetWarningAsync(
                new GetWarningRequest { EnterpriseCode = parse.GetValue(enterprise)!, Id = parse.GetValue(id)! }, cancellationToken: ct);
            if (parse.GetValue(CliOptions.Json)) { console.Json(w); return 0; }
            Summary(console, w);
            if (w.Cause.Length > 0) console.Out.WriteLine($"  answer by {w.AnsweredBy}{(w.AnsweredOnTime ? " (on time)" : " (late)")}: cause {w.Cause}; measures {w.Measures}");
            foreach (var e in w.Escalations) console.Out.WriteLine($"  escalated {e.From} → {e.To} at {Local(e.At)}");
            foreach (var h in w.History)
                console.Out.WriteLine($"  {h.Sequence,3} {Local(h.At)} {h.Command,-8} {Name(h.From)} → {Name(h.To)} by {h.Subject} ({h.Role}){(h.Note.Length > 0 ? " — " + h.Note : "")}");
            return 0;
        }));
        return command;
    }

    private static Command Answer(CliConsole console)
    {
        var enterprise = EnterpriseArg();
        var id = IdArg();
        var cause = new Option<string>("--cause") { Description = "原因: what caused it", Required = true };
        var measures = new Option<string>("--measures") { Description = "处置措施: what was done", Required = true };
        var command = new Command("answer", "Answer a warning with its cause and the measures taken") { enterprise, id, cause, measures, Key };
        command.SetAction((parse, ct) =>
        {
            var request = new AnswerWarningRequest
            {
                IdempotencyKey = KeyOf(parse, console), EnterpriseCode = parse.GetValue(enterprise)!, Id = parse.GetValue(id)!,
                Cause = parse.GetValue(cause)!, Measures = parse.GetValue(measures)!,
            };
            return Cli.Run(console, parse, async channel => Print(console, parse, await new WarningService.WarningServiceClient(channel).AnswerWarningAsync(request, cancellationToken: ct)));
        });
        return command;
    }

    private static Command Verify(CliConsole console)
    {
        var enterprise = EnterpriseArg();
        var id = IdArg();
        var reject = new Option<bool>("--reject") { Description = "the answer does not hold: back to RAISED with a fresh deadline" };
        var note = new Option<string>("--note") { Description = "a note" };
        var command = new Command("verify", "Verify an answered warning and close it (消警), or --reject it back") { enterprise, id, reject, note, Key };
        command.SetAction((parse, ct) =>
        {
            var request = new VerifyWarningRequest
            {
                IdempotencyKey = KeyOf(parse, console), EnterpriseCode = parse.GetValue(enterprise)!, Id = parse.GetValue(id)!,
                Passed = !parse.GetValue(reject), Note = parse.GetValue(note) ?? "",
            };
            return Cli.Run(console, parse, async channel => Print(console, parse, await new WarningService.WarningServiceClient(channel).VerifyWarningAsync(request, cancellationToken: ct)));
        });
        return command;
    }

    private static Command Stats(CliConsole console)
    {
        var scope = new Option<string>("--scope") { Description = "path prefix (default: all you may see)" };
        var command = new Command("stats", "Warnings of a scope: by level, answered on time, escalated, open") { scope };
        command.SetAction((parse, ct) => Cli.Run(console, parse, async channel =>
        {
            var s = await new WarningService.WarningServiceClient(channel).GetWarningStatsAsync(new GetWarningStatsRequest { PathPrefix = parse.GetValue(scope) ?? "" }, cancellationToken: ct);
            if (parse.GetValue(CliOptions.Json)) { console.Json(s); return 0; }
            console.Out.WriteLine($"raised {s.Raised} ({string.Join(", ", s.ByLevel.Select(l => $"{Name(l.Level)} {l.Count}"))})");
            console.Out.WriteLine($"answered on time {s.AnsweredOnTime}, late {s.AnsweredLate}; escalated {s.Escalated}; open {s.Open}; closed {s.Closed}");
            console.Out.WriteLine($"on-time rate {(s.HasOnTimeRate ? s.OnTimeRate.ToString("P0", CultureInfo.InvariantCulture) : "—")}");
            return 0;
        }));
        return command;
    }

    private static int Print(CliConsole console, ParseResult parse, WarningReply reply)
    {
        if (parse.GetValue(CliOptions.Json)) { console.Json(reply); return 0; }
        if (reply.Replayed) console.Out.WriteLine("(already done: this key's original result, nothing changed)");
        Summary(console, reply.Warning);
        return 0;
    }

    private static void Summary(CliConsole console, WarningRecord w) =>
        console.Out.WriteLine($"{w.EnterpriseCode}/{w.Id}: {Name(w.Level)} {Name(w.State)} at {w.AtLevel}{(w.Overdue ? " OVERDUE" : "")}{(Due(w) is { Length: > 0 } d ? ", answer by " + d : "")} — {w.Reason}");

    private static string Due(WarningRecord w) => w.AnswerDueAt is { } due ? Local(due) : "";

    private static string Local(Google.Protobuf.WellKnownTypes.Timestamp t) => t.ToDateTimeOffset().ToLocalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
