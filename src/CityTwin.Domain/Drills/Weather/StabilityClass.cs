namespace CityTwin.Domain.Drills.Weather;

/// <summary>Pasquill–Gifford stability: A very unstable … D neutral … F moderately stable.</summary>
public enum StabilityClass { A, B, C, D, E, F }

/// <summary>Rural or urban dispersion coefficients and wind profile (Briggs, Irwin).</summary>
public enum Terrain { Rural, Urban }
