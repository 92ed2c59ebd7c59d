namespace CityTwin.Domain.Drills.Geo;

/// <summary>
/// The inverse problems of §10's implementation notes (distance to a concentration, flux or overpressure) are
/// monotone: solve by bisection on ln x to a relative tolerance. Deterministic and derivative-free.
/// </summary>
public static class LnBisection
{
    /// <summary>
    /// The x in [lo, hi] where a decreasing <paramref name="f"/> crosses <paramref name="target"/>. Returns lo when
    /// f(lo) ≤ target (never reached) and hi when f(hi) ≥ target (reached beyond the bracket): callers check first.
    /// </summary>
    public static double SolveDecreasing(Func<double, double> f, double target, double lo, double hi, double relativeTolerance)
    {
        if (f(lo) <= target) return lo;
        if (f(hi) >= target) return hi;
        double a = Math.Log(lo), b = Math.Log(hi);
        // Halve the ln-bracket until its width (a relative width in x) is below the tolerance.
        while (b - a > relativeTolerance)
        {
            var m = 0.5 * (a + b);
            if (f(Math.Exp(m)) > target) a = m; else b = m;
        }
        return Math.Exp(0.5 * (a + b));
    }
}
