using System.CommandLine;
using System.Globalization;
using CityTwin.Domain.Audit;
using AuditRecord = CityTwin.Protos.V1.AuditRecord;
using CityTwin.Protos.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace CityTwin.Cli.Commands;

/// <summary>
/// <c>citytwin audit list</c>: who did what to which unit and when, filtered; <c>citytwin audit verify</c>: reads the
/// whole chain and checks it here, with the domain's verifier, so a tampered server cannot vouch for itself.
/// </summary>
public static class AuditCommands
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("audit", "The audit trail of operator actions: list records, verify the hash chain");
        command.Subcommands.Add(List(console));
        command.Subcommands.Add(Verify(console));
        return command;
    }

    private static Command List(CliConsole console)
    {
        var scope = new Option<string>("--scope") { Description = "a unit code: records of that unit and everything below it" };
        var unit = new Option<string>("--unit") { Description = "records of exactly this unit" };
        var actor = new Option<string>("--actor") { Description = "records of this subject" };
        var action = new Option<string>("--action") { Description = "Service/Method, e.g. AlarmService/AcknowledgeAlarms" };
        var from = new Option<string>("--from") { Description = "first time, ISO 8601 (e.g. 2026-05-19T03:00:00Z)" };
        var to = new Option<string>("--to") { Description = "end time (exclusive), ISO 8601" };
        var limit = new Option<int>("--limit") { Description = "how many records to list at most", DefaultValueFactory = _ => 100 };
        var command = new Command("list", "List audit records (within your scope), oldest first") { scope, unit, actor, action, from, to, limit };
        command.SetAction((parse, ct) => Cli.Run(console, parse, async channel =>
        {
            var client = new AuditService.AuditServiceClient(channel);
            var request = new ListAuditRecordsRequest
            {
                Scope = parse.GetValue(scope) ?? "", Unit = parse.GetValue(unit) ?? "", Actor = parse.GetValue(actor) ?? "", Action = parse.GetValue(action) ?? "",
                From = Time(parse.GetValue(from), "--from"), To = Time(parse.GetValue(to), "--to"),
            };
            var wanted = parse.GetValue(limit);
            var records = new List<AuditRecord>();
            while (records.Count < wanted)
            {
                request.PageSize = Math.Min(1000, wanted - records.Count);
                var page = await client.ListAuditRecordsAsync(request, cancellationToken: ct);
                records.AddRange(page.Records);
                if (page.NextAfterSequence == 0) break;
                request.AfterSequence = page.NextAfterSequence;
            }
            if (parse.GetValue(CliOptions.Json))
            {
                var all = new AuditRecordPage();
                all.Records.AddRange(records);
                console.Json(all);
                return 0;
            }
            console.Table(["seq", "time (UTC)", "actor", "role", "action", "unit", "summary", "key"], records.Select(r => (IReadOnlyList<string>)
                [r.Sequence.ToString(CultureInfo.InvariantCulture), DateTimeOffset.FromUnixTimeMilliseconds(r.AtUnixMs).ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture),
                 r.Actor, r.Role, r.Action, r.Unit, r.Summary, r.IdempotencyKey]));
            console.Out.WriteLine($"{records.Count} record(s)");
            return 0;
        }));
        return command;
    }

    private static Command Verify(CliConsole console)
    {
        var command = new Command("verify", "Read the whole audit chain and verify every hash and link here; exits 1 naming the first bad record");
        command.SetAction((parse, ct) => Cli.Run(console, parse, async channel =>
        {
            var result = await VerifyAsync(new AuditService.AuditServiceClient(channel), ct);
            if (result.Break is { } broken)
            {
                console.Error.WriteLine($"audit chain BROKEN at record {broken.Sequence}: {broken.Problem} ({result.Verified} record(s) before it verified)");
                return 1;
            }
            console.Out.WriteLine($"audit chain verified: {result.Verified} record(s), head {result.Head}");
            return 0;
        }));
        return command;
    }

    /// <summary>Streams the chain from the server and verifies it with the domain's <see cref="AuditChain"/>.</summary>
    public static async Task<AuditChain> VerifyAsync(AuditService.AuditServiceClient client, CancellationToken ct, Metadata? headers = null)
    {
        var chain = new AuditChain();
        using var call = client.ReadAuditChain(new ReadAuditChainRequest { FromSequence = 1 }, headers, cancellationToken: ct);
        await foreach (var r in call.ResponseStream.ReadAllAsync(ct))
            if (!chain.Add(FromProto(r))) break;
        return chain;
    }

    public static Domain.Audit.AuditRecord FromProto(AuditRecord r) => new(r.Sequence, new AuditEvent
    {
        At = DateTimeOffset.FromUnixTimeMilliseconds(r.AtUnixMs), Actor = r.Actor, Role = r.Role, Source = r.Source, Action = r.Action,
        Unit = r.Unit, UnitPath = r.UnitPath, IdempotencyKey = r.IdempotencyKey, Summary = r.Summary, Outcome = r.Outcome,
    }, r.PreviousHash, r.Hash);

    private static Timestamp? Time(string? text, string option) =>
        string.IsNullOrEmpty(text) ? null
        : DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? Timestamp.FromDateTimeOffset(t)
        : throw new RpcException(new Status(StatusCode.InvalidArgument, $"{option}: '{text}' is not a time (ISO 8601, e.g. 2026-05-19T03:00:00Z)"));
}
