namespace CityTwin.Domain.Inspections;

/// <summary>
/// A command on the hidden-danger ledger. Every command carries a client-supplied idempotency key: applying a key
/// already in the record's history returns the existing outcome and changes nothing.
/// </summary>
public abstract record HiddenDangerCommand(string IdempotencyKey)
{
    /// <summary>The command's name in history entries and messages.</summary>
    public abstract string Name { get; }
}

/// <summary>Record a new hidden danger (creates the record in FOUND).</summary>
public sealed record ReportHiddenDanger(
    string IdempotencyKey,
    string Id,
    string EnterpriseCode,
    HiddenDangerLevel Level,
    FindingSource Source,
    FindingLocation Location,
    string Description,
    HazardCategory Category) : HiddenDangerCommand(IdempotencyKey)
{
    public override string Name => HiddenDangerCommands.Report;
    public string? HazardSourceCode { get; init; }
    public string? CriterionCode { get; init; }
    /// <summary>When it was found, if earlier than the report (at most <see cref="DeadlinePolicy.MaxReportDelay"/>).</summary>
    public DateTimeOffset? FoundAt { get; init; }
    public IReadOnlyList<string> Photos { get; init; } = [];
    public string? InterimMeasures { get; init; }
    public string? ReportedTo { get; init; }
}

/// <summary>FOUND → ASSIGNED: confirm the level (and criterion), name the responsible person, fix the deadline.</summary>
public sealed record GradeHiddenDanger(string IdempotencyKey, HiddenDangerLevel Level, string ResponsiblePerson) : HiddenDangerCommand(IdempotencyKey)
{
    public override string Name => HiddenDangerCommands.Grade;
    public string? CriterionCode { get; init; }
    /// <summary>Explicit deadline; otherwise the plan's, otherwise the level's default from the day it was found.</summary>
    public DateOnly? Deadline { get; init; }
    public RectificationPlan? Plan { get; init; }
    public StopWorkOrder StopWork { get; init; }
    public string? InterimMeasures { get; init; }
}

/// <summary>ASSIGNED → RECTIFYING; a major one needs a plan, given here or at grading.</summary>
public sealed record StartRectification(string IdempotencyKey, RectificationPlan? Plan = null) : HiddenDangerCommand(IdempotencyKey)
{
    public override string Name => HiddenDangerCommands.Start;
}

/// <summary>RECTIFYING → RECTIFIED, or a general one FOUND → RECTIFIED on the day it was found (立即整改).</summary>
public sealed record SubmitRectification(string IdempotencyKey, IReadOnlyList<string> Evidence, string? Note = null) : HiddenDangerCommand(IdempotencyKey)
{
    public override string Name => HiddenDangerCommands.Submit;
}

/// <summary>RECTIFIED → VERIFIED when it passed, back to RECTIFYING (deadline unchanged) when it failed.</summary>
public sealed record VerifyRectification(string IdempotencyKey, bool Passed, string? Note = null) : HiddenDangerCommand(IdempotencyKey)
{
    public override string Name => HiddenDangerCommands.Verify;
}

/// <summary>Sign one level on a VERIFIED record; the last required signature closes it (销号).</summary>
public sealed record SignHiddenDanger(string IdempotencyKey, SignOffLevel Level, string? Comment = null) : HiddenDangerCommand(IdempotencyKey)
{
    public override string Name => HiddenDangerCommands.Sign;
}

/// <summary>FOUND → REJECTED: on review it is not a hidden danger.</summary>
public sealed record RejectHiddenDanger(string IdempotencyKey, string Reason) : HiddenDangerCommand(IdempotencyKey)
{
    public override string Name => HiddenDangerCommands.Reject;
}

/// <summary>CLOSED → ASSIGNED: found again; sign-offs and verification start over, a new deadline is set.</summary>
public sealed record ReopenHiddenDanger(string IdempotencyKey, string Reason, DateOnly? Deadline = null) : HiddenDangerCommand(IdempotencyKey)
{
    public override string Name => HiddenDangerCommands.Reopen;
}

/// <summary>The command names as they appear in history.</summary>
public static class HiddenDangerCommands
{
    public const string Report = "report";
    public const string Grade = "grade";
    public const string Start = "start";
    public const string Submit = "submit";
    public const string Verify = "verify";
    public const string Sign = "sign";
    public const string Reject = "reject";
    public const string Reopen = "reopen";
}
