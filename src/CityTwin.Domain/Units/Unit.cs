using NetTopologySuite.Geometries;

namespace CityTwin.Domain.Units;

/// <summary>
/// A unit of the city as the registry knows it: identity, place in the hierarchy, geometry (WGS84), people,
/// and the profile that belongs to its kind. Immutable; the registry replaces it whole.
/// </summary>
public sealed record Unit
{
    public required string Code { get; init; }
    public required UnitKind Kind { get; init; }
    public required string Name { get; init; }

    /// <summary>The parent's code; null only for the city.</summary>
    public string? Parent { get; init; }

    /// <summary>Materialised path of codes from the city down to this unit, set by the registry.</summary>
    public string Path { get; init; } = "";

    /// <summary>WGS84 (SRID 4326) point or polygon.</summary>
    public required Geometry Geometry { get; init; }

    /// <summary>People on site (enterprises, hazard sources, teams) or resident population (regions).</summary>
    public int People { get; init; }

    public TownProfile? Town { get; init; }
    public ParkProfile? Park { get; init; }
    public EnterpriseProfile? Enterprise { get; init; }
    public HazardSourceProfile? HazardSource { get; init; }
    public RescueTeamProfile? RescueTeam { get; init; }
}

public enum TownType { Town, Street, Sumu }

public sealed record TownProfile(TownType Type);

public enum ParkType { Industrial, Chemical }

/// <summary>A park and, for chemical parks, its safety-risk assessment score (0–100, DOMAIN.md §5).</summary>
public sealed record ParkProfile(ParkType Type, double? AssessmentScore);
