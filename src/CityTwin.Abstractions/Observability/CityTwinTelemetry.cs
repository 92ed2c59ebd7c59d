using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace CityTwin.Abstractions.Observability;

/// <summary>
/// CityTwin's own metrics (Meter "CityTwin") and traces (ActivitySource "CityTwin"), shared by the gRPC edge and the
/// grains. Static, like the runtime's own meters, so any part of a silo can record without wiring; the host exports
/// them (Prometheus text, OTLP) next to Orleans' and ASP.NET Core's. Names and units are listed in docs/cluster.md.
/// </summary>
public static class CityTwinTelemetry
{
    public const string Name = "CityTwin";

    public static readonly Meter Meter = new(Name);
    public static readonly ActivitySource Source = new(Name);

    /// <summary>Readings answered by the ingest edge, tagged <c>outcome</c> = accepted | rejected (a rate gives readings/s).</summary>
    public static readonly Counter<long> Readings = Meter.CreateCounter<long>("citytwin.ingest.readings", "{reading}", "Readings answered by the ingest edge, by outcome");

    /// <summary>How long one batch's grain calls took (every hazard source of the batch, in parallel).</summary>
    public static readonly Histogram<double> BatchGrainLatency = Meter.CreateHistogram<double>("citytwin.ingest.batch.duration", "ms", "Grain latency of one reading batch");

    /// <summary>
    /// How long a roll-up node took from hearing the first change while quiet to forwarding its recomputed summary,
    /// tagged <c>scope</c> (park, town, district, city, sector). The lag to the city is the sum along a unit's path.
    /// </summary>
    public static readonly Histogram<double> RollupDelay = Meter.CreateHistogram<double>("citytwin.rollup.delay", "ms", "Delay of one roll-up step, by parent scope");

    /// <summary>
    /// End to end: from an enterprise's changed summary to the city's recomputed summary that first carries it
    /// (every roll-up step and hop between), recorded by the city node when its summary changes.
    /// </summary>
    public static readonly Histogram<double> CityLag = Meter.CreateHistogram<double>("citytwin.rollup.city_lag", "ms", "Lag from an enterprise's change to the city's summary carrying it");

    /// <summary>Open watch streams on this silo.</summary>
    public static readonly UpDownCounter<long> WatchSubscribers = Meter.CreateUpDownCounter<long>("citytwin.watch.subscribers", "{stream}", "Open watch streams");

    /// <summary>Changes folded into a later one for a slow watch reader.</summary>
    public static readonly Counter<long> WatchCoalesced = Meter.CreateCounter<long>("citytwin.watch.coalesced", "{event}", "Watch events folded for slow readers");

    /// <summary>Reminder ticks handled, tagged <c>reminder</c>; recorded by the grains that own reminders.</summary>
    public static readonly Counter<long> RemindersFired = Meter.CreateCounter<long>("citytwin.reminders.fired", "{tick}", "Reminder ticks handled");

    /// <summary>Warnings open now: +1 when one opens, -1 when it closes; recorded by the warning lifecycle's owner.</summary>
    public static readonly UpDownCounter<long> WarningsOpen = Meter.CreateUpDownCounter<long>("citytwin.warnings.open", "{warning}", "Warnings open");

    public static KeyValuePair<string, object?> Tag(string key, object? value) => new(key, value);
}
