using CityTwin.Abstractions.Inspections;
using CityTwin.Abstractions.Registry;
using CityTwin.Abstractions.Worlds;
using CityTwin.Domain.Inspections;
using CityTwin.Domain.Units;
using CityTwin.Server.Calls;
using static CityTwin.Server.Calls.LoopCalls;
using CityTwin.Server.Security;
using Grpc.Core;
using Microsoft.Extensions.Options;
using Proto = CityTwin.Protos.V1;

namespace CityTwin.Server.Inspections;

/// <summary>
/// citytwin.v1.InspectionService over the enterprises' ledger grains. The server checks the enterprise exists and
/// lies within the caller's scope, and turns the request into a domain command; the ledger grain checks the role
/// for the step, the state and the preconditions, stores an accepted command before it answers, and recognises a
/// retried idempotency key.
/// </summary>
public sealed partial class InspectionGrpcService(LoopCalls calls, IGrainFactory grains, IOptions<ServerLimits> limits, InspectionRules rules)
    : Proto.InspectionService.InspectionServiceBase
{
    public override async Task<Proto.HiddenDangerReply> ReportHiddenDanger(Proto.ReportHiddenDangerRequest request, ServerCallContext context)
    {
        RequireKey(request.IdempotencyKey);
        RequireCode(request.Id, "id");
        await calls.EnterpriseInScopeAsync(request.EnterpriseCode, context, "report hidden dangers of");
        if (request.HazardSourceCode.Length > 0) RequireCode(request.HazardSourceCode, "hazard_source_code");
        RequireText(request.Location, "location");
        RequireText(request.Description, "description");
        RequireText(request.InterimMeasures, "interim_measures");
        RequireText(request.ReportedTo, "reported_to");
        RequireText(request.CriterionCode, "criterion_code");
        RequireItems(request.Photos, "photos");
        if (request.HasLongitude != request.HasLatitude) throw Failures.InvalidArgument("longitude", "give longitude and latitude together");
        if (request.HasLongitude && (!double.IsFinite(request.Longitude) || request.Longitude is < -180 or > 180)) throw Failures.InvalidArgument("longitude", "must be within -180..180 degrees");
        if (request.HasLatitude && (!double.IsFinite(request.Latitude) || request.Latitude is < -90 or > 90)) throw Failures.InvalidArgument("latitude", "must be within -90..90 degrees");
        DateTimeOffset? foundAt = null;
        if (request.FoundAt is { } at)
        {
            if (at.Seconds is < -62135596800 or > 253402300799 || at.Nanos is < 0 or > 999_999_999) throw Failures.InvalidArgument("found_at", "is not a valid time");
            foundAt = at.ToDateTimeOffset();
        }

        var command = new ReportHiddenDanger(request.IdempotencyKey, request.Id, request.EnterpriseCode,
            InspectionMessages.Level(request.Level, "level"), InspectionMessages.Source(request.Source),
            new FindingLocation(request.Location, request.HasLongitude ? request.Longitude : null, request.HasLatitude ? request.Latitude : null),
            request.Description, InspectionMessages.Category(request.Category))
        {
            HazardSourceCode = InspectionMessages.NullIfEmpty(request.HazardSourceCode),
            CriterionCode = InspectionMessages.NullIfEmpty(request.CriterionCode),
            FoundAt = foundAt,
            Photos = [.. request.Photos],
            InterimMeasures = InspectionMessages.NullIfEmpty(request.InterimMeasures),
            ReportedTo = InspectionMessages.NullIfEmpty(request.ReportedTo),
        };
        return await ApplyAsync(request.EnterpriseCode, request.Id, command, context);
    }

    public override async Task<Proto.HiddenDangerReply> TransitionHiddenDanger(Proto.TransitionHiddenDangerRequest request, ServerCallContext context)
    {
        RequireKey(request.IdempotencyKey);
        RequireCode(request.Id, "id");
        await calls.EnterpriseInScopeAsync(request.EnterpriseCode, context, "change hidden dangers of");
        var key = request.IdempotencyKey;
        HiddenDangerCommand command = request.StepCase switch
        {
            Proto.TransitionHiddenDangerRequest.StepOneofCase.Grade => Grade(key, request.Grade),
            Proto.TransitionHiddenDangerRequest.StepOneofCase.Start => new StartRectification(key, InspectionMessages.Plan(request.Start.Plan, "start.plan")),
            Proto.TransitionHiddenDangerRequest.StepOneofCase.Submit => new SubmitRectification(key,
                [.. RequireItems(request.Submit.Evidence, "submit.evidence")], Note(request.Submit.Note, "submit.note")),
            Proto.TransitionHiddenDangerRequest.StepOneofCase.Verify => new VerifyRectification(key, request.Verify.Passed, Note(request.Verify.Note, "verify.note")),
            Proto.TransitionHiddenDangerRequest.StepOneofCase.Reject => new RejectHiddenDanger(key, RequireText(request.Reject.Reason, "reject.reason")),
            Proto.TransitionHiddenDangerRequest.StepOneofCase.Reopen => new ReopenHiddenDanger(key, RequireText(request.Reopen.Reason, "reopen.reason"),
                InspectionMessages.OptionalDate(request.Reopen.Deadline, "reopen.deadline")),
            _ => throw Failures.InvalidArgument("step", "give one of grade, start, submit, verify, reject, reopen"),
        };
        return await ApplyAsync(request.EnterpriseCode, request.Id, command, context);
    }

    public override async Task<Proto.HiddenDangerReply> SignHiddenDanger(Proto.SignHiddenDangerRequest request, ServerCallContext context)
    {
        RequireKey(request.IdempotencyKey);
        RequireCode(request.Id, "id");
        await calls.EnterpriseInScopeAsync(request.EnterpriseCode, context, "sign hidden dangers of");
        if (request.Level is < 1 or > 4) throw Failures.InvalidArgument("level", "must be 1 (inspector), 2 (safety manager), 3 (principal) or 4 (department head)");
        var command = new SignHiddenDanger(request.IdempotencyKey, (SignOffLevel)request.Level, Note(request.Comment, "comment"));
        return await ApplyAsync(request.EnterpriseCode, request.Id, command, context);
    }

    public override async Task<Proto.HiddenDanger> GetHiddenDanger(Proto.GetHiddenDangerRequest request, ServerCallContext context)
    {
        RequireCode(request.Id, "id");
        await calls.EnterpriseInScopeAsync(request.EnterpriseCode, context, "read hidden dangers of");
        var view = await Ledger(request.EnterpriseCode).ListAsync(DangerFilter.All with { Id = request.Id });
        return view.Records.Count == 1
            ? view.Records[0].ToProto(view.AsOf, rules.Calendar)
            : throw new RpcException(new Status(StatusCode.NotFound, $"no hidden danger '{request.Id}' in the ledger of {request.EnterpriseCode}"));
    }

    public override async Task<Proto.HiddenDangerList> ListHiddenDangers(Proto.ListHiddenDangersRequest request, ServerCallContext context)
    {
        var pageSize = PageSize(request.PageSize, limits.Value.MaxPageSize);
        var filter = new DangerFilter([.. request.States.Select(InspectionMessages.State).Distinct()],
            request.Level == Proto.HiddenDangerLevel.Unspecified ? null : InspectionMessages.Level(request.Level, "level"), request.OverdueOnly);

        IEnumerable<string> enterprises;
        if (request.EnterpriseCode.Length > 0)
        {
            await calls.EnterpriseInScopeAsync(request.EnterpriseCode, context, "read hidden dangers of");
            enterprises = [request.EnterpriseCode];
        }
        else
        {
            var inScope = (await calls.EnterprisesInScopeAsync(request.PathPrefix, context)).Select(e => e.Code).ToHashSet(StringComparer.Ordinal);
            var withLedgers = await grains.GetGrain<IHiddenDangerDirectoryGrain>(GrainKey.Live).LedgersAsync();
            enterprises = withLedgers.Where(inScope.Contains);
        }

        var reply = new Proto.HiddenDangerList();
        foreach (var batch in enterprises.Order(StringComparer.Ordinal).Chunk(32))
        {
            var views = await Task.WhenAll(batch.Select(code => Ledger(code).ListAsync(filter)));
            foreach (var view in views)
            {
                foreach (var record in view.Records)
                {
                    if (reply.Records.Count == pageSize) { reply.Truncated = true; return reply; }
                    reply.Records.Add(record.ToProto(view.AsOf, rules.Calendar));
                }
            }
        }
        return reply;
    }

    private async Task<Proto.HiddenDangerReply> ApplyAsync(string enterprise, string id, HiddenDangerCommand command, ServerCallContext context)
    {
        var reply = await Ledger(enterprise).ApplyAsync(id, command, Callers.ActorOf(context));
        if (reply.Problem is { } problem) throw Refusal(problem);
        return new Proto.HiddenDangerReply { Record = reply.Record!.ToProto(reply.AsOf, rules.Calendar), Replayed = reply.Replayed };
    }

    private IHiddenDangerLedgerGrain Ledger(string enterprise) => grains.GetGrain<IHiddenDangerLedgerGrain>(GrainKey.For(GrainKey.Live, enterprise));

    private static string? Note(string text, string field) => InspectionMessages.NullIfEmpty(RequireText(text, field));

    private static IReadOnlyList<string> RequireItems(IReadOnlyList<string> items, string field)
    {
        if (items.Count > MaxItems) throw Failures.InvalidArgument(field, $"at most {MaxItems} items");
        foreach (var item in items) RequireText(item, field);
        return items;
    }

    private static GradeHiddenDanger Grade(string key, Proto.GradeStep g) =>
        new(key, InspectionMessages.Level(g.Level, "grade.level"), RequireText(g.ResponsiblePerson, "grade.responsible_person"))
        {
            CriterionCode = InspectionMessages.NullIfEmpty(RequireText(g.CriterionCode, "grade.criterion_code")),
            Deadline = InspectionMessages.OptionalDate(g.Deadline, "grade.deadline"),
            Plan = InspectionMessages.Plan(g.Plan, "grade.plan"),
            StopWork = InspectionMessages.StopWork(g.StopWork),
            InterimMeasures = InspectionMessages.NullIfEmpty(RequireText(g.InterimMeasures, "grade.interim_measures")),
        };
}
