using Google.Protobuf;

namespace CityTwin.Server.Audit;

/// <summary>
/// How to audit one write RPC: its request's idempotency key, the units whose paths must be looked up before the call
/// (units the call removes), and, from request and response, what the record says (null: nothing was done, no record,
/// e.g. a dry run). For a streamed call, request and response are the first request and the last response message.
/// </summary>
public sealed record AuditedRpc(
    Func<IMessage, string> Key,
    Func<IMessage, IMessage, AuditFacts?> Facts,
    Func<IMessage, IEnumerable<string>>? UnitsBefore = null)
{
    /// <summary>A typed entry: the one line a new write RPC adds to <see cref="AuditedRpcs.Table"/>.</summary>
    public static AuditedRpc Of<TRequest, TResponse>(Func<TRequest, string> key, Func<TRequest, TResponse, AuditFacts?> facts, Func<TRequest, IEnumerable<string>>? unitsBefore = null)
        where TRequest : IMessage where TResponse : IMessage =>
        new(q => key((TRequest)q), (q, a) => facts((TRequest)q, (TResponse)a), unitsBefore is null ? null : q => unitsBefore((TRequest)q));
}

/// <summary>What one audit record says about a call: the unit(s) acted on (with their paths when known) and a summary.</summary>
public sealed record AuditFacts(IReadOnlyList<AuditUnit> Units, string Summary)
{
    public AuditFacts(string unit, string summary) : this([new AuditUnit(unit)], summary) { }

    public static AuditFacts Of(IEnumerable<string> units, string summary) => new([.. units.Select(u => new AuditUnit(u))], summary);
}

/// <summary>A unit acted on; null path: look it up in the registry.</summary>
public sealed record AuditUnit(string Code, string? Path = null);
