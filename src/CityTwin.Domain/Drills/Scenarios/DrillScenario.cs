using CityTwin.Domain.Drills.Dispersion;
using CityTwin.Domain.Drills.Explosion;
using CityTwin.Domain.Drills.Weather;

namespace CityTwin.Domain.Drills.Scenarios;

/// <summary>The initiating event families a scenario may name (docs/drills.md).</summary>
public enum EventType { ToxicContinuous, ToxicInstantaneous, PoolFire, JetFire, Bleve, VapourCloudExplosion }

/// <summary>
/// A drill scenario as read from its file: where and what is released, the weather, the simulated start, the
/// scripted injects and the objectives. Times on the timeline are minutes after the release (t0).
/// </summary>
public sealed record DrillScenario
{
    public required string Name { get; init; }
    public string Description { get; init; } = "";
    /// <summary>Seed for everything random in the run (team travel variation); same seed, same report.</summary>
    public int Seed { get; init; }
    /// <summary>Simulated wall time of the release (t0).</summary>
    public required DateTimeOffset Start { get; init; }
    public double DurationMin { get; init; } = 60;
    public double StepSeconds { get; init; } = 60;
    public required InitiatingEvent Event { get; init; }
    public required ScenarioWeather Weather { get; init; }
    public ResponseSettings Response { get; init; } = new();
    public IReadOnlyList<Inject> Injects { get; init; } = [];
    public IReadOnlyList<Objective> Objectives { get; init; } = [];
}

/// <summary>
/// A release at a hazard source: material (chemical catalog id); amount (kg: the toxic mass, fireball or cloud
/// fuel), or rate (kg/s: continuous toxic or jet fire); duration (min) for continuous releases; pool diameter for
/// pool fires; release height; for a vapour-cloud explosion, the blast method and its yield (null: the settings' default
/// for that method, <see cref="ExplosionSettings.Yield"/> or <see cref="ExplosionSettings.ChineseYield"/>).
/// </summary>
public sealed record InitiatingEvent
{
    public required EventType Type { get; init; }
    public required string HazardSource { get; init; }
    public required string Material { get; init; }
    public double? AmountKg { get; init; }
    public double? RateKgS { get; init; }
    public double? DurationMin { get; init; }
    public double HeightM { get; init; }
    public double? PoolDiameterM { get; init; }
    public EndpointSet Endpoints { get; init; } = EndpointSet.Aegl60;
    public BlastMethod BlastMethod { get; init; } = BlastMethod.Swisdak;
    public double? Yield { get; init; }

    public bool IsToxic => Type is EventType.ToxicContinuous or EventType.ToxicInstantaneous;

    /// <summary>The released mass (kg): the amount, or rate × duration.</summary>
    public double MassKg => AmountKg ?? (RateKgS ?? 0) * (DurationMin ?? 0) * 60;
}

/// <summary>Wind at 10 m and where it blows from; the stability class, or the sky to derive it (Pasquill).</summary>
public sealed record ScenarioWeather
{
    public required double WindSpeedMs { get; init; }
    public required double WindFromDeg { get; init; }
    public StabilityClass? Stability { get; init; }
    public SkyCondition? Sky { get; init; }
    public Terrain Terrain { get; init; } = Terrain.Rural;
    public double? TemperatureC { get; init; }

    public WeatherConditions Resolve(WeatherSettings settings) => Stability is { } s
        ? new WeatherConditions(WindSpeedMs, WindFromDeg, s, Terrain, TemperatureC)
        : WeatherConditions.FromSky(WindSpeedMs, WindFromDeg, Sky ?? SkyCondition.Overcast, settings, Terrain, TemperatureC).Weather;
}

/// <summary>
/// [DESIGN] How the response unfolds around the real alarms: an emergency call (fires and blasts are reported by
/// phone), the delay from awareness to activating the plan, evacuation rate per unit, team travel variation
/// (actual = planned ETA × (1 ± variation), seeded), time from the needed teams on scene to control, rural norms,
/// expected serious casualties.
/// </summary>
public sealed record ResponseSettings
{
    public double? CallAtMin { get; init; }
    public double ActivationDelayMin { get; init; } = 2;
    public double EvacuationRatePerMin { get; init; } = 20;
    public double TravelVariation { get; init; } = 0.1;
    public double ControlAfterMin { get; init; } = 20;
    public bool Rural { get; init; }
    public int ExpectedSeriousCasualties { get; init; }
}

public enum InjectType { SensorReadings, TeamUnavailable, SecondRelease, WeatherChange }

/// <summary>A scripted event at <see cref="AtMin"/>; the fields used depend on its type.</summary>
public sealed record Inject
{
    public required double AtMin { get; init; }
    public required InjectType Type { get; init; }
    public string? HazardSource { get; init; }
    public IReadOnlyList<InjectReading> Readings { get; init; } = [];
    public string? Team { get; init; }
    public string? Reason { get; init; }
    public InitiatingEvent? Event { get; init; }
    public ScenarioWeather? Weather { get; init; }
}

public sealed record InjectReading(string Sensor, double Value, bool Fault = false);

/// <summary>A target for a KPI: met when the KPI happened within <see cref="WithinMin"/> of the release.</summary>
public sealed record Objective(string Kpi, double WithinMin, string Text);
