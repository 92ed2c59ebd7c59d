using Xunit;

namespace CityTwin.Domain.Tests.Drills;

internal static class DrillAssert
{
    /// <summary>|actual − expected| ≤ tolerance·|expected| (DOMAIN.md §10 tolerances are relative).</summary>
    public static void Relative(double expected, double actual, double tolerance)
    {
        var error = Math.Abs(actual - expected) / Math.Abs(expected);
        Assert.True(error <= tolerance, $"expected {expected} ± {tolerance:P2}, got {actual} (off by {error:P3})");
    }
}
