namespace CityTwin.Domain.Drills.Dispersion;

/// <summary>Ideal-gas conversions of DOMAIN.md §7.1 (RC9).</summary>
public static class GasProperties
{
    public const double ZeroCelsiusK = 273.15;
    public const double MolarVolumeStpLPerMol = 22.414;
    public const double StandardPressureKPa = 101.325;
    public const double GasConstant = 8.314462618;

    /// <summary>Vm = 22.414·(T/273.15)·(101.325/P) L/mol; 24.465 at 25 °C.</summary>
    public static double MolarVolumeLPerMol(double temperatureC, double pressureKPa = StandardPressureKPa) =>
        MolarVolumeStpLPerMol * ((temperatureC + ZeroCelsiusK) / ZeroCelsiusK) * (StandardPressureKPa / pressureKPa);

    /// <summary>C[mg/m³] = ppm·MW/Vm.</summary>
    public static double PpmToMgM3(double ppm, double molarMass, double temperatureC, double pressureKPa = StandardPressureKPa) =>
        ppm * molarMass / MolarVolumeLPerMol(temperatureC, pressureKPa);

    public static double MgM3ToPpm(double mgM3, double molarMass, double temperatureC, double pressureKPa = StandardPressureKPa) =>
        mgM3 * MolarVolumeLPerMol(temperatureC, pressureKPa) / molarMass;

    /// <summary>Dispersion code works in kg/m³; thresholds are stored in ppm.</summary>
    public static double PpmToKgM3(double ppm, double molarMass, double temperatureC, double pressureKPa = StandardPressureKPa) =>
        PpmToMgM3(ppm, molarMass, temperatureC, pressureKPa) * 1e-6;

    public static double KgM3ToPpm(double kgM3, double molarMass, double temperatureC, double pressureKPa = StandardPressureKPa) =>
        MgM3ToPpm(kgM3 * 1e6, molarMass, temperatureC, pressureKPa);

    /// <summary>ρ = P·MW/(R·T), kg/m³ (MW in g/mol, P in kPa).</summary>
    public static double DensityKgM3(double molarMass, double temperatureC, double pressureKPa = StandardPressureKPa) =>
        pressureKPa * molarMass / (GasConstant * (temperatureC + ZeroCelsiusK));
}
