using CityTwin.Domain.Inspections;
using CityTwin.Domain.Risk;

namespace CityTwin.Abstractions.Inspections;

/// <summary>
/// One enterprise's warnings (预警), key <c>world/enterpriseCode</c>: those of the enterprise itself and of its hazard
/// sources. A raise or a step is persisted before the call returns; a retried idempotency key returns the original
/// warning with <see cref="WarningReply.Replayed"/> set. Unanswered warnings climb the ladder through a reminder
/// (and a short timer for deadlines under a minute), caught up on activation and at silo start.
/// </summary>
[Alias("citytwin.IWarningBookGrain")]
public interface IWarningBookGrain : IGrainWithStringKey
{
    /// <summary>
    /// One-way, for the live twin: a level change or a high-high alarm of one of the enterprise's units. The book
    /// decides whether it raises a warning, so the hot path pays one message per change and never waits.
    /// </summary>
    [OneWay]
    Task SignalAsync(WarningSignal signal);

    /// <summary>The same, awaited: the warning raised (or already open), stored before it returns; null when nothing was raised.</summary>
    Task<WarningReply> RaiseAsync(WarningSignal signal);

    /// <summary>Answers, verifies (and closes, 消警) or rejects warning <paramref name="id"/>.</summary>
    Task<WarningReply> ApplyAsync(string id, WarningStep step, Actor actor);

    /// <summary>The warnings matching the filter, escalated to the book's clock, and that clock.</summary>
    [AlwaysInterleave]
    Task<WarningView> ListAsync(WarningFilter filter);

    /// <summary>Escalates every warning whose answer deadline passed (after downtime: all rungs at once).</summary>
    /// <summary>A drill world's book, when its drill is deleted: clears its storage and reminder and deactivates (refused in the live world).</summary>
    Task DiscardAsync();

    Task CatchUpAsync();
}

/// <summary>
/// What the live twin (or the commitment watch) tells a warning book. For <see cref="WarningTrigger.RiskLevel"/>
/// the book compares <see cref="Level"/> with the last level it saw of the unit (or <see cref="Inherent"/>) and
/// raises only when the unit turned orange or red above its inherent level (docs/warnings.md).
/// </summary>
[GenerateSerializer, Immutable, Alias("citytwin.WarningSignal")]
public sealed record WarningSignal(
    [property: Id(0)] WarningTrigger Trigger,
    [property: Id(1)] string UnitCode,
    [property: Id(2)] RiskLevel Level,
    [property: Id(3)] string Reason,
    [property: Id(4)] string IdempotencyKey)
{
    [Id(5)] public string? EvidenceId { get; init; }
    [Id(6)] public RiskLevel Inherent { get; init; }
}

/// <summary>A step on a warning, flat so it crosses the grain boundary as one message.</summary>
[GenerateSerializer, Immutable, Alias("citytwin.WarningStep")]
public sealed record WarningStep(
    [property: Id(0)] WarningStepKind Kind,
    [property: Id(1)] string IdempotencyKey,
    [property: Id(2)] string? Cause = null,
    [property: Id(3)] string? Measures = null,
    [property: Id(4)] bool Passed = false,
    [property: Id(5)] string? Note = null);

public enum WarningStepKind
{
    /// <summary>Cause and measures by the responsible party.</summary>
    Answer,
    /// <summary>
    /// Verification by the supervising side: passed → VERIFIED, and CLOSED (消警) at once when the verifier may close;
    /// on a VERIFIED warning, passed closes it; failed sends it back to RAISED with a fresh deadline.
    /// </summary>
    Verify,
}

[GenerateSerializer, Immutable, Alias("citytwin.WarningReply")]
public sealed record WarningReply([property: Id(0)] Warning? Warning, [property: Id(1)] Problem? Problem, [property: Id(2)] bool Replayed, [property: Id(3)] DateTimeOffset AsOf);

[GenerateSerializer, Immutable, Alias("citytwin.WarningView")]
public sealed record WarningView([property: Id(0)] DateTimeOffset AsOf, [property: Id(1)] IReadOnlyList<Warning> Warnings);

/// <summary>Which warnings a list returns: any of <see cref="States"/> (empty: all), one level, one id.</summary>
[GenerateSerializer, Immutable, Alias("citytwin.WarningFilter")]
public sealed record WarningFilter([property: Id(0)] IReadOnlyList<WarningState> States, [property: Id(1)] RiskLevel? Level)
{
    [Id(2)] public string? Id { get; init; }

    public static WarningFilter All { get; } = new([], null);

    public bool Matches(Warning w) =>
        (Id is null || w.Id == Id) && (States.Count == 0 || States.Contains(w.State)) && (Level is not { } level || w.Level == level);
}

/// <summary>
/// The enterprises that have a book of one kind in a world (key <c>world/kind</c>, kinds <see cref="Warnings"/> and
/// <see cref="Commitments"/>), persisted before an add returns: lists, statistics and the catch-up at start use it.
/// </summary>
[Alias("citytwin.ILoopDirectoryGrain")]
public interface ILoopDirectoryGrain : IGrainWithStringKey
{
    public const string Warnings = "warnings";
    public const string Commitments = "commitments";

    Task AddAsync(string enterpriseCode);

    [ReadOnly, AlwaysInterleave]
    Task<bool> HasAsync(string enterpriseCode);

    [ReadOnly, AlwaysInterleave]
    Task<IReadOnlyList<string>> ListAsync();

    /// <summary>A drill world's directory, when its drill is deleted: clears its storage and deactivates (refused in the live world).</summary>
    Task DiscardAsync();
}
