using CityTwin.Domain.Inspections;

namespace CityTwin.Abstractions.Drills;

/// <summary>
/// An enterprise of a drill world takes its closed loops' picture from the live world at the snapshot: a drill
/// world has no ledgers or commitment books of its own (nobody inspects during a drill), so what they fed into the
/// level is carried in once and held for the drill's life.
/// </summary>
[Alias("citytwin.IDrillWorldEnterprise")]
public interface IDrillWorldEnterprise : IDrillWorldUnit
{
    Task CarryLoopsAsync(CarriedLoops loops);
}

/// <summary>
/// The live enterprise's hidden-danger effect and the daily commitment in force, as they stood at <see cref="At"/>
/// (now, or the drill's as-of time), the instant the commitment is judged at.
/// </summary>
[GenerateSerializer, Immutable, Alias("citytwin.CarriedLoops")]
public sealed record CarriedLoops(
    [property: Id(0)] HiddenDangerEffect HiddenDangers,
    [property: Id(1)] DailyCommitment? Commitment,
    [property: Id(2)] DateTimeOffset At);
