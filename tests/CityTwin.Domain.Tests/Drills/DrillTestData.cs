using CityTwin.Domain.Drills.Geo;
using CityTwin.Domain.Registry;
using CityTwin.Domain.Units;
using NetTopologySuite.Geometries;

namespace CityTwin.Domain.Tests.Drills;

/// <summary>Units placed by metres east/north of a fixed incident point.</summary>
internal static class DrillTestData
{
    public static readonly Point Incident = GeoMath.Point(109.95, 39.80);

    public static Point At(double eastM, double northM = 0) => BundleJson.Geometry.CreatePoint(GeoMath.ToWgs84(Incident, eastM, northM));

    public static Unit Team(string code, string district, double eastM, double northM, string[] capabilities, int headcount = 30,
        int equipment = 3, TeamStatus status = TeamStatus.Available) => new()
    {
        Code = code, Kind = UnitKind.RescueTeam, Name = code, Parent = district, Path = $"150600/{district}/{code}",
        Geometry = At(eastM, northM), People = headcount,
        RescueTeam = new RescueTeamProfile { Capabilities = capabilities, Headcount = headcount, Equipment = [new("vehicle", equipment)], Status = status },
    };

    public static Unit Enterprise(string code, double eastM, double northM, int people) => new()
    {
        Code = code, Kind = UnitKind.Enterprise, Name = code, Parent = "town", Geometry = At(eastM, northM), People = people,
    };

    public static Unit HazardSource(string code, string parent, double eastM, double northM, int people = 5, bool pressurised = false,
        string type = "tank-farm") => new()
    {
        Code = code, Kind = UnitKind.HazardSource, Name = code, Parent = parent, Geometry = At(eastM, northM), People = people,
        HazardSource = new HazardSourceProfile { Type = type, Pressurised = pressurised },
    };

    /// <summary>A square region of side 2·halfM centred at the offset.</summary>
    public static Unit Region(string code, UnitKind kind, double eastM, double northM, double halfM, int people)
    {
        Coordinate C(double e, double n) => GeoMath.ToWgs84(Incident, e, n);
        var ring = new[] { C(eastM - halfM, northM - halfM), C(eastM + halfM, northM - halfM), C(eastM + halfM, northM + halfM), C(eastM - halfM, northM + halfM), C(eastM - halfM, northM - halfM) };
        return new Unit { Code = code, Kind = kind, Name = code, Parent = "d1", Geometry = BundleJson.Geometry.CreatePolygon(ring), People = people };
    }
}
