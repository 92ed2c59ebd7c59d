namespace CityTwin.EndToEnd.Tests.Inspections;

/// <summary>
/// A quiet city: one banner, one park, one enterprise without hazard sources, so every level starts blue and
/// whatever colour it ends in comes from the closed loops alone.
/// </summary>
public static class QuietCity
{
    public const string City = "150600";
    public const string Banner = "150622";
    public const string Park = "park-150622-01";
    public const string Enterprise = "ent-quiet-0001";

    /// <summary>Writes the bundle into a fresh temporary directory and returns it; the caller deletes it.</summary>
    public static string Create()
    {
        var dir = Directory.CreateTempSubdirectory("citytwin-quiet-").FullName;
        File.WriteAllText(Path.Combine(dir, "units.geojson"), """
            {"type":"FeatureCollection","features":[
            {"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[109.0,39.0],[111.0,39.0],[111.0,41.0],[109.0,41.0],[109.0,39.0]]]},"properties":{"code":"150600","kind":"city","name":"静市","people":100000}},
            {"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[109.5,39.5],[110.5,39.5],[110.5,40.5],[109.5,40.5],[109.5,39.5]]]},"properties":{"code":"150622","kind":"district","name":"静旗","parent":"150600","people":50000}},
            {"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[109.8,39.8],[110.2,39.8],[110.2,40.2],[109.8,40.2],[109.8,39.8]]]},"properties":{"code":"park-150622-01","kind":"park","name":"静园","parent":"150622","people":2000,"parkType":"industrial"}},
            {"type":"Feature","geometry":{"type":"Point","coordinates":[110.0,40.0]},"properties":{"code":"ent-quiet-0001","kind":"enterprise","name":"静化工有限公司","parent":"park-150622-01","people":120,"sector":"hazchem","department":"emergency"}}
            ]}
            """);
        return dir;
    }
}
