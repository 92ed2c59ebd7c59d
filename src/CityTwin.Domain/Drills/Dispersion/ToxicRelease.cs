namespace CityTwin.Domain.Drills.Dispersion;

public enum ReleaseMode { Continuous, Instantaneous }

/// <summary>
/// A toxic gas release at a hazard source: chemical (catalog id), mass (kg) released over a duration (s; ignored
/// for an instantaneous release), release height (m, 0 = ground) and which levels of concern draw the zones.
/// </summary>
public sealed record ToxicRelease(
    string ChemicalId,
    double MassKg,
    double DurationS,
    ReleaseMode Mode = ReleaseMode.Continuous,
    double HeightM = 0,
    EndpointSet Endpoints = EndpointSet.Aegl60)
{
    /// <summary>Q = M/T (kg/s) for a continuous release.</summary>
    public double RateKgS => Mode == ReleaseMode.Continuous && DurationS > 0 ? MassKg / DurationS : double.PositiveInfinity;
}
