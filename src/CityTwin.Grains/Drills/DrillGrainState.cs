using CityTwin.Abstractions;
using CityTwin.Abstractions.Drills;

namespace CityTwin.Grains.Drills;

/// <summary>A drill's stored record: its scenario, who started it, its world's units, its timeline and (when done) its report.</summary>
[GenerateSerializer, Alias("citytwin.DrillGrainState")]
public sealed class DrillGrainState
{
    [Id(0)] public string? ScenarioJson { get; set; }
    [Id(1)] public Actor? StartedBy { get; set; }
    [Id(2)] public DateTimeOffset StartedAt { get; set; }
    [Id(3)] public DrillState State { get; set; }
    [Id(4)] public string Name { get; set; } = "";
    [Id(5)] public string Origin { get; set; } = "";
    [Id(6)] public string OriginPath { get; set; } = "";
    [Id(7)] public List<DrillWorldUnitRef> Units { get; set; } = [];
    [Id(8)] public DrillReportDocuments? Report { get; set; }
    [Id(9)] public List<DrillTimelineEntry> Timeline { get; set; } = [];
    [Id(10)] public string? Error { get; set; }
    [Id(11)] public double ElapsedMin { get; set; }
    [Id(12)] public double DurationMin { get; set; }
    [Id(13)] public DateTimeOffset SimulatedNow { get; set; }
    [Id(14)] public Actor? LastSteppedBy { get; set; }
    /// <summary>How many copied hazard sources brought live readings into the drill world at t0.</summary>
    [Id(15)] public int LiveSources { get; set; }
    /// <summary>The past time whose monitoring history the drill started from; null: the live picture at the start.</summary>
    [Id(16)] public DateTimeOffset? AsOf { get; set; }
    /// <summary>How many copied enterprises brought their hidden dangers or daily commitment into the drill world.</summary>
    [Id(17)] public int LiveEnterprises { get; set; }
    /// <summary>How many live alarm acknowledgements were carried onto the drill world's alarms.</summary>
    [Id(18)] public int LiveAcknowledgements { get; set; }
}
