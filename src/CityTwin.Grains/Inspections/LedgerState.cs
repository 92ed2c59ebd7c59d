using CityTwin.Domain.Inspections;

namespace CityTwin.Grains.Inspections;

/// <summary>
/// What a ledger grain stores: every record with its full history (which holds every idempotency key the ledger
/// accepted, so a retry is recognised after a restart too) and the watermark of the last deadline step fired.
/// </summary>
[GenerateSerializer, Alias("citytwin.LedgerState")]
public sealed class LedgerState
{
    [Id(0)] public List<HiddenDanger> Records { get; set; } = [];
    [Id(1)] public DateTimeOffset? LastFired { get; set; }
}

/// <summary>The enterprises that have a ledger in one world.</summary>
[GenerateSerializer, Alias("citytwin.LedgerDirectoryState")]
public sealed class LedgerDirectoryState
{
    [Id(0)] public SortedSet<string> Enterprises { get; set; } = new(StringComparer.Ordinal);
}
