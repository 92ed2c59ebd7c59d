namespace CityTwin.Abstractions.Records;

/// <summary>
/// Whether an exception, or one it wraps, says storage did not answer: the driver's own (ADO.NET / Npgsql), or the
/// <see cref="StorageUnavailableException"/> CityTwin raises in its place (which Orleans wraps in its own).
/// </summary>
public static class StorageFailures
{
    public static Exception? Find(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            if (x is StorageUnavailableException or System.Data.Common.DbException || x.GetType().FullName?.StartsWith("Npgsql.", StringComparison.Ordinal) == true) return x;
            if (x is AggregateException { InnerExceptions.Count: > 0 } many && many.InnerExceptions.Select(Find).FirstOrDefault(f => f is not null) is { } inner) return inner;
        }
        return null;
    }

    /// <summary>The one message of a storage failure found by <see cref="Find"/>.</summary>
    public static string Describe(Exception failure) =>
        failure is StorageUnavailableException ? failure.Message : $"storage (PostgreSQL) is unavailable ({failure.GetType().Name}: {failure.Message})";
}
