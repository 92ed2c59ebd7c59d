namespace CityTwin.Abstractions.Records;

/// <summary>Whether an exception, or one it wraps, is the storage driver's (ADO.NET / Npgsql): storage did not answer.</summary>
public static class StorageFailures
{
    public static Exception? Find(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            if (x is System.Data.Common.DbException || x.GetType().FullName?.StartsWith("Npgsql.", StringComparison.Ordinal) == true) return x;
            if (x is AggregateException { InnerExceptions.Count: > 0 } many && many.InnerExceptions.Select(Find).FirstOrDefault(f => f is not null) is { } inner) return inner;
        }
        return null;
    }
}
