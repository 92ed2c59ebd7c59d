namespace CityTwin.Domain.Drills.Dispersion;

/// <summary>Continuous release: Gaussian plume with ground reflection (DOMAIN.md §7.2). Q kg/s, u m/s, C kg/m³.</summary>
public static class GaussianPlume
{
    public static double Concentration(double q, double u, double sigmaY, double sigmaZ, double y, double z, double releaseHeightM) =>
        q / (2 * Math.PI * u * sigmaY * sigmaZ)
        * Math.Exp(-y * y / (2 * sigmaY * sigmaY))
        * Reflection(sigmaZ, z, releaseHeightM);

    /// <summary>Ground-level centreline; for a ground release C = Q/(π u σy σz).</summary>
    public static double GroundCentreline(double q, double u, double sigmaY, double sigmaZ, double releaseHeightM = 0) =>
        Concentration(q, u, sigmaY, sigmaZ, 0, 0, releaseHeightM);

    /// <summary>exp(−(z−H)²/2σz²) + exp(−(z+H)²/2σz²): the image source for a reflecting ground.</summary>
    internal static double Reflection(double sigmaZ, double z, double h) =>
        Math.Exp(-(z - h) * (z - h) / (2 * sigmaZ * sigmaZ)) + Math.Exp(-(z + h) * (z + h) / (2 * sigmaZ * sigmaZ));

    /// <summary>Threat-zone half-width where the ground centreline exceeds the level: y = σy·√(2 ln(C/LOC)), else 0.</summary>
    public static double HalfWidth(double sigmaY, double centreline, double levelKgM3) =>
        centreline > levelKgM3 ? sigmaY * Math.Sqrt(2 * Math.Log(centreline / levelKgM3)) : 0;
}
