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
}
