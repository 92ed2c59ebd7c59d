namespace CityTwin.Domain.Units;

/// <summary>A rescue team's readiness: what it can do, with how many people and what equipment.</summary>
public sealed record RescueTeamProfile
{
    public IReadOnlyList<string> Capabilities { get; init; } = [];
    public int Headcount { get; init; }
    public IReadOnlyList<EquipmentItem> Equipment { get; init; } = [];
    public TeamStatus Status { get; init; } = TeamStatus.Available;
}

public sealed record EquipmentItem(string Name, int Count);

public enum TeamStatus { Available, Assigned, Unavailable }

/// <summary>Capabilities a team can declare (DOMAIN.md §8.1).</summary>
public static class Capabilities
{
    public const string Hazmat = "hazmat";
    public const string Fire = "fire";
    public const string MineRescue = "mine-rescue";
    public const string Medical = "medical";
    public const string SearchRescue = "search-rescue";
    public const string Police = "police";
    public const string Environmental = "environmental";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        Hazmat, Fire, MineRescue, Medical, SearchRescue, Police, Environmental,
    };
}
