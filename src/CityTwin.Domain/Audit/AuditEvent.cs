namespace CityTwin.Domain.Audit;

/// <summary>
/// What an operator did, before it takes its place in the chain: who (subject and role), from where (the gRPC peer),
/// which RPC, on which unit (and its path from the city down, for scope queries), with which idempotency key, what
/// (a short summary) and how it ended. Times are UTC, kept to whole milliseconds so every store gives back exactly
/// the value that was hashed.
/// </summary>
public sealed record AuditEvent
{
    public const string Succeeded = "ok";

    public required DateTimeOffset At { get; init => field = Milliseconds(value); }
    public required string Actor { get; init; }
    public required string Role { get; init; }
    public required string Source { get; init; }
    public required string Action { get; init; }
    public required string Unit { get; init; }
    public required string UnitPath { get; init; }
    public string IdempotencyKey { get; init; } = "";
    public required string Summary { get; init; }
    public string Outcome { get; init; } = Succeeded;

    public static DateTimeOffset Milliseconds(DateTimeOffset t) =>
        DateTimeOffset.FromUnixTimeMilliseconds(t.ToUniversalTime().ToUnixTimeMilliseconds());
}
