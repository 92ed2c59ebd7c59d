namespace CityTwin.Grains;

public static class StorageNames
{
    /// <summary>The grain storage provider every CityTwin grain persists to (memory or PostgreSQL).</summary>
    public const string Default = "citytwin";
}
