namespace CityTwin.Domain.Drills.Runs;

/// <summary>
/// A toxic zone shrank: at <paramref name="At"/> the cloud's tail had passed <paramref name="Quarters"/> quarters (1–3)
/// of the zone's extent; <paramref name="ClearedM"/> is how far downwind the tail was then.
/// </summary>
public sealed record ZoneShrink(TimeSpan At, int Quarters, double ClearedM);
