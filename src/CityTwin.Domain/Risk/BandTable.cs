namespace CityTwin.Domain.Risk;

/// <summary>One row of a band table: a value at or above <see cref="MinInclusive"/> falls in this band.</summary>
public sealed record Band<T>(double MinInclusive, T Value);

/// <summary>
/// A lower-inclusive band table read top to bottom: the first band whose lower bound the value reaches wins,
/// otherwise <see cref="Below"/>. Used for every threshold table of DOMAIN.md (GB 18218 Tables 5–6, LEC, L×S,
/// the diagnostic bands, park grades), so that a province's own table is a configuration change.
/// </summary>
public sealed record BandTable<T>(IReadOnlyList<Band<T>> Bands, T Below)
{
    public T Classify(double value)
    {
        foreach (var band in Bands)
            if (value >= band.MinInclusive) return band.Value;
        return Below;
    }
}
