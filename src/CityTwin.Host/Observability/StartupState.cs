namespace CityTwin.Host.Observability;

/// <summary>Set once the host has started and loaded what it loads at start: readiness waits for it.</summary>
public sealed class StartupState
{
    private volatile bool _started;

    public bool Started => _started;

    public void MarkStarted() => _started = true;
}
