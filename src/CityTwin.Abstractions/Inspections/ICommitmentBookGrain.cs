using CityTwin.Domain.Inspections;

namespace CityTwin.Abstractions.Inspections;

/// <summary>
/// One enterprise's daily safety commitments (安全承诺), key <c>world/enterpriseCode</c>. A submission is persisted
/// before the call returns and then fed to the enterprise's level (SPECIAL_OPERATION, ABNORMAL_STATE); a retried
/// idempotency key returns the stored commitment with <see cref="CommitmentReply.Replayed"/> set.
/// </summary>
[Alias("citytwin.ICommitmentBookGrain")]
public interface ICommitmentBookGrain : IGrainWithStringKey
{
    /// <summary>Submits (or replaces) the commitment for its day; who and when come from the actor and the clock.</summary>
    Task<CommitmentReply> SubmitAsync(DailyCommitment commitment, string idempotencyKey, Actor actor);

    /// <summary>The commitments for local days in [from, to], oldest first.</summary>
    [AlwaysInterleave]
    Task<IReadOnlyList<DailyCommitment>> ListAsync(DateOnly from, DateOnly to);

    /// <summary>The commitment in force now: the latest for a day not after today (the enterprise pulls it on activation).</summary>
    [AlwaysInterleave]
    Task<DailyCommitment?> InForceAsync();
}

[GenerateSerializer, Immutable, Alias("citytwin.CommitmentReply")]
public sealed record CommitmentReply([property: Id(0)] DailyCommitment? Commitment, [property: Id(1)] Problem? Problem, [property: Id(2)] bool Replayed);

/// <summary>
/// Per world: checks at each day's due hour which major-hazard enterprises have not committed, and raises a
/// warning to each one's supervising department; it catches up on every due hour missed while the system was down.
/// </summary>
[Alias("citytwin.ICommitmentWatchGrain")]
public interface ICommitmentWatchGrain : IGrainWithStringKey
{
    /// <summary>Raises the warnings for every commitment that fell due since the last check; returns how many.</summary>
    Task<int> CatchUpAsync();

    /// <summary>A local day (null: today) by the loops' clock and calendar: when its commitment is due, and now.</summary>
    [ReadOnly, AlwaysInterleave]
    Task<CommitmentDay> DayAsync(DateOnly? day);
}

[GenerateSerializer, Immutable, Alias("citytwin.CommitmentDay")]
public sealed record CommitmentDay([property: Id(0)] DateOnly Day, [property: Id(1)] DateTimeOffset DueAt, [property: Id(2)] DateTimeOffset Now)
{
    public bool DuePassed => DueAt <= Now;
}

/// <summary>An enterprise as its commitment book reaches it.</summary>
[Alias("citytwin.ICommitmentSubject")]
public interface ICommitmentSubject
{
    /// <summary>One-way: the commitment in force (or none); the enterprise derives its inputs at each recompute.</summary>
    [OneWay]
    Task ReportCommitmentAsync(DailyCommitment? inForce);
}
