namespace CityTwin.Abstractions;

/// <summary>
/// Who asked for a write: the authenticated identity and the role it acted in. It travels with every write
/// so grains can record who did what.
/// </summary>
[GenerateSerializer, Immutable, Alias("citytwin.Actor")]
public sealed record Actor([property: Id(0)] string Subject, [property: Id(1)] string Role)
{
    /// <summary>The embedded host's loopback mode, which runs without authentication.</summary>
    public static Actor LocalOperator { get; } = new("local-operator", "city-admin");
}
