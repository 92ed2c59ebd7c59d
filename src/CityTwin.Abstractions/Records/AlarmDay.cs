namespace CityTwin.Abstractions.Records;

/// <summary>
/// A hazard source's alarm counters for one of the city's local days: alarms raised, and the flaps the alarm
/// logic prevented — a plain threshold comparator would have cleared (and then re-raised) where the deadband,
/// the clear delay or the level's downgrade hold kept the state. Written as increments.
/// </summary>
[GenerateSerializer, Immutable, Alias("citytwin.AlarmDay")]
public sealed record AlarmDay(
    [property: Id(0)] string World,
    [property: Id(1)] string SourceCode,
    [property: Id(2)] string Path,
    [property: Id(3)] DateOnly Day,
    [property: Id(4)] int Raised,
    [property: Id(5)] int KeptByDeadband,
    [property: Id(6)] int KeptByDelay,
    [property: Id(7)] int KeptByHold)
{
    public bool IsEmpty => Raised == 0 && KeptByDeadband == 0 && KeptByDelay == 0 && KeptByHold == 0;

    public AlarmDay Plus(AlarmDay other) => this with
    {
        Raised = Raised + other.Raised,
        KeptByDeadband = KeptByDeadband + other.KeptByDeadband,
        KeptByDelay = KeptByDelay + other.KeptByDelay,
        KeptByHold = KeptByHold + other.KeptByHold,
    };
}
