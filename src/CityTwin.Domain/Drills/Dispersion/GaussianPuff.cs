namespace CityTwin.Domain.Drills.Dispersion;

/// <summary>Instantaneous release: Gaussian puff with ground reflection (DOMAIN.md §7.2). M kg, C kg/m³.</summary>
public static class GaussianPuff
{
    private static readonly double TwoPiToThreeHalves = Math.Pow(2 * Math.PI, 1.5);

    /// <summary>C(x, y, z, t) for a puff whose centre has travelled u·t.</summary>
    public static double Concentration(double m, double u, double t, double sigmaX, double sigmaY, double sigmaZ,
        double x, double y, double z, double releaseHeightM)
    {
        var dx = x - u * t;
        return m / (TwoPiToThreeHalves * sigmaX * sigmaY * sigmaZ)
            * Math.Exp(-dx * dx / (2 * sigmaX * sigmaX))
            * Math.Exp(-y * y / (2 * sigmaY * sigmaY))
            * GaussianPlume.Reflection(sigmaZ, z, releaseHeightM);
    }

    /// <summary>Peak ground concentration as the centre passes x (σx = σy); ground release: M/(√(2π)·π·σy²·σz).</summary>
    public static double GroundPeak(double m, double sigmaXY, double sigmaZ, double releaseHeightM = 0) =>
        m / (TwoPiToThreeHalves * sigmaXY * sigmaXY * sigmaZ) * GaussianPlume.Reflection(sigmaZ, 0, releaseHeightM);
}
