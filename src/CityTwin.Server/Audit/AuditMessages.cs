using CityTwin.Domain.Audit;
using Proto = CityTwin.Protos.V1;

namespace CityTwin.Server.Audit;

/// <summary>Audit records in citytwin.v1 (the CLI reads them back into the domain's records to verify the chain itself).</summary>
public static class AuditMessages
{
    public static Proto.AuditRecord ToProto(this AuditRecord r) => new()
    {
        Sequence = r.Sequence, AtUnixMs = r.Event.At.ToUnixTimeMilliseconds(), Actor = r.Event.Actor, Role = r.Event.Role,
        Source = r.Event.Source, Action = r.Event.Action, Unit = r.Event.Unit, UnitPath = r.Event.UnitPath,
        IdempotencyKey = r.Event.IdempotencyKey, Summary = r.Event.Summary, Outcome = r.Event.Outcome,
        PreviousHash = r.PreviousHash, Hash = r.Hash,
    };
}
