using System.CommandLine;
using System.Globalization;
using CityTwin.Protos.V1;

namespace CityTwin.Cli.Commands;

/// <summary>
/// <c>citytwin dangers report|list|show|transition|sign|stats|plan</c>: the hidden-danger ledger (docs/inspections.md). Every
/// write takes <c>--key</c>, the idempotency key: reuse it to retry a call whose outcome you did not see; without
/// it a fresh key is made and printed.
/// </summary>
public static partial class DangersCommands
{
    internal static readonly Option<string> Key = new("--key") { Description = "idempotency key; reuse it when you retry (default: a new one, printed)" };

    public static Command Create(CliConsole console)
    {
        var command = new Command("dangers", "The hidden-danger ledger: report, walk through rectification, sign off (四级签字), list");
        command.Subcommands.Add(Report(console));
        command.Subcommands.Add(Transition(console));
        command.Subcommands.Add(Sign(console));
        command.Subcommands.Add(Show(console));
        command.Subcommands.Add(List(console));
        command.Subcommands.Add(Stats(console));
        command.Subcommands.Add(PlanCommand(console));
        return command;
    }

    private static Argument<string> EnterpriseArg() => new("enterprise") { Description = "the enterprise's code" };

    private static Argument<string> IdArg() => new("id") { Description = "the hidden danger's id within the enterprise's ledger" };

    internal static string KeyOf(ParseResult parse, CliConsole console)
    {
        if (parse.GetValue(Key) is { Length: > 0 } key) return key;
        var made = Guid.NewGuid().ToString("N");
        console.Error.WriteLine($"idempotency key {made} (pass --key {made} to retry this call)");
        return made;
    }

    private static Command Report(CliConsole console)
    {
        var enterprise = EnterpriseArg();
        var id = IdArg();
        var level = new Option<string>("--level") { Description = "general or major", Required = true };
        var source = new Option<string>("--source") { Description = "self-inspection, department-inspection, unannounced (四不两直) or public-report", Required = true };
        var location = new Option<string>("--location") { Description = "具体部位或者场所", Required = true };
        var description = new Option<string>("--description") { Description = "具体情形", Required = true };
        var category = new Option<string>("--category") { Description = "people, equipment, management or environment", DefaultValueFactory = _ => "equipment" };
        var criterion = new Option<string>("--criterion") { Description = "判定标准 item a major one meets, e.g. HC2017-05" };
        var hazardSource = new Option<string>("--hazard-source") { Description = "hazard source code" };
        var interim = new Option<string>("--interim") { Description = "监控措施: interim control measures" };
        var command = new Command("report", "Report a hidden danger (FOUND)") { enterprise, id, level, source, location, description, category, criterion, hazardSource, interim, Key };
        command.SetAction((parse, ct) =>
        {
            if (!TryEnum<HiddenDangerLevel>(parse.GetValue(level)!, out var l)) return Task.FromResult(console.Fail("--level: give general or major"));
            if (!TryEnum<FindingSource>(parse.GetValue(source)!, out var s)) return Task.FromResult(console.Fail("--source: give self-inspection, department-inspection, unannounced or public-report"));
            if (!TryEnum<HazardCategory>(parse.GetValue(category)!, out var c)) return Task.FromResult(console.Fail("--category: give people, equipment, management or environment"));
            var request = new ReportHiddenDangerRequest
            {
                IdempotencyKey = KeyOf(parse, console), Id = parse.GetValue(id)!, EnterpriseCode = parse.GetValue(enterprise)!, Level = l, Source = s, Category = c,
                Location = parse.GetValue(location)!, Description = parse.GetValue(description)!, CriterionCode = parse.GetValue(criterion) ?? "",
                HazardSourceCode = parse.GetValue(hazardSource) ?? "", InterimMeasures = parse.GetValue(interim) ?? "",
            };
            return Cli.Run(console, parse, async channel => Print(console, parse, await new InspectionService.InspectionServiceClient(channel).ReportHiddenDangerAsync(request, cancellationToken: ct)));
        });
        return command;
    }

