using System.Text.Json;
using NetTopologySuite;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Converters;

namespace CityTwin.Domain.Registry;

/// <summary>Shared JSON settings for the bundle format: GeoJSON geometry in WGS84 (SRID 4326).</summary>
public static class BundleJson
{
    public const string DetailsFormat = "citytwin-details/1";

    public static GeometryFactory Geometry { get; } =
        NtsGeometryServices.Instance.CreateGeometryFactory(new PrecisionModel(), 4326);

    public static JsonSerializerOptions Options { get; } = CreateOptions();

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions { WriteIndented = false };
        options.Converters.Add(new GeoJsonConverterFactory(Geometry));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
