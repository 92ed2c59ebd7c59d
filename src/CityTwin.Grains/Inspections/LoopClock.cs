namespace CityTwin.Grains.Inspections;

/// <summary>
/// The clock the closed loops read (deadlines, overdue, local days): the silo's <see cref="TimeProvider"/> unless a
/// test or a replay sets another. Kept apart because Orleans' grain timers follow the silo's TimeProvider, and
/// advancing that by days makes every periodic timer of the twin run once per period.
/// </summary>
public sealed class LoopClock(TimeProvider time)
{
    public TimeProvider Time => time;

    public DateTimeOffset Now => time.GetUtcNow();
}
