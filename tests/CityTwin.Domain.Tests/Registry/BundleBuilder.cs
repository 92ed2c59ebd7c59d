using System.Text;

namespace CityTwin.Domain.Tests.Registry;

/// <summary>Small hand-written bundles for validation tests: a city, one district, a town, an enterprise, a hazard source.</summary>
internal static class BundleBuilder
{
    public const string ValidDetails = """
        { "format": "citytwin-details/1", "units": {
          "ent-150602-0001": { "lec": { "l": 3, "e": 6, "c": 15 } },
          "hs-150602-0001-1": { "type": "tank-farm", "peopleWithin500m": 120,
            "inventory": [ { "chemical": "chlorine", "quantityT": 20 }, { "chemical": "ammonia", "quantityT": 30 } ],
            "sensors": [ { "code": "hs-150602-0001-1.AT-01", "kind": "toxic-gas", "unit": "mg/m3", "rangeMin": 0, "rangeMax": 20,
                           "setPoints": { "high": 1, "highHigh": 2 } } ],
            "responsible": { "principal": "王伟", "technical": "李敏", "operational": "张军" } }
        } }
        """;

    public static string Feature(string code, string kind, string? parent, string geometry = """{ "type": "Point", "coordinates": [109.95, 39.80] }""", string extra = "") =>
        $$"""{ "type": "Feature", "geometry": {{geometry}}, "properties": { "code": "{{code}}", "kind": "{{kind}}", "name": "{{code}} name"{{(parent is null ? "" : $", \"parent\": \"{parent}\"")}}{{extra}} } }""";

    public static readonly string[] ValidFeatures =
    [
        Feature("150600", "city", null, """{ "type": "Polygon", "coordinates": [[[106.7, 37.6], [111.5, 37.6], [111.5, 40.9], [106.7, 40.9], [106.7, 37.6]]] }"""),
        Feature("150602", "district", "150600", """{ "type": "Polygon", "coordinates": [[[109.8, 39.7], [110.2, 39.7], [110.2, 40.0], [109.8, 40.0], [109.8, 39.7]]] }"""),
        Feature("150602001", "town", "150602", extra: """, "townType": "street" """),
        Feature("ent-150602-0001", "enterprise", "150602001", extra: """, "sector": "hazchem", "department": "emergency" """),
        Feature("hs-150602-0001-1", "hazard-source", "ent-150602-0001"),
    ];

    public static IEnumerable<CityTwin.Domain.Registry.BundleFile> Files(IEnumerable<string> features, string details = ValidDetails) =>
    [
        new("units.geojson", Encoding.UTF8.GetBytes($$"""{ "type": "FeatureCollection", "features": [ {{string.Join(",\n", features)}} ] }""")),
        new("details.json", Encoding.UTF8.GetBytes(details)),
    ];
}
