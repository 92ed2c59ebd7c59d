namespace CityTwin.Grains.Live;

/// <summary>
/// The last few accepted readings of each sensor of a hazard source (for the history query and drills), in ring
/// buffers allocated on a sensor's first reading so that silent sensors cost nothing.
/// </summary>
internal sealed class SensorWindows(int sensors, int capacity)
{
    private readonly long[]?[] _times = new long[]?[sensors];
    private readonly double[]?[] _values = new double[]?[sensors];
    private readonly int[] _count = new int[sensors];

    public int Capacity => capacity;

    /// <summary>Whether a reading arrived since the last <see cref="Checkpointed"/>.</summary>
    public bool Dirty { get; private set; }

    public void Checkpointed() => Dirty = false;

    public void Add(int sensor, long eventTimeMs, double value)
    {
        if (capacity <= 0) return;
        var times = _times[sensor] ??= new long[capacity];
        var values = _values[sensor] ??= new double[capacity];
        var slot = _count[sensor] % capacity;
        times[slot] = eventTimeMs;
        values[slot] = value;
        _count[sensor]++;
        Dirty = true;
    }

    /// <summary>Puts back a checkpointed window (oldest first) before any new reading.</summary>
    public void Restore(int sensor, long[] times, double[] values)
    {
        for (var i = Math.Max(0, times.Length - capacity); i < Math.Min(times.Length, values.Length); i++) Add(sensor, times[i], values[i]);
        Dirty = false;
    }

    /// <summary>The sensor's window, oldest first.</summary>
    public IReadOnlyList<(long TimeMs, double Value)> Of(int sensor)
    {
        if (_times[sensor] is not { } times || _values[sensor] is not { } values) return [];
        var n = Math.Min(_count[sensor], capacity);
        var first = _count[sensor] - n;
        var window = new (long, double)[n];
        for (var k = 0; k < n; k++) window[k] = (times[(first + k) % capacity], values[(first + k) % capacity]);
        return window;
    }
}
