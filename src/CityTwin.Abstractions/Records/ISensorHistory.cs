using CityTwin.Domain.History;

namespace CityTwin.Abstractions.Records;

/// <summary>
/// The monitoring history: the points the historian kept of each sensor (docs/history.md). Points are written
/// behind (ingestion never waits); queries return them in time order.
/// </summary>
public interface ISensorHistory
{
    void Write(string world, string sensor, long timeMs, double value);

    /// <summary>Stores everything written so far.</summary>
    Task FlushAsync(CancellationToken ct = default);

    /// <summary>
    /// The stored points of a sensor in [from, to), preceded by the last point before <paramref name="from"/> (the
    /// value held when the range begins), in time order; at most <paramref name="limit"/> points in the range.
    /// </summary>
    Task<IReadOnlyList<HistoryPoint>> PointsAsync(string world, string sensor, DateTimeOffset from, DateTimeOffset to, int limit, CancellationToken ct = default);
}
