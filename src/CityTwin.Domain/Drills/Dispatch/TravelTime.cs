using CityTwin.Domain.Drills.Geo;
using NetTopologySuite.Geometries;

namespace CityTwin.Domain.Drills.Dispatch;

/// <summary>Great-circle and road distance (m) and ETA (min) of one trip.</summary>
public sealed record TravelEstimate(double GreatCircleM, double RoadM, double EtaMin);

/// <summary>
/// [DESIGN] DOMAIN.md §8.3 (RC15): d_road = f·haversine, ETA = turnout + d_road/v. Replace with a road-network
/// service when one exists.
/// </summary>
public static class TravelTime
{
    public static TravelEstimate Estimate(Point from, Point to, CapabilityProfile profile, double roadFactor, double earthRadiusM = GeoMath.DefaultEarthRadiusM)
    {
        var gc = GeoMath.HaversineM(from, to, earthRadiusM);
        var road = roadFactor * gc;
        return new TravelEstimate(gc, road, profile.TurnoutMin + road / 1000 / profile.SpeedKmh * 60);
    }

    /// <summary>The trip of a team acting in <paramref name="capability"/> (its turnout and speed).</summary>
    public static TravelEstimate Estimate(Point from, Point to, string capability, DispatchSettings settings, double earthRadiusM = GeoMath.DefaultEarthRadiusM) =>
        Estimate(from, to, settings.Profile(capability), settings.RoadFactor, earthRadiusM);

    public static CapabilityProfile Profile(this DispatchSettings settings, string capability) =>
        settings.Profiles.TryGetValue(capability, out var p) ? p : settings.FallbackProfile;

    /// <summary>The response norm for a capability (§8.4 step 4), urban or rural.</summary>
    public static double NormMin(this DispatchSettings settings, string capability, bool rural) =>
        rural ? settings.Profile(capability).NormRuralMin : settings.Profile(capability).NormUrbanMin;
}
