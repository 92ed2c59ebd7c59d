namespace CityTwin.Abstractions.Drills;

/// <summary>
/// The list of drills (one grain, key <see cref="Key"/>): each drill grain reports its status here after it starts and
/// after every step, and leaves when deleted, so a planner can list drills without knowing their ids.
/// </summary>
[Alias("citytwin.IDrillCatalogGrain")]
public interface IDrillCatalogGrain : IGrainWithStringKey
{
    public const string Key = "drills";

    Task RecordAsync(DrillStatus status);

    Task ForgetAsync(string drillId);

    /// <summary>Every drill, newest start first (then by id).</summary>
    [AlwaysInterleave]
    Task<IReadOnlyList<DrillStatus>> ListAsync();
}
