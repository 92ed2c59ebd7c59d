using CityTwin.Domain.Inspections;

namespace CityTwin.Grains.Inspections;

/// <summary>
/// What a commitment book stores: one commitment per local day (a resubmission replaces the day's), and every
/// idempotency key with the day and the person it was used for, so a retry is recognised after a restart.
/// </summary>
[GenerateSerializer, Alias("citytwin.CommitmentBookState")]
public sealed class CommitmentBookState
{
    [Id(0)] public List<DailyCommitment> Commitments { get; set; } = [];
    [Id(1)] public Dictionary<string, CommitmentKey> Keys { get; set; } = new(StringComparer.Ordinal);
}

[GenerateSerializer, Immutable, Alias("citytwin.CommitmentKey")]
public sealed record CommitmentKey([property: Id(0)] DateOnly Day, [property: Id(1)] string Subject);

/// <summary>When the missing-commitment check last ran (its watermark).</summary>
[GenerateSerializer, Alias("citytwin.CommitmentWatchState")]
public sealed class CommitmentWatchState
{
    [Id(0)] public DateTimeOffset? LastChecked { get; set; }
}
