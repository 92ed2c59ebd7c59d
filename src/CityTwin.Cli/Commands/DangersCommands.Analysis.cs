using System.CommandLine;
using System.Globalization;
using CityTwin.Protos.V1;

namespace CityTwin.Cli.Commands;

/// <summary><c>citytwin dangers stats</c> and <c>citytwin dangers plan</c>: ledger statistics and the risk-based inspection plan.</summary>
public static partial class DangersCommands
{
    /// <summary>The seeds designate at least this share of enterprises as benchmarks (标杆企业); the plan says when a scope falls short.</summary>
    private const double BenchmarkTarget = 0.30;

    private static Command Stats(CliConsole console)
    {
        var scope = new Option<string>("--scope") { Description = "path prefix, e.g. 150600/150622 (default: all you may see)" };
        var by = new Option<string>("--by") { Description = "also per sector or department" };
        var command = new Command("stats", "Found / rectified / overdue, on-time rate, self-found major share and repeat offenders in a scope") { scope, by };
        command.SetAction((parse, ct) =>
        {
            var request = new HiddenDangerStatsRequest { PathPrefix = parse.GetValue(scope) ?? "" };
            switch (parse.GetValue(by))
            {
                case null: break;
                case "sector": request.By = StatsGrouping.Sector; break;
                case "department": request.By = StatsGrouping.Department; break;
                default: return Task.FromResult(console.Fail($"--by: '{parse.GetValue(by)}' is not sector or department"));
            }
            return Cli.Run(console, parse, async channel =>
            {
                var reply = await new InspectionService.InspectionServiceClient(channel).GetHiddenDangerStatsAsync(request, cancellationToken: ct);
                if (parse.GetValue(CliOptions.Json)) { console.Json(reply); return 0; }
                var rows = new List<IReadOnlyList<string>> { Row(request.PathPrefix.Length > 0 ? request.PathPrefix : "(all)", reply.Total) };
                rows.AddRange(reply.Groups.Select(g => Row($"{(request.By == StatsGrouping.Sector ? "sector" : "department")} {g.Key}", g.Figures)));
                console.Table(["scope", "enterprises", "ledgers", "found", "major", "rejected", "rectified", "on time", "open", "overdue", "overdue major", "on-time rate", "self-found major", "repeat offenders"], rows);
                foreach (var o in reply.Total.RepeatOffences)
                    console.Out.WriteLine($"repeat: {o.EnterpriseCode} {Name(o.Category)} {o.CriterionCode}: {string.Join(", ", o.RecordIds)}");
                var asOf = reply.AsOf is { } at ? at.ToDateTimeOffset().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) : "no ledgers";
                console.Out.WriteLine($"as of {asOf}; repeats: same category and criterion within {reply.RepeatWindowDays} days");
                return 0;
            });
        });
        return command;
    }

    private static IReadOnlyList<string> Row(string name, HiddenDangerFigures f) =>
    [
        name, Int(f.Enterprises), Int(f.EnterprisesWithLedgers), Int(f.Found), Int(f.FoundMajor), Int(f.Rejected), Int(f.Rectified), Int(f.RectifiedOnTime),
        Int(f.Open), Int(f.Overdue), Int(f.OverdueMajor), f.HasOnTimeRate ? Percent(f.OnTimeRate) : "-",
        f.HasSelfFoundMajorShare ? $"{Percent(f.SelfFoundMajorShare)} ({f.MajorSelfFound}/{f.FoundMajor})" : "-", Int(f.RepeatOffenders.Count),
    ];

    private static Command PlanCommand(CliConsole console)
    {
        var scope = new Option<string>("--scope") { Description = "path prefix, e.g. 150600/150622 (default: all you may see)" };
        var from = new Option<string>("--from") { Description = "first local day of the period, YYYY-MM-DD", Required = true };
        var to = new Option<string>("--to") { Description = "last local day of the period, YYYY-MM-DD", Required = true };
        var seed = new Option<int>("--seed") { Description = "seed of the unannounced (四不两直) draw: the same seed gives the same plan", Required = true };
        var all = new Option<bool>("--all") { Description = "also list the enterprises with no inspection this period" };
        var command = new Command("plan", "Propose inspections for a period (分级分类监管): how often each enterprise, why, and a seeded unannounced draw") { scope, from, to, seed, all };
        command.SetAction((parse, ct) =>
        {
            var request = new PlanInspectionsRequest { PathPrefix = parse.GetValue(scope) ?? "", From = parse.GetValue(from)!, To = parse.GetValue(to)!, Seed = parse.GetValue(seed) };
            return Cli.Run(console, parse, async channel =>
            {
                var plan = await new InspectionService.InspectionServiceClient(channel).PlanInspectionsAsync(request, cancellationToken: ct);
                if (parse.GetValue(CliOptions.Json)) { console.Json(plan); return 0; }
                console.Table(["enterprise", "name", "level", "inspections", "unannounced", "department", "reasons"], plan.Proposals.Select(p => (IReadOnlyList<string>)
                    [p.EnterpriseCode, p.Name, Name(p.Level), Int(p.Inspections), p.Unannounced ? "四不两直" : "", p.Department,
                        string.Join("; ", p.Reasons.Select(r => $"{r.Code} {r.Delta:+0;-0;0}"))]));
                var total = plan.Proposals.Sum(p => p.Inspections);
                console.Out.WriteLine($"{plan.From} … {plan.To}, seed {plan.Seed}: {total} inspection(s) at {plan.Proposals.Count} of {plan.Candidates} enterprise(s), "
                    + $"{plan.Proposals.Count(p => p.Unannounced)} drawn unannounced");
                if (plan.Candidates > 0)
                {
                    var share = (double)plan.Benchmarks / plan.Candidates;
                    console.Out.WriteLine($"benchmarks (标杆企业): {plan.Benchmarks} of {plan.Candidates} ({Percent(share)})"
                        + (share < BenchmarkTarget ? $", below the seeds' target of {Percent(BenchmarkTarget)}" : ""));
                }
                if (parse.GetValue(all) && plan.NotProposed.Count > 0) console.Out.WriteLine($"not inspected this period: {string.Join(", ", plan.NotProposed)}");
                return 0;
            });
        });
        return command;
    }

    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Percent(double share) => (share * 100).ToString("0.#", CultureInfo.InvariantCulture) + " %";
}
