namespace CityTwin.Abstractions.Drills;

/// <summary>
/// One drill, keyed by its id (which is also its world). It copies the live units it needs into its world, runs the
/// simulated clock step by step through the real grains of that world, and keeps the timeline and the report.
/// </summary>
[Alias("citytwin.IDrillGrain")]
public interface IDrillGrain : IGrainWithStringKey
{
    /// <summary>
    /// Creates the drill world from a validated scenario and takes t0 (the release). Refused if already started. With
    /// <paramref name="asOf"/>, the live picture is the sensors' monitoring history at that time instead of now.
    /// </summary>
    Task<DrillStatus> StartAsync(string scenarioJson, Actor by, DateTimeOffset? asOf);

    /// <summary>Advances <paramref name="steps"/> steps (0 or less: to the end), letting the world settle after each.</summary>
    Task<DrillStatus> StepAsync(int steps, Actor by);

    [AlwaysInterleave]
    Task<DrillStatus?> GetStatusAsync();

    /// <summary>Timeline entries from index <paramref name="from"/> on (for watchers), with the status.</summary>
    [AlwaysInterleave]
    Task<DrillTimelinePage?> GetTimelineAsync(int from);

    /// <summary>The report as JSON (so far, or final), and the zones as GeoJSON.</summary>
    Task<DrillReportDocuments?> GetReportAsync();

    /// <summary>Discards the drill world (deactivated, storage cleared) and the drill itself; false if there was none.</summary>
    Task<bool> DeleteAsync(Actor by);
}

public enum DrillState { Running, Completed, Failed }

[GenerateSerializer, Immutable, Alias("citytwin.DrillStatus")]
public sealed record DrillStatus(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] DrillState State,
    [property: Id(3)] Actor StartedBy,
    [property: Id(4)] DateTimeOffset StartedAt,
    [property: Id(5)] string Origin,
    [property: Id(6)] string OriginPath,
    [property: Id(7)] double ElapsedMin,
    [property: Id(8)] double DurationMin,
    [property: Id(9)] int TimelineCount,
    [property: Id(10)] int WorldUnits,
    [property: Id(11)] string? Error,
    [property: Id(12)] DateTimeOffset SimulatedNow,
    [property: Id(13)] Actor? LastSteppedBy,
    [property: Id(14)] int LiveSources = 0,
    [property: Id(15)] DateTimeOffset? AsOf = null)
{
    /// <summary>How many copied enterprises brought their hidden dangers or daily commitment from the live world.</summary>
    [Id(16)] public int LiveEnterprises { get; init; }

    /// <summary>How many live alarm acknowledgements were carried onto the drill world's alarms.</summary>
    [Id(17)] public int LiveAcknowledgements { get; init; }
}

[GenerateSerializer, Immutable, Alias("citytwin.DrillTimelineEntry")]
public sealed record DrillTimelineEntry(
    [property: Id(0)] double AtMin,
    [property: Id(1)] string Time,
    [property: Id(2)] string Kind,
    [property: Id(3)] string? Subject,
    [property: Id(4)] double? Value,
    [property: Id(5)] string? Detail,
    [property: Id(6)] string? Level);

[GenerateSerializer, Immutable, Alias("citytwin.DrillTimelinePage")]
public sealed record DrillTimelinePage(
    [property: Id(0)] DrillStatus Status,
    [property: Id(1)] IReadOnlyList<DrillTimelineEntry> Entries);

[GenerateSerializer, Immutable, Alias("citytwin.DrillReportDocuments")]
public sealed record DrillReportDocuments(
    [property: Id(0)] string ReportJson,
    [property: Id(1)] string ZonesGeoJson);
