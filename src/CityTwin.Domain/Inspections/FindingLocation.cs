namespace CityTwin.Domain.Inspections;

/// <summary>具体部位或者场所: the place in words, and a WGS84 point when known.</summary>
public sealed record FindingLocation(string Text, double? Longitude = null, double? Latitude = null);
