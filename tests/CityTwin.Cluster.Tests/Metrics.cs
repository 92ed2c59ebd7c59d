using System.Globalization;

namespace CityTwin.Cluster.Tests;

/// <summary>Reads samples out of Prometheus text exposition.</summary>
public static class Metrics
{
    /// <summary>The sum of the samples of <paramref name="name"/> whose labels contain <paramref name="label"/>; 0 if none.</summary>
    public static long Value(string text, string name, string label = "")
    {
        double sum = 0;
        foreach (var line in text.Split('\n'))
        {
            if (!line.StartsWith(name, StringComparison.Ordinal) || line.Length <= name.Length || line[name.Length] is not ('{' or ' ')) continue;
            var labels = line[name.Length] == '{' ? line[(name.Length + 1)..line.IndexOf('}', StringComparison.Ordinal)] : "";
            if (label.Length > 0 && !labels.Contains(label, StringComparison.Ordinal)) continue;
            var value = line[(line.LastIndexOf('}') + 1)..].Trim().Split(' ')[0];
            sum += double.Parse(value, CultureInfo.InvariantCulture);
        }
        return (long)sum;
    }
}
