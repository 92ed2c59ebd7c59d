using CityTwin.Abstractions.Audit;
using CityTwin.Server.Calls;
using CityTwin.Server.Security;
using Grpc.Core;
using Microsoft.Extensions.Options;
using Proto = CityTwin.Protos.V1;

namespace CityTwin.Server.Audit;

/// <summary>
/// citytwin.v1.AuditService: lists audit records within the caller's scope and streams the whole chain to a city-wide
/// caller, who verifies it on its own side (docs/audit.md).
/// </summary>
public sealed class AuditGrpcService(IAuditTrail trail, ScopeResolver scopes, IOptions<ServerLimits> limits) : Proto.AuditService.AuditServiceBase
{
    private const int DefaultPage = 100;
    private const int ChainPage = 1000;

    public override async Task<Proto.AuditRecordPage> ListAuditRecords(Proto.ListAuditRecordsRequest request, ServerCallContext context)
    {
        if (request.PageSize < 0 || request.PageSize > limits.Value.MaxPageSize)
            throw Failures.InvalidArgument("page_size", $"must lie between 0 and {limits.Value.MaxPageSize}");
        if (request.AfterSequence < 0) throw Failures.InvalidArgument("after_sequence", "must not be negative");
        var from = Time(request.From, "from");
        var to = Time(request.To, "to");
        if (from is { } f && to is { } t && t < f) throw Failures.InvalidArgument("to", "is before from");
        var visible = await scopes.VisibleToAsync(Callers.Of(context));
        var size = request.PageSize == 0 ? DefaultPage : request.PageSize;
        var records = await trail.QueryAsync(new AuditQuery
        {
            Scope = request.Scope, Unit = request.Unit, Actor = request.Actor, Action = request.Action, From = from, To = to,
            Within = visible.Paths, AfterSequence = request.AfterSequence, Limit = size + 1,
        }, context.CancellationToken);
        var page = new Proto.AuditRecordPage();
        page.Records.AddRange(records.Take(size).Select(r => r.ToProto()));
        if (records.Count > size) page.NextAfterSequence = records[size - 1].Sequence;
        return page;
    }

    public override async Task ReadAuditChain(Proto.ReadAuditChainRequest request, IServerStreamWriter<Proto.AuditRecord> responseStream, ServerCallContext context)
    {
        if (request.FromSequence < 0) throw Failures.InvalidArgument("from_sequence", "must not be negative");
        var caller = Callers.Of(context);
        if ((await scopes.VisibleToAsync(caller)).Paths is not null)
            throw Failures.PermissionDenied($"reading the audit chain needs every record, so a city-wide scope; yours is '{caller.Scope}': list the records of your scope instead");
        var next = Math.Max(1, request.FromSequence);
        while (true)
        {
            var records = await trail.ReadAsync(next, ChainPage, context.CancellationToken);
            foreach (var r in records) await responseStream.WriteAsync(r.ToProto(), context.CancellationToken);
            if (records.Count < ChainPage) return;
            next = records[^1].Sequence + 1;
        }
    }

    private static DateTimeOffset? Time(Google.Protobuf.WellKnownTypes.Timestamp? t, string field)
    {
        if (t is null) return null;
        if (t.Seconds is < -62135596800 or > 253402300799 || t.Nanos is < 0 or > 999_999_999) throw Failures.InvalidArgument(field, "is not a valid time");
        return t.ToDateTimeOffset();
    }
}
