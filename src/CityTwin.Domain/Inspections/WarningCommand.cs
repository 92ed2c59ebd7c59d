using CityTwin.Domain.Risk;

namespace CityTwin.Domain.Inspections;

/// <summary>A command on a warning, with its idempotency key.</summary>
public abstract record WarningCommand(string IdempotencyKey)
{
    public abstract string Name { get; }
}

/// <summary>Raise a warning (the platform does this when a level turns or a high-high alarm comes).</summary>
public sealed record RaiseWarning(string IdempotencyKey, string Id, string UnitCode, string EnterpriseCode, WarningTrigger Trigger, RiskLevel Level, string Reason)
    : WarningCommand(IdempotencyKey)
{
    public override string Name => "raise";
    public string? EvidenceId { get; init; }
    /// <summary>The rung it is addressed to first; null: the ladder's first (the enterprise). A missing commitment goes to the supervising department.</summary>
    public EscalationLevel? StartAt { get; init; }
}

/// <summary>Answer with the cause and the measures taken.</summary>
public sealed record AnswerWarning(string IdempotencyKey, string Cause, string Measures) : WarningCommand(IdempotencyKey)
{
    public override string Name => "answer";
}

/// <summary>Verify the answer on site or on the data: passed → VERIFIED, failed → back to RAISED with a fresh deadline.</summary>
public sealed record VerifyWarning(string IdempotencyKey, bool Passed, string? Note = null) : WarningCommand(IdempotencyKey)
{
    public override string Name => "verify";
}

/// <summary>消警: close a verified warning.</summary>
public sealed record CloseWarning(string IdempotencyKey, string? Note = null) : WarningCommand(IdempotencyKey)
{
    public override string Name => "close";
}