    private static Command Transition(CliConsole console)
    {
        var enterprise = EnterpriseArg();
        var id = IdArg();
        var step = new Argument<string>("step") { Description = "grade, start, submit, verify, reject or reopen" };
        var level = new Option<string>("--level") { Description = "grade: general or major" };
        var responsible = new Option<string>("--responsible") { Description = "grade: the responsible person" };
        var criterion = new Option<string>("--criterion") { Description = "grade: 判定标准 item" };
        var deadline = new Option<string>("--deadline") { Description = "grade/reopen: last local day to rectify, YYYY-MM-DD" };
        var objective = new Option<string>("--plan-objective") { Description = "治理方案: objective (with --plan-measures, --plan-org, --plan-person, --plan-deadline)" };
        var measures = new Option<string>("--plan-measures") { Description = "治理方案: methods and measures" };
        var organisation = new Option<string>("--plan-org") { Description = "治理方案: responsible organisation" };
        var person = new Option<string>("--plan-person") { Description = "治理方案: responsible person" };
        var planDeadline = new Option<string>("--plan-deadline") { Description = "治理方案: deadline YYYY-MM-DD" };
        var funds = new Option<double?>("--plan-funds") { Description = "治理方案: funds in yuan (经费)" };
        var safety = new Option<string>("--plan-safety") { Description = "治理方案: safety measures during the rectification" };
        var emergency = new Option<string>("--plan-emergency") { Description = "治理方案: emergency plan (应急预案)" };
        var evidence = new Option<string[]>("--evidence") { Description = "submit: evidence of the rectification (repeatable)", AllowMultipleArgumentsPerToken = true };
        var failed = new Option<bool>("--failed") { Description = "verify: the rectification failed (back to RECTIFYING)" };
        var note = new Option<string>("--note") { Description = "submit/verify: a note" };
        var reason = new Option<string>("--reason") { Description = "reject/reopen: why" };
        var command = new Command("transition", "Move a hidden danger one step: grade, start, submit, verify, reject, reopen")
        {
            enterprise, id, step, level, responsible, criterion, deadline, objective, measures, organisation, person, planDeadline, funds, safety, emergency,
            evidence, failed, note, reason, Key,
        };
        command.SetAction((parse, ct) =>
        {
            var request = new TransitionHiddenDangerRequest { IdempotencyKey = "", EnterpriseCode = parse.GetValue(enterprise)!, Id = parse.GetValue(id)! };
            RectificationPlan? plan = parse.GetValue(objective) is { } o
                ? new RectificationPlan
                {
                    Objective = o, Measures = parse.GetValue(measures) ?? "", ResponsibleOrganisation = parse.GetValue(organisation) ?? "",
                    ResponsiblePerson = parse.GetValue(person) ?? "", Deadline = parse.GetValue(planDeadline) ?? "",
                    SafetyMeasures = parse.GetValue(safety) ?? "", EmergencyPlan = parse.GetValue(emergency) ?? "",
                }
                : null;
            if (plan is not null && parse.GetValue(funds) is { } f) plan.Funds = f;
            if (plan is null && (parse.GetValue(funds) is not null || parse.GetValue(safety) is not null || parse.GetValue(emergency) is not null))
                return Task.FromResult(console.Fail("--plan-funds, --plan-safety and --plan-emergency belong to a plan: give --plan-objective too"));
            switch (parse.GetValue(step))
            {
                case "grade":
                    if (!TryEnum<HiddenDangerLevel>(parse.GetValue(level) ?? "", out var l)) return Task.FromResult(console.Fail("grade needs --level general|major"));
                    request.Grade = new GradeStep
                    {
                        Level = l, ResponsiblePerson = parse.GetValue(responsible) ?? "", CriterionCode = parse.GetValue(criterion) ?? "", Deadline = parse.GetValue(deadline) ?? "", Plan = plan,
                    };
                    break;
                case "start": request.Start = new StartStep { Plan = plan }; break;
                case "submit": request.Submit = new SubmitStep { Evidence = { parse.GetValue(evidence) ?? [] }, Note = parse.GetValue(note) ?? "" }; break;
                case "verify": request.Verify = new VerifyStep { Passed = !parse.GetValue(failed), Note = parse.GetValue(note) ?? "" }; break;
                case "reject": request.Reject = new RejectStep { Reason = parse.GetValue(reason) ?? "" }; break;
                case "reopen": request.Reopen = new ReopenStep { Reason = parse.GetValue(reason) ?? "", Deadline = parse.GetValue(deadline) ?? "" }; break;
                default: return Task.FromResult(console.Fail($"step: '{parse.GetValue(step)}' is not grade, start, submit, verify, reject or reopen"));
            }
            request.IdempotencyKey = KeyOf(parse, console);
            return Cli.Run(console, parse, async channel => Print(console, parse, await new InspectionService.InspectionServiceClient(channel).TransitionHiddenDangerAsync(request, cancellationToken: ct)));
        });
        return command;
    }

