using CityTwin.Domain.Audit;
using Proto = CityTwin.Protos.V1;

namespace CityTwin.Server.Audit;

/// <summary>Audit records to and from citytwin.v1 (the CLI reads them back to verify the chain itself).</summary>
public static class AuditMessages
{
    public static Proto.AuditRecord ToProto(this AuditRecord r) => new()
    {
        Sequence = r.Sequence, AtUnixMs = r.Event.At.ToUnixTimeMilliseconds(), Actor = r.Event.Actor, Role = r.Event.Role,
        Source = r.Event.Source, Action = r.Event.Action, Unit = r.Event.Unit, UnitPath = r.Event.UnitPath,
        IdempotencyKey = r.Event.IdempotencyKey, Summary = r.Event.Summary, Outcome = r.Event.Outcome,
        PreviousHash = r.PreviousHash, Hash = r.Hash,
    };

    public static AuditRecord FromProto(this Proto.AuditRecord r) => new(r.Sequence, new AuditEvent
    {
        At = DateTimeOffset.FromUnixTimeMilliseconds(r.AtUnixMs), Actor = r.Actor, Role = r.Role, Source = r.Source, Action = r.Action,
        Unit = r.Unit, UnitPath = r.UnitPath, IdempotencyKey = r.IdempotencyKey, Summary = r.Summary, Outcome = r.Outcome,
    }, r.PreviousHash, r.Hash);
}
