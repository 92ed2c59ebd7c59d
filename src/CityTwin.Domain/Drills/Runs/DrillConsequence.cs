using CityTwin.Domain.Drills.Impact;
using CityTwin.Domain.Drills.Scenarios;
using CityTwin.Domain.Drills.Weather;
using CityTwin.Domain.Drills.Zones;

namespace CityTwin.Domain.Drills.Runs;

/// <summary>One modelled consequence on the timeline: its event, the weather it was drawn under, the result and impact; superseded when the weather changes.</summary>
public sealed record DrillConsequence(
    int Number,
    string Label,
    TimeSpan At,
    InitiatingEvent Event,
    WeatherConditions Weather,
    ConsequenceResult Result,
    ImpactReport Impact)
{
    public TimeSpan? SupersededAt { get; set; }

    /// <summary>When the release began (a consequence redrawn after a weather change keeps its release's time).</summary>
    public TimeSpan ReleasedAt { get; init; }

    /// <summary>A toxic release's concentration in place and time (readings from the plume, zones ending); null for fires and blasts.</summary>
    public Dispersion.ToxicExposure? Exposure { get; init; }

    /// <summary>When each zone ended: the cloud passed its far edge after the release stopped.</summary>
    public Dictionary<Risk.RiskLevel, TimeSpan> EndedAt { get; } = [];

    /// <summary>The downwind distance (m) the toxic cloud's tail had passed at the last step it was active; 0 for fires and blasts.</summary>
    public double ClearedM { get; set; }

    /// <summary>Each zone's shrinking while the tail passed (one entry per step in which it passed another quarter of the zone).</summary>
    public Dictionary<Risk.RiskLevel, List<ZoneShrink>> Shrinks { get; } = [];
}
