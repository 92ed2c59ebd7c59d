using CityTwin.Domain.Risk.Rollup;

namespace CityTwin.Abstractions.Drills;

/// <summary>
/// What a drill does to the grains of its world (never the live world: each call refuses the live world). Unit
/// grains and registry shards implement it besides their own interfaces; reach it with <c>AsReference</c>.
/// </summary>
[Alias("citytwin.IDrillWorldUnit")]
public interface IDrillWorldUnit : IGrainWithStringKey
{
    /// <summary>Sets the grain's clock to the drill's time; with <paramref name="recompute"/>, re-evaluates (hazard sources) or pulls its children and recomputes (parents), forwarding a change.</summary>
    Task SettleAsync(DateTimeOffset now, bool recompute);

    /// <summary>A region outside the drill's reach answers with the live world's summary instead of rolling up children it was not given.</summary>
    Task PinAsync(RiskSummary summary);

    /// <summary>Clears the grain's stored state and deactivates it (drill deleted).</summary>
    Task DiscardAsync();
}
