using CityTwin.Abstractions.Inspections;
using CityTwin.Abstractions.Worlds;
using CityTwin.Domain.Inspections;
using CityTwin.Server.Calls;
using CityTwin.Server.Risk;
using Grpc.Core;
using Microsoft.Extensions.Options;
using Proto = CityTwin.Protos.V1;

namespace CityTwin.Server.Warnings;

/// <summary>
/// citytwin.v1.WarningService over the enterprises' warning books. The server checks the enterprise exists and lies
/// within the caller's scope; the book checks the role for the step (the level the warning has reached decides who
/// may answer), the state, stores an accepted step before it answers and recognises a retried idempotency key.
/// </summary>
public sealed class WarningGrpcService(LoopCalls calls, IGrainFactory grains, IOptions<ServerLimits> limits, InspectionRules rules)
    : Proto.WarningService.WarningServiceBase
{
    public override async Task<Proto.WarningList> ListWarnings(Proto.ListWarningsRequest request, ServerCallContext context)
    {
        var pageSize = LoopCalls.PageSize(request.PageSize, limits.Value.MaxPageSize);
        var filter = new WarningFilter([.. request.States.Select(WarningMessages.State).Distinct()],
            request.Level == Proto.RiskLevel.Unspecified ? null : request.Level.FromProto() ?? throw Failures.InvalidArgument("level", $"'{request.Level}' is not a level"));
        var reply = new Proto.WarningList();
        foreach (var view in await ViewsAsync(request.EnterpriseCode, request.PathPrefix, filter, context))
        {
            foreach (var w in view.Warnings.OrderByDescending(w => w.RaisedAt))
            {
                if (reply.Warnings.Count == pageSize) { reply.Truncated = true; return reply; }
                reply.Warnings.Add(w.ToProto(view.AsOf));
            }
        }
        return reply;
    }

    public override async Task<Proto.WarningRecord> GetWarning(Proto.GetWarningRequest request, ServerCallContext context)
    {
        LoopCalls.RequireCode(request.Id, "id");
        await calls.EnterpriseInScopeAsync(request.EnterpriseCode, context, "read warnings of");
        var view = await Book(request.EnterpriseCode).ListAsync(WarningFilter.All with { Id = request.Id });
        return view.Warnings.Count == 1
            ? view.Warnings[0].ToProto(view.AsOf)
            : throw new RpcException(new Status(StatusCode.NotFound, $"no warning '{request.Id}' for {request.EnterpriseCode}"));
    }

    public override async Task<Proto.WarningReply> AnswerWarning(Proto.AnswerWarningRequest request, ServerCallContext context)
    {
        LoopCalls.RequireKey(request.IdempotencyKey);
        LoopCalls.RequireCode(request.Id, "id");
        await calls.EnterpriseInScopeAsync(request.EnterpriseCode, context, "answer warnings of");
        var step = new WarningStep(WarningStepKind.Answer, request.IdempotencyKey,
            LoopCalls.RequireText(request.Cause, "cause"), LoopCalls.RequireText(request.Measures, "measures"));
        return await ApplyAsync(request.EnterpriseCode, request.Id, step, context);
    }

    public override async Task<Proto.WarningReply> VerifyWarning(Proto.VerifyWarningRequest request, ServerCallContext context)
    {
        LoopCalls.RequireKey(request.IdempotencyKey);
        LoopCalls.RequireCode(request.Id, "id");
        await calls.EnterpriseInScopeAsync(request.EnterpriseCode, context, "verify warnings of");
        var note = LoopCalls.RequireText(request.Note, "note");
        var step = new WarningStep(WarningStepKind.Verify, request.IdempotencyKey, Passed: request.Passed, Note: note.Length == 0 ? null : note);
        return await ApplyAsync(request.EnterpriseCode, request.Id, step, context);
    }

    public override async Task<Proto.WarningStats> GetWarningStats(Proto.GetWarningStatsRequest request, ServerCallContext context)
    {
        var views = await ViewsAsync("", request.PathPrefix, WarningFilter.All, context);
        var asOf = views.Count == 0 ? DateTimeOffset.UtcNow : views.Max(v => v.AsOf);
        return WarningStatistics.Summarise(views.SelectMany(v => v.Warnings), asOf, rules).ToProto(asOf);
    }

    private async Task<IReadOnlyList<WarningView>> ViewsAsync(string enterprise, string pathPrefix, WarningFilter filter, ServerCallContext context)
    {
        IEnumerable<string> enterprises;
        if (enterprise.Length > 0)
        {
            await calls.EnterpriseInScopeAsync(enterprise, context, "read warnings of");
            enterprises = [enterprise];
        }
        else
        {
            var inScope = (await calls.EnterprisesInScopeAsync(pathPrefix, context)).Select(e => e.Code).ToHashSet(StringComparer.Ordinal);
            var withBooks = await grains.GetGrain<ILoopDirectoryGrain>(GrainKey.For(GrainKey.Live, ILoopDirectoryGrain.Warnings)).ListAsync();
            enterprises = withBooks.Where(inScope.Contains);
        }
        var views = new List<WarningView>();
        foreach (var batch in enterprises.Order(StringComparer.Ordinal).Chunk(32))
            views.AddRange(await Task.WhenAll(batch.Select(code => Book(code).ListAsync(filter))));
        return views;
    }

    private async Task<Proto.WarningReply> ApplyAsync(string enterprise, string id, WarningStep step, ServerCallContext context)
    {
        var reply = await Book(enterprise).ApplyAsync(id, step, Callers.ActorOf(context));
        if (reply.Problem is { } problem) throw LoopCalls.Refusal(problem);
        return new Proto.WarningReply { Warning = reply.Warning!.ToProto(reply.AsOf), Replayed = reply.Replayed };
    }

    private IWarningBookGrain Book(string enterprise) => grains.GetGrain<IWarningBookGrain>(GrainKey.For(GrainKey.Live, enterprise));
}
