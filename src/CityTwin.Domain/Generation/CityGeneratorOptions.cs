namespace CityTwin.Domain.Generation;

/// <summary>
/// How big a city to generate. The defaults give the sample city: about 600 monitored enterprises, of which
/// 88 major-hazard chemical enterprises and 158 coal mines (the seeds' Ordos figures). Larger cities keep
/// those shares unless told otherwise.
/// </summary>
public sealed record CityGeneratorOptions
{
    public int Seed { get; init; } = 2026;
    public int Enterprises { get; init; } = 600;
    /// <summary>Major-hazard chemical enterprises; null = 88/600 of <see cref="Enterprises"/>.</summary>
    public int? MajorHazardEnterprises { get; init; }
    /// <summary>Coal mines; null = 158/600 of <see cref="Enterprises"/>.</summary>
    public int? CoalMines { get; init; }
    /// <summary>Total hazard sources, spread over the enterprises that have them; null = what each needs.</summary>
    public int? HazardSources { get; init; }
    /// <summary>Sensors on every hazard source; null = what each installation type carries.</summary>
    public int? SensorsPerSource { get; init; }
}
