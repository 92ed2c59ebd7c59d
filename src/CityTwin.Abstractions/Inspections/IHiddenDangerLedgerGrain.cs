using CityTwin.Domain.Inspections;

namespace CityTwin.Abstractions.Inspections;

/// <summary>
/// One enterprise's hidden-danger ledger (台账), key <c>world/enterpriseCode</c>. Every accepted command is persisted
/// before the call returns; a command whose idempotency key the ledger already holds returns the original record
/// with <see cref="Outcome{T}.Replayed"/> set and changes nothing. Refusals come back as the outcome's problem.
/// </summary>
[Alias("citytwin.IHiddenDangerLedgerGrain")]
public interface IHiddenDangerLedgerGrain : IGrainWithStringKey
{
    /// <summary>Reports a new record (<see cref="ReportHiddenDanger"/>) or applies a command to record <paramref name="id"/>.</summary>
    Task<LedgerReply> ApplyAsync(string id, HiddenDangerCommand command, Actor actor);

    // Reads interleave: they see the last persisted ledger (an immutable value), and the enterprise pulls the
    // effect while the ledger may itself be waiting on the enterprise.
    [AlwaysInterleave]
    Task<HiddenDanger?> GetAsync(string id);

    /// <summary>The records matching the filter, by id, and the ledger's clock at that moment (for "overdue").</summary>
    [AlwaysInterleave]
    Task<LedgerView> ListAsync(DangerFilter filter);

    /// <summary>The ledger's statistics now (docs/inspections.md, "Statistics service"): small whatever the ledger's size.</summary>
    [AlwaysInterleave]
    Task<LedgerStats> GetStatsAsync();

    /// <summary>The ledger's effect on the enterprise's risk level now.</summary>
    [AlwaysInterleave]
    Task<HiddenDangerEffect> GetEffectAsync();

    /// <summary>Fires every deadline step that came due since the last one fired (after downtime: all at once).</summary>
    Task CatchUpAsync();
}

/// <summary>A command's outcome as it crosses the grain boundary (<see cref="Outcome{T}"/> of the domain, flattened).</summary>
[GenerateSerializer, Immutable, Alias("citytwin.LedgerReply")]
public sealed record LedgerReply([property: Id(0)] HiddenDanger? Record, [property: Id(1)] Problem? Problem, [property: Id(2)] bool Replayed, [property: Id(3)] DateTimeOffset AsOf)
{
    public static LedgerReply From(Outcome<HiddenDanger> outcome, DateTimeOffset asOf) => new(outcome.Value, outcome.Problem, outcome.Replayed, asOf);

    public Outcome<HiddenDanger> ToOutcome() =>
        Problem is { } problem ? Outcome<HiddenDanger>.Fail(problem) : Replayed ? Outcome<HiddenDanger>.Replay(Record!) : Outcome<HiddenDanger>.Success(Record!);
}

/// <summary>Records as the ledger saw them at <see cref="AsOf"/> (its clock decides what is overdue).</summary>
[GenerateSerializer, Immutable, Alias("citytwin.LedgerView")]
public sealed record LedgerView([property: Id(0)] DateTimeOffset AsOf, [property: Id(1)] IReadOnlyList<HiddenDanger> Records);

/// <summary>A ledger's statistics as its clock saw them at <see cref="AsOf"/>.</summary>
[GenerateSerializer, Immutable, Alias("citytwin.LedgerStats")]
public sealed record LedgerStats([property: Id(0)] DateTimeOffset AsOf, [property: Id(1)] HiddenDangerStats Stats);

/// <summary>Which records a list returns: any of <see cref="States"/> (empty: all), one level, only overdue ones.</summary>
[GenerateSerializer, Immutable, Alias("citytwin.DangerFilter")]
public sealed record DangerFilter(
    [property: Id(0)] IReadOnlyList<HiddenDangerState> States,
    [property: Id(1)] HiddenDangerLevel? Level,
    [property: Id(2)] bool OverdueOnly)
{
    /// <summary>Only this record (Get goes through the same path as List).</summary>
    [Id(3)] public string? Id { get; init; }

    public static DangerFilter All { get; } = new([], null, false);

    public bool Matches(HiddenDanger record, DateTimeOffset now, CityCalendar calendar) =>
        (Id is null || record.Id == Id)
        && (States.Count == 0 || States.Contains(record.State))
        && (Level is not { } level || record.Level == level)
        && (!OverdueOnly || record.IsOverdue(now, calendar));
}

/// <summary>
/// Which enterprises have a ledger (key: world), persisted: lists fan out to them, the silo's start wakes them so
/// deadlines that passed while the system was down fire at once, and an enterprise asks it before pulling its ledger.
/// </summary>
[Alias("citytwin.IHiddenDangerDirectoryGrain")]
public interface IHiddenDangerDirectoryGrain : IGrainWithStringKey
{
    /// <summary>Records that the enterprise has a ledger; persisted before it returns.</summary>
    Task AddAsync(string enterpriseCode);

    [ReadOnly, AlwaysInterleave]
    Task<bool> HasLedgerAsync(string enterpriseCode);

    [ReadOnly, AlwaysInterleave]
    Task<IReadOnlyList<string>> LedgersAsync();

    /// <summary>Asks every ledger to catch up on its deadlines.</summary>
    Task WakeAllAsync();
}

/// <summary>An enterprise as its ledger reaches it: the ledger's effect on the enterprise's level.</summary>
[Alias("citytwin.IHiddenDangerSubject")]
public interface IHiddenDangerSubject
{
    /// <summary>One-way: the ledger never waits on the enterprise (which pulls the effect from the ledger when it reconciles).</summary>
    [OneWay]
    Task ReportHiddenDangersAsync(HiddenDangerEffect effect);
}
