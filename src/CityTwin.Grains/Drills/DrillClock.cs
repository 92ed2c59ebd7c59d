namespace CityTwin.Grains.Drills;

/// <summary>
/// A drill-world grain's clock: the drill's simulated time, as the drill last told it. It starts at the silo's time
/// of activation (so summary versions still outrank earlier activations), jumps to the first time it is told, then
/// only moves forward.
/// </summary>
internal sealed class DrillClock(DateTimeOffset activatedAt) : TimeProvider
{
    private DateTimeOffset _now = activatedAt;
    private bool _told;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Set(DateTimeOffset now)
    {
        if (!_told || now > _now) _now = now.ToUniversalTime();
        _told = true;
    }
}