    private static Command Sign(CliConsole console)
    {
        var enterprise = EnterpriseArg();
        var id = IdArg();
        var level = new Argument<int>("level") { Description = "1 inspector, 2 enterprise safety manager, 3 enterprise principal, 4 department head" };
        var comment = new Option<string>("--comment") { Description = "a comment with the signature" };
        var command = new Command("sign", "Sign one level of 四级签字 on a VERIFIED hidden danger; the last required one closes it (销号)") { enterprise, id, level, comment, Key };
        command.SetAction((parse, ct) =>
        {
            var request = new SignHiddenDangerRequest
            {
                IdempotencyKey = KeyOf(parse, console), EnterpriseCode = parse.GetValue(enterprise)!, Id = parse.GetValue(id)!, Level = parse.GetValue(level), Comment = parse.GetValue(comment) ?? "",
            };
            return Cli.Run(console, parse, async channel => Print(console, parse, await new InspectionService.InspectionServiceClient(channel).SignHiddenDangerAsync(request, cancellationToken: ct)));
        });
        return command;
    }

    private static Command Show(CliConsole console)
    {
        var enterprise = EnterpriseArg();
        var id = IdArg();
        var command = new Command("show", "One hidden danger with its plan, sign-offs and history") { enterprise, id };
        command.SetAction((parse, ct) => Cli.Run(console, parse, async channel =>
        {
            var record = await new InspectionService.InspectionServiceClient(channel).GetHiddenDangerAsync(
                new GetHiddenDangerRequest { EnterpriseCode = parse.GetValue(enterprise)!, Id = parse.GetValue(id)! }, cancellationToken: ct);
            if (parse.GetValue(CliOptions.Json)) { console.Json(record); return 0; }
            Summary(console, record);
            if (record.Plan is { } plan)
            {
                console.Out.WriteLine($"  plan: {plan.Objective}; {plan.Measures} ({plan.ResponsibleOrganisation}, {plan.ResponsiblePerson}, by {plan.Deadline})"
                    + (plan.HasFunds ? $", funds {plan.Funds.ToString("#,0.##", CultureInfo.InvariantCulture)} yuan" : ""));
                if (plan.SafetyMeasures.Length > 0) console.Out.WriteLine($"    safety measures: {plan.SafetyMeasures}");
                if (plan.EmergencyPlan.Length > 0) console.Out.WriteLine($"    emergency plan: {plan.EmergencyPlan}");
            }
            var required = string.Join(",", record.RequiredSignOffs);
            console.Out.WriteLine($"  sign-offs ({required} required): {string.Join("; ", record.SignOffs.Select(s => $"{s.Level} {s.Subject} ({s.Role})"))}");
            foreach (var h in record.History)
                console.Out.WriteLine($"  {h.Sequence,3} {h.At.ToDateTimeOffset().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} {h.Command,-7} {Name(h.From)} → {Name(h.To)} by {h.Subject} ({h.Role}) key {h.IdempotencyKey}");
            return 0;
        }));
        return command;
    }

    private static Command List(CliConsole console)
    {
        var scope = new Option<string>("--scope") { Description = "path prefix, e.g. 150600/150622 (default: all you may see)" };
        var enterprise = new Option<string>("--enterprise") { Description = "one enterprise only" };
        var state = new Option<string[]>("--state") { Description = "found, assigned, rectifying, rectified, verified, closed, rejected (repeatable)", AllowMultipleArgumentsPerToken = true };
        var level = new Option<string>("--level") { Description = "general or major" };
        var overdue = new Option<bool>("--overdue") { Description = "only overdue ones" };
        var limit = new Option<int>("--limit") { Description = "at most this many", DefaultValueFactory = _ => 100 };
        var command = new Command("list", "Hidden dangers in a scope, filtered") { scope, enterprise, state, level, overdue, limit };
        command.SetAction((parse, ct) =>
        {
            var request = new ListHiddenDangersRequest
            {
                PathPrefix = parse.GetValue(scope) ?? "", EnterpriseCode = parse.GetValue(enterprise) ?? "", OverdueOnly = parse.GetValue(overdue), PageSize = parse.GetValue(limit),
            };
            foreach (var s in parse.GetValue(state) ?? [])
            {
                if (!TryEnum<HiddenDangerState>(s, out var st)) return Task.FromResult(console.Fail($"--state: '{s}' is not a hidden-danger state"));
                request.States.Add(st);
            }
            if (parse.GetValue(level) is { } lv)
            {
                if (!TryEnum<HiddenDangerLevel>(lv, out var l)) return Task.FromResult(console.Fail("--level: give general or major"));
                request.Level = l;
            }
            return Cli.Run(console, parse, async channel =>
            {
                var list = await new InspectionService.InspectionServiceClient(channel).ListHiddenDangersAsync(request, cancellationToken: ct);
                if (parse.GetValue(CliOptions.Json)) { console.Json(list); return 0; }
                console.Table(["enterprise", "id", "level", "state", "deadline", "overdue", "description"], list.Records.Select(r => (IReadOnlyList<string>)
                    [r.EnterpriseCode, r.Id, Name(r.Level), Name(r.State), r.Deadline, r.Overdue ? "OVERDUE" : "", r.Description]));
                console.Out.WriteLine($"{list.Records.Count} hidden danger(s){(list.Truncated ? " (more: raise --limit)" : "")}");
                return 0;
            });
        });
        return command;
    }

    private static int Print(CliConsole console, ParseResult parse, HiddenDangerReply reply)
    {
        if (parse.GetValue(CliOptions.Json)) { console.Json(reply); return 0; }
        if (reply.Replayed) console.Out.WriteLine("(already done: this key's original result, nothing changed)");
        Summary(console, reply.Record);
        return 0;
    }

    private static void Summary(CliConsole console, HiddenDanger r) =>
        console.Out.WriteLine($"{r.EnterpriseCode}/{r.Id}: {Name(r.Level)} {Name(r.State)}{(r.Overdue ? " OVERDUE" : "")}, deadline {r.Deadline}, found by {r.FoundBy} ({r.FoundByRole}) — {r.Description}");

    internal static string Name<T>(T value) where T : struct, Enum
    {
        var text = value.ToString();
        return string.Concat(text.Select((ch, i) => i > 0 && char.IsUpper(ch) ? "-" + char.ToLowerInvariant(ch) : char.ToLowerInvariant(ch).ToString()));
    }

    /// <summary>Parses "major", "self-inspection", … into the proto enum (whose C# names drop the prefix).</summary>
    internal static bool TryEnum<T>(string text, out T value) where T : struct, Enum
    {
        var name = text.Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal);
        return Enum.TryParse(name, ignoreCase: true, out value) && Convert.ToInt32(value, CultureInfo.InvariantCulture) != 0;
    }
}
