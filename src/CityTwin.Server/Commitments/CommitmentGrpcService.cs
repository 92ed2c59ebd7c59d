using CityTwin.Abstractions.Inspections;
using CityTwin.Abstractions.Registry;
using CityTwin.Abstractions.Worlds;
using CityTwin.Domain.Inspections;
using CityTwin.Domain.Units;
using CityTwin.Server.Calls;
using Grpc.Core;
using Microsoft.Extensions.Options;
using Proto = CityTwin.Protos.V1;

namespace CityTwin.Server.Commitments;

/// <summary>
/// citytwin.v1.CommitmentService over the enterprises' commitment books. The server checks the enterprise is in the
/// caller's scope and that every unit and hazard source named belongs to it; the book checks the role, the day, stores
/// the commitment before it answers and recognises a retried idempotency key.
/// </summary>
public sealed class CommitmentGrpcService(LoopCalls calls, RegistryClient registry, IGrainFactory grains, IOptions<ServerLimits> limits)
    : Proto.CommitmentService.CommitmentServiceBase
{
    public override async Task<Proto.CommitmentReply> SubmitCommitment(Proto.SubmitCommitmentRequest request, ServerCallContext context)
    {
        LoopCalls.RequireKey(request.IdempotencyKey);
        var enterprise = await calls.EnterpriseInScopeAsync(request.EnterpriseCode, context, "commit for");
        var day = await Watch().DayAsync(CommitmentMessages.OptionalDay(request.Day, "day"));
        if (request.Units.Count > LoopCalls.MaxItems) throw Failures.InvalidArgument("units", $"at most {LoopCalls.MaxItems} units");
        if (request.Operations.Count > LoopCalls.MaxItems) throw Failures.InvalidArgument("operations", $"at most {LoopCalls.MaxItems} operations");
        var own = (await registry.FindAllAsync(new UnitQuery { PathPrefix = enterprise.Path })).Where(e => e.Code != enterprise.Code)
            .ToDictionary(e => e.Code, e => e.Kind, StringComparer.Ordinal);
        var units = request.Units.Select((u, i) =>
        {
            LoopCalls.RequireCode(u.UnitCode, $"units[{i}].unit_code");
            if (!own.ContainsKey(u.UnitCode)) throw Failures.InvalidArgument($"units[{i}].unit_code", $"'{u.UnitCode}' is not a unit of {enterprise.Code}");
            return new UnitOperation(u.UnitCode, CommitmentMessages.State(u.State, $"units[{i}].state"));
        }).ToList();
        var operations = request.Operations.Select((o, i) =>
        {
            string? source = null;
            if (o.HazardSourceCode.Length > 0)
            {
                LoopCalls.RequireCode(o.HazardSourceCode, $"operations[{i}].hazard_source_code");
                if (!own.TryGetValue(o.HazardSourceCode, out var kind) || kind != UnitKind.HazardSource)
                    throw Failures.InvalidArgument($"operations[{i}].hazard_source_code", $"'{o.HazardSourceCode}' is not a hazard source of {enterprise.Code}");
                source = o.HazardSourceCode;
            }
            if (o.Count is < 0 or > 1000) throw Failures.InvalidArgument($"operations[{i}].count", "must be within 0..1000 (0 means 1)");
            var permit = LoopCalls.RequireText(o.PermitId, $"operations[{i}].permit_id");
            return new PlannedOperation(CommitmentMessages.Kind(o.Kind, $"operations[{i}].kind"), source, o.Count == 0 ? 1 : o.Count, permit.Length == 0 ? null : permit);
        }).ToList();
        var note = LoopCalls.RequireText(request.Note, "note");
        var commitment = new DailyCommitment(enterprise.Code, day.Day, "", "", default, units, operations, request.MajorHazardsUnderControl, note.Length == 0 ? null : note);

        var reply = await Book(enterprise.Code).SubmitAsync(commitment, request.IdempotencyKey, Callers.ActorOf(context));
        if (reply.Problem is { } problem) throw LoopCalls.Refusal(problem);
        return new Proto.CommitmentReply { Commitment = reply.Commitment!.ToProto(), Replayed = reply.Replayed };
    }

    public override async Task<Proto.Commitment> GetCommitment(Proto.GetCommitmentRequest request, ServerCallContext context)
    {
        await calls.EnterpriseInScopeAsync(request.EnterpriseCode, context, "read commitments of");
        var day = await Watch().DayAsync(CommitmentMessages.OptionalDay(request.Day, "day"));
        var found = await Book(request.EnterpriseCode).ListAsync(day.Day, day.Day);
        return found.Count == 1
            ? found[0].ToProto()
            : throw new RpcException(new Status(StatusCode.NotFound, $"no commitment of {request.EnterpriseCode} for {CommitmentMessages.Date(day.Day)}"));
    }

    public override async Task<Proto.CommitmentList> ListCommitments(Proto.ListCommitmentsRequest request, ServerCallContext context)
    {
        var pageSize = LoopCalls.PageSize(request.PageSize, limits.Value.MaxPageSize);
        var day = await Watch().DayAsync(CommitmentMessages.OptionalDay(request.Day, "day"));
        var enterprises = (await calls.EnterprisesInScopeAsync(request.PathPrefix, context)).ToDictionary(e => e.Code, e => e.Name, StringComparer.Ordinal);
        // Major-hazard enterprises: those with a registered hazard source (the same rule as the missing-commitment check).
        var major = (await registry.FindAllAsync(new UnitQuery { Kinds = [UnitKind.HazardSource], PathPrefix = request.PathPrefix.Length > 0 ? request.PathPrefix : null }))
            .Select(s => s.Parent).OfType<string>().Where(enterprises.ContainsKey).ToHashSet(StringComparer.Ordinal);
        var committing = (await grains.GetGrain<ILoopDirectoryGrain>(GrainKey.For(GrainKey.Live, ILoopDirectoryGrain.Commitments)).ListAsync())
            .Where(enterprises.ContainsKey).Order(StringComparer.Ordinal).ToList();
        var reply = new Proto.CommitmentList { Day = CommitmentMessages.Date(day.Day) };
        var committed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var batch in committing.Chunk(32))
        {
            foreach (var found in await Task.WhenAll(batch.Select(code => Book(code).ListAsync(day.Day, day.Day))))
            {
                foreach (var c in found)
                {
                    committed.Add(c.EnterpriseCode);
                    if (reply.Commitments.Count == pageSize) reply.Truncated = true;
                    else reply.Commitments.Add(c.ToProto());
                }
            }
        }
        foreach (var code in major.Where(c => !committed.Contains(c)).Order(StringComparer.Ordinal))
        {
            if (reply.Missing.Count == pageSize) { reply.Truncated = true; break; }
            reply.Missing.Add(new Proto.MissingCommitmentEntry { EnterpriseCode = code, EnterpriseName = enterprises[code], DuePassed = day.DuePassed });
        }
        return reply;
    }

    private ICommitmentWatchGrain Watch() => grains.GetGrain<ICommitmentWatchGrain>(GrainKey.Live);

    private ICommitmentBookGrain Book(string enterprise) => grains.GetGrain<ICommitmentBookGrain>(GrainKey.For(GrainKey.Live, enterprise));
}
