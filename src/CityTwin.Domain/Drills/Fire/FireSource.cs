using CityTwin.Domain.Chemicals;
using CityTwin.Domain.Drills.Impact;

namespace CityTwin.Domain.Drills.Fire;

/// <summary>Which flux thresholds draw the fire zones.</summary>
public enum FireLevels
{
    /// <summary>[DESIGN] Chinese practice: 37.5 / 12.5 / 4.0 kW/m².</summary>
    Chinese,
    /// <summary>ALOHA thermal LOCs (60 s): 10 / 5 / 2 kW/m².</summary>
    Aloha,
}

/// <summary>A pool fire: diameter (m), burning rate m'' (kg/m²·s), ΔHc (kJ/kg); η and τ default from settings.</summary>
public sealed record PoolFire(double DiameterM, double BurningRateKgM2S, double HeatOfCombustionKjKg, double? RadiativeFraction = null, double? Transmissivity = null)
{
    /// <summary>m'' and ΔHc from the chemical catalog.</summary>
    public static PoolFire Of(Chemical chemical, double diameterM) => new(
        diameterM,
        chemical.BurningRateKgPerM2S ?? throw new InvalidOperationException($"chemical '{chemical.Id}' has no burning rate"),
        chemical.HeatOfCombustionKjPerKg ?? throw new InvalidOperationException($"chemical '{chemical.Id}' has no heat of combustion"));

    public double HeatReleaseKw => PointSourceFire.PoolHeatReleaseKw(BurningRateKgM2S, DiameterM, HeatOfCombustionKjKg);
}

/// <summary>A jet fire: mass rate (kg/s) and ΔHc (kJ/kg); the source point is at mid-flame.</summary>
public sealed record JetFire(double MassRateKgS, double HeatOfCombustionKjKg, double? RadiativeFraction = null, double? Transmissivity = null)
{
    public static JetFire Of(Chemical chemical, double massRateKgS) => new(
        massRateKgS, chemical.HeatOfCombustionKjPerKg ?? throw new InvalidOperationException($"chemical '{chemical.Id}' has no heat of combustion"));

    public double HeatReleaseKw => PointSourceFire.JetHeatReleaseKw(MassRateKgS, HeatOfCombustionKjKg);
}

/// <summary>Point-source flux as a radial load, for domino checks.</summary>
public sealed record PointSourceLoad(double HeatReleaseKw, double RadiativeFraction, double Transmissivity) : IRadialLoad
{
    public LoadKind Kind => LoadKind.Heat;

    public double At(double distanceM) =>
        PointSourceFire.FluxKwM2(HeatReleaseKw, RadiativeFraction, Transmissivity, Math.Max(distanceM, 1e-3));
}
