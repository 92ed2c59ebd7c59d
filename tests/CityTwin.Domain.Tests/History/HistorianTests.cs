using CityTwin.Domain.History;
using Xunit;

namespace CityTwin.Domain.Tests.History;

public class HistorianTests
{
    /// <summary>Generated series with a fixed seed: a slow drift with noise, steps, and a spike, at 1 Hz for a day.</summary>
    private static IReadOnlyList<HistoryPoint> Series(int seed, int count)
    {
        var random = new Random(seed);
        var points = new List<HistoryPoint>(count);
        double level = 20;
        for (var i = 0; i < count; i++)
        {
            level += (random.NextDouble() - 0.5) * 0.2;
            if (random.Next(5_000) == 0) level += random.Next(2) == 0 ? 15 : -15;
            var value = level + (random.NextDouble() - 0.5) * 0.3 + (i % 20_000 == 10_000 ? 40 : 0);
            points.Add(new HistoryPoint(1_700_000_000_000 + i * 1_000L, value));
        }
        return points;
    }

    [Theory]
    [InlineData(1, 0.5)]
    [InlineData(2, 0.25)]
    [InlineData(3, 1.0)]
    public void Every_reading_is_reconstructed_within_the_deadband_and_the_stored_ratio_is_reported(int seed, double deadband)
    {
        var series = Series(seed, 86_400);
        var state = new HistorianState();
        var stored = series.Where(p => Historian.ShouldStore(ref state, p.TimeMs, p.Value, deadband, maxIntervalMs: 600_000)).ToList();

        var worst = series.Max(p => Math.Abs(p.Value - Historian.ValueAt(stored, p.TimeMs)!.Value));
        Assert.True(worst <= deadband, $"worst error {worst} > deadband {deadband}");
        var ratio = (double)stored.Count / series.Count;
        TestContext.Current.TestOutputHelper?.WriteLine($"seed {seed}, deadband {deadband}: stored {stored.Count} of {series.Count} ({ratio:P1}), worst error {worst:0.###}");
        Assert.True(ratio < 0.5, $"compression stored {ratio:P1}");
        // The maximum interval: never more than 10 minutes without a stored point.
        Assert.All(stored.Zip(stored.Skip(1)), p => Assert.True(p.Second.TimeMs - p.First.TimeMs <= 600_000));
    }

    [Fact]
    public void Older_and_non_finite_readings_are_never_stored()
    {
        var state = new HistorianState();
        Assert.True(Historian.ShouldStore(ref state, 10_000, 1, 0.5, 60_000));
        Assert.False(Historian.ShouldStore(ref state, 9_000, 50, 0.5, 60_000));
        Assert.False(Historian.ShouldStore(ref state, 11_000, double.NaN, 0.5, 60_000));
        Assert.False(Historian.ShouldStore(ref state, 12_000, 1.4, 0.5, 60_000));
        Assert.True(Historian.ShouldStore(ref state, 13_000, 1.6, 0.5, 60_000));
        Assert.True(Historian.ShouldStore(ref state, 73_000, 1.6, 0.5, 60_000));
    }

    [Fact]
    public void Buckets_give_min_max_time_weighted_mean_and_last_of_the_held_series()
    {
        // 10 until t=30 s, 20 until t=45 s, then 0.
        HistoryPoint[] points = [new(0, 10), new(30_000, 20), new(45_000, 0)];
        var buckets = Historian.Downsample(points, 0, 120_000, 60_000);

        Assert.Equal(2, buckets.Count);
        Assert.Equal((0L, 0.0, 20.0, (10 * 30 + 20 * 15 + 0 * 15) / 60.0, 0.0, 2), (buckets[0].StartMs, buckets[0].Min, buckets[0].Max, buckets[0].Mean, buckets[0].Last, buckets[0].StoredPoints));
        Assert.Equal((60_000L, 0.0, 0.0, 0.0, 0.0, 0), (buckets[1].StartMs, buckets[1].Min, buckets[1].Max, buckets[1].Mean, buckets[1].Last, buckets[1].StoredPoints));
        // A point on a bucket's start belongs to that bucket only; a range starting after a point holds its value.
        var later = Historian.Downsample(points, 30_000, 60_000, 15_000);
        Assert.Equal([(20.0, 20.0), (0.0, 0.0)], later.Select(b => (b.Min, b.Max)));
        Assert.Empty(Historian.Downsample(points, -60_000, 0, 60_000));
    }
}
