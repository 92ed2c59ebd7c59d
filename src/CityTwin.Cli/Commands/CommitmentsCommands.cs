using System.CommandLine;
using CityTwin.Protos.V1;
using static CityTwin.Cli.Commands.DangersCommands;

namespace CityTwin.Cli.Commands;

/// <summary>
/// <c>citytwin commitments submit|show|missing</c>: the daily safety commitment (安全承诺, docs/warnings.md).
/// <c>submit</c> takes <c>--key</c> like every write.
/// </summary>
public static class CommitmentsCommands
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("commitments", "Daily safety commitments (安全承诺): submit, show, who is missing one");
        command.Subcommands.Add(Submit(console));
        command.Subcommands.Add(Show(console));
        command.Subcommands.Add(Missing(console));
        return command;
    }

    private static readonly Option<string> Day = new("--day") { Description = "local day YYYY-MM-DD (default: today)" };

    private static Command Submit(CliConsole console)
    {
        var enterprise = new Argument<string>("enterprise") { Description = "the enterprise's code" };
        var unit = new Option<string[]>("--unit") { Description = "UNIT=STATE, state running, shutdown, start-up-shutdown, trial-run or overhaul (repeatable)", AllowMultipleArgumentsPerToken = true };
        var operation = new Option<string[]>("--operation")
        {
            Description = "KIND[@HAZARD_SOURCE][xCOUNT][#PERMIT], kind hot-work-special, hot-work-grade1, hot-work-grade2, confined-space or other (repeatable)",
            AllowMultipleArgumentsPerToken = true,
        };
        var notUnderControl = new Option<bool>("--not-under-control") { Description = "the major hazard sources are NOT under control" };
        var note = new Option<string>("--note") { Description = "a note" };
        var command = new Command("submit", "Submit (or replace) the day's commitment") { enterprise, Day, unit, operation, notUnderControl, note, Key };
        command.SetAction((parse, ct) =>
        {
            var request = new SubmitCommitmentRequest
            {
                EnterpriseCode = parse.GetValue(enterprise)!, Day = parse.GetValue(Day) ?? "", MajorHazardsUnderControl = !parse.GetValue(notUnderControl), Note = parse.GetValue(note) ?? "",
            };
            foreach (var u in parse.GetValue(unit) ?? [])
            {
                var parts = u.Split('=', 2);
                if (parts.Length != 2 || !TryEnum<OperatingState>(parts[1], out var state)) return Task.FromResult(console.Fail($"--unit: '{u}' is not UNIT=STATE"));
                request.Units.Add(new UnitOperatingState { UnitCode = parts[0], State = state });
            }
            foreach (var o in parse.GetValue(operation) ?? [])
            {
                if (Operation(o) is not { } planned) return Task.FromResult(console.Fail($"--operation: '{o}' is not KIND[@HAZARD_SOURCE][xCOUNT][#PERMIT]"));
                request.Operations.Add(planned);
            }
            request.IdempotencyKey = KeyOf(parse, console);
            return Cli.Run(console, parse, async channel =>
            {
                var reply = await new CommitmentService.CommitmentServiceClient(channel).SubmitCommitmentAsync(request, cancellationToken: ct);
                if (parse.GetValue(CliOptions.Json)) { console.Json(reply); return 0; }
                if (reply.Replayed) console.Out.WriteLine("(already done: this key's original result, nothing changed)");
                Print(console, reply.Commitment);
                return 0;
            });
        });
        return command;
    }

    private static Command Show(CliConsole console)
    {
        var enterprise = new Argument<string>("enterprise") { Description = "the enterprise's code" };
        var command = new Command("show", "One enterprise's commitment for a day") { enterprise, Day };
        command.SetAction((parse, ct) => Cli.Run(console, parse, async channel =>
        {
            var c = await new CommitmentService.CommitmentServiceClient(channel).GetCommitmentAsync(
                new GetCommitmentRequest { EnterpriseCode = parse.GetValue(enterprise)!, Day = parse.GetValue(Day) ?? "" }, cancellationToken: ct);
            if (parse.GetValue(CliOptions.Json)) { console.Json(c); return 0; }
            Print(console, c);
            return 0;
        }));
        return command;
    }

    private static Command Missing(CliConsole console)
    {
        var scope = new Option<string>("--scope") { Description = "path prefix (default: all you may see)" };
        var limit = new Option<int>("--limit") { Description = "at most this many", DefaultValueFactory = _ => 100 };
        var command = new Command("missing", "Major-hazard enterprises without a commitment for the day, and those that committed") { scope, Day, limit };
        command.SetAction((parse, ct) => Cli.Run(console, parse, async channel =>
        {
            var list = await new CommitmentService.CommitmentServiceClient(channel).ListCommitmentsAsync(
                new ListCommitmentsRequest { PathPrefix = parse.GetValue(scope) ?? "", Day = parse.GetValue(Day) ?? "", PageSize = parse.GetValue(limit) }, cancellationToken: ct);
            if (parse.GetValue(CliOptions.Json)) { console.Json(list); return 0; }
            console.Table(["enterprise", "name", "due passed"], list.Missing.Select(m => (IReadOnlyList<string>)[m.EnterpriseCode, m.EnterpriseName, m.DuePassed ? "yes (warned)" : "not yet"]));
            console.Out.WriteLine($"{list.Day}: {list.Missing.Count} missing, {list.Commitments.Count} committed{(list.Truncated ? " (more: raise --limit)" : "")}");
            return 0;
        }));
        return command;
    }

    /// <summary>KIND[@HAZARD_SOURCE][xCOUNT][#PERMIT], e.g. hot-work-special@hs-1x2#DH-01.</summary>
    private static PlannedOperation? Operation(string text)
    {
        var permit = "";
        if (text.IndexOf('#', StringComparison.Ordinal) is var hash and >= 0) (text, permit) = (text[..hash], text[(hash + 1)..]);
        var count = 1;
        if (text.LastIndexOf('x') is var x and > 0 && int.TryParse(text[(x + 1)..], out var n)) (text, count) = (text[..x], n);
        var source = "";
        if (text.IndexOf('@', StringComparison.Ordinal) is var at and >= 0) (text, source) = (text[..at], text[(at + 1)..]);
        return TryEnum<SpecialOperationKind>(text, out var kind) ? new PlannedOperation { Kind = kind, HazardSourceCode = source, Count = count, PermitId = permit } : null;
    }

    private static void Print(CliConsole console, Commitment c)
    {
        console.Out.WriteLine($"{c.Id}: committed by {c.CommittedBy} ({c.CommittedByRole}); major hazard sources {(c.MajorHazardsUnderControl ? "under control" : "NOT under control")}{(c.Note.Length > 0 ? " — " + c.Note : "")}");
        foreach (var u in c.Units) console.Out.WriteLine($"  unit {u.UnitCode}: {Name(u.State)}");
        foreach (var o in c.Operations) console.Out.WriteLine($"  operation {Name(o.Kind)}{(o.HazardSourceCode.Length > 0 ? " in " + o.HazardSourceCode : "")} ×{o.Count}{(o.PermitId.Length > 0 ? " permit " + o.PermitId : "")}");
    }
}
