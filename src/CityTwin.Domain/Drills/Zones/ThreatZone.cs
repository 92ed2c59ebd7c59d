using CityTwin.Domain.Risk;
using NetTopologySuite.Geometries;

namespace CityTwin.Domain.Drills.Zones;

/// <summary>
/// One threat zone: its colour (Red/Orange/Yellow), the criterion that draws it ("AEGL-2 60 min", "12.5 kW/m²"),
/// the threshold and its unit, the extent from the source (m, unrounded), the area (m², from the local plane), the
/// WGS84 polygon (null when the level is not reached) and the validity flags that apply to it.
/// </summary>
public sealed record ThreatZone(
    RiskLevel Level,
    string Criterion,
    double Threshold,
    string ThresholdUnit,
    double ExtentM,
    double AreaM2,
    Polygon? Area,
    ValidityFlags Flags)
{
    /// <summary>The extent as a report shows it: "&gt; 10 km" when BEYOND_RANGE, else whole metres.</summary>
    public string ExtentText => ZoneText.Distance(ExtentM, Flags);
}
