namespace CityTwin.Abstractions.Live;

/// <summary>
/// Summary versions that survive restarts without being persisted: an activation epoch (milliseconds of the
/// activation's start) times a million, plus a counter. A restarted child therefore always outranks its earlier
/// activation, and a late or duplicated summary (a lower version) is ignored. [DESIGN] Assumes silo clocks agree
/// to better than the time between a deactivation and the next activation.
/// </summary>
public struct SummaryVersions(DateTimeOffset activatedAt)
{
    private const long PerEpoch = 1_000_000;
    private long _epoch = activatedAt.ToUnixTimeMilliseconds();
    private long _counter;

    public long Current => _epoch * PerEpoch + _counter;

    public long Next()
    {
        if (++_counter >= PerEpoch)
        {
            _epoch++;
            _counter = 0;
        }
        return Current;
    }
}
