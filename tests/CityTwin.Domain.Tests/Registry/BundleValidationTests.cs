using CityTwin.Domain.Registry;
using CityTwin.Domain.Units;
using Xunit;
using static CityTwin.Domain.Tests.Registry.BundleBuilder;

namespace CityTwin.Domain.Tests.Registry;

public class BundleValidationTests
{
    private static ValidationResult Validate(IEnumerable<string> features, string details = ValidDetails) =>
        BundleValidator.Validate(BundleReader.Read(Files(features, details)));

    private static string[] With(int index, string feature)
    {
        var copy = ValidFeatures.ToArray();
        copy[index] = feature;
        return copy;
    }

    [Fact]
    public void A_valid_bundle_resolves_materialised_paths_parents_first()
    {
        var result = Validate(ValidFeatures);

        Assert.True(result.IsValid, string.Join("\n", result.Problems));
        Assert.Equal(["150600", "150602", "150602001", "ent-150602-0001", "hs-150602-0001-1"], result.Units.Select(u => u.Code));
        Assert.Equal("150600/150602/150602001/ent-150602-0001/hs-150602-0001-1", result.Units[^1].Path);
        var hs = result.Units[^1].HazardSource!;
        Assert.Equal(120, hs.PeopleWithin500m);
        Assert.Equal([new InventoryItem("chlorine", 20), new InventoryItem("ammonia", 30)], hs.Inventory);
        Assert.Equal(new SetPoints(null, null, 1, 2), hs.Sensors.Single().SetPoints);
        Assert.Equal(new LecAssessment(3, 6, 15), result.Units[3].Enterprise!.Lec);
        Assert.Equal(TownType.Street, result.Units[2].Town!.Type);
    }

    [Fact]
    public void Unknown_parent_is_named()
    {
        var problem = Assert.Single(Validate(With(3, Feature("ent-150602-0001", "enterprise", "nowhere", extra: """, "sector": "hazchem", "department": "emergency" """))).Problems);
        Assert.Equal(new BundleProblem(ProblemKind.UnknownParent, "ent-150602-0001", "parent", "'nowhere' is not a unit of this bundle"), problem);
    }

    [Fact]
    public void Wrong_parent_kind_is_named()
    {
        var problem = Assert.Single(Validate(With(3, Feature("ent-150602-0001", "enterprise", "150602", extra: """, "sector": "hazchem", "department": "emergency" """))).Problems);
        Assert.Equal(ProblemKind.WrongParentKind, problem.Kind);
        Assert.Equal("ent-150602-0001", problem.Unit);
        Assert.Equal("parent", problem.Field);
    }

    [Fact]
    public void A_cycle_names_every_unit_on_it()
    {
        var features = ValidFeatures.Take(4).Concat(
        [
            Feature("ent-a", "enterprise", "ent-b", extra: """, "sector": "hazchem", "department": "emergency" """),
            Feature("ent-b", "enterprise", "ent-a", extra: """, "sector": "hazchem", "department": "emergency" """),
        ]);
        var problems = Validate(features, """{ "format": "citytwin-details/1", "units": {} }""").Problems;

        Assert.Contains(problems, p => p is { Kind: ProblemKind.Cycle, Unit: "ent-a", Field: "parent" });
        Assert.Contains(problems, p => p is { Kind: ProblemKind.Cycle, Unit: "ent-b", Field: "parent" });
    }

    [Fact]
    public void Duplicate_codes_are_named()
    {
        var problems = Validate(ValidFeatures.Append(ValidFeatures[2])).Problems;
        Assert.Contains(new BundleProblem(ProblemKind.DuplicateCode, "150602001", "code", "is used by more than one unit"), problems);
    }

    [Theory]
    [InlineData("""{ "type": "Point", "coordinates": [190.0, 39.8] }""")]
    [InlineData("""{ "type": "Point", "coordinates": [109.9, -95.0] }""")]
    [InlineData("""{ "type": "Polygon", "coordinates": [[[109, 39], [110, 40], [110, 39], [109, 40], [109, 39]]] }""")]
    [InlineData("""{ "type": "LineString", "coordinates": [[109, 39], [110, 40]] }""")]
    [InlineData("""{ "type": "Point", "coordinates": "east" }""")]
    public void Bad_coordinates_are_named(string geometry)
    {
        var problem = Assert.Single(Validate(With(2, Feature("150602001", "town", "150602", geometry))).Problems, p => p.Kind != ProblemKind.UnknownParent);
        Assert.Equal(ProblemKind.BadCoordinates, problem.Kind);
        Assert.Equal("150602001", problem.Unit);
        Assert.Equal("geometry", problem.Field);
    }

    [Fact]
    public void Unknown_chemical_and_negative_quantity_are_named()
    {
        var details = ValidDetails.Replace("\"chlorine\", \"quantityT\": 20", "\"unobtainium\", \"quantityT\": 20").Replace("\"quantityT\": 30", "\"quantityT\": -3");
        var problems = Validate(ValidFeatures, details).Problems;

        Assert.Contains(problems, p => p is { Kind: ProblemKind.UnknownChemical, Unit: "hs-150602-0001-1", Field: "inventory[0].chemical" });
        Assert.Contains(problems, p => p is { Kind: ProblemKind.NegativeQuantity, Unit: "hs-150602-0001-1", Field: "inventory[1].quantityT" });
    }

    [Fact]
    public void Set_points_out_of_order_are_named()
    {
        var problems = Validate(ValidFeatures, ValidDetails.Replace("\"high\": 1, \"highHigh\": 2", "\"high\": 3, \"highHigh\": 2")).Problems;
        var problem = Assert.Single(problems);
        Assert.Equal(new BundleProblem(ProblemKind.SetPointsOutOfOrder, "hs-150602-0001-1", "sensors[0].setPoints", "high 3 is above highHigh 2"), problem);
    }

    [Fact]
    public void Set_points_outside_the_instrument_range_are_named()
    {
        var problems = Validate(ValidFeatures, ValidDetails.Replace("\"highHigh\": 2", "\"highHigh\": 25")).Problems;
        Assert.Contains(problems, p => p is { Kind: ProblemKind.SetPointsOutOfOrder, Field: "sensors[0].setPoints.highHigh" });
    }

    [Fact]
    public void Missing_fields_and_bad_enums_are_named()
    {
        var problems = Validate(With(3, Feature("ent-150602-0001", "enterprise", "150602001", extra: """, "sector": "fishing" """))).Problems;
        Assert.Contains(problems, p => p is { Kind: ProblemKind.InvalidValue, Unit: "ent-150602-0001", Field: "sector" });
        Assert.Contains(problems, p => p is { Kind: ProblemKind.MissingField, Unit: "ent-150602-0001", Field: "department" });
    }

    [Fact]
    public void District_codes_must_be_GB2260_under_the_city_prefix()
    {
        var problems = Validate(ValidFeatures.Append(Feature("150702", "district", "150600"))).Problems;
        Assert.Contains(problems, p => p is { Kind: ProblemKind.InvalidValue, Unit: "150702", Field: "code" });
    }

    [Fact]
    public void Malformed_json_names_the_file_and_line()
    {
        var files = new[] { new BundleFile("units.geojson", "{ \"type\": \"FeatureCollection\",\n \"features\": [ oops ] }"u8.ToArray()) };
        var problem = Assert.Single(BundleReader.Read(files).Problems);
        Assert.Equal(ProblemKind.Malformed, problem.Kind);
        Assert.Equal("units.geojson", problem.Unit);
        Assert.Equal("line 2", problem.Field);
    }

    [Fact]
    public void Every_problem_of_a_broken_bundle_is_reported_at_once()
    {
        var features = ValidFeatures.Append(Feature("ent-x", "enterprise", "ghost", extra: """, "sector": "hazchem", "department": "emergency" """))
            .Append(Feature("150602001", "town", "150602"));
        var details = ValidDetails.Replace("\"chlorine\"", "\"kryptonite\"");
        var kinds = Validate(features, details).Problems.Select(p => p.Kind).ToHashSet();
        Assert.Superset(new HashSet<ProblemKind> { ProblemKind.UnknownParent, ProblemKind.DuplicateCode, ProblemKind.UnknownChemical }, kinds);
    }

    [Fact]
    public void Duplicate_sensor_codes_across_sources_are_named()
    {
        var features = ValidFeatures.Append(Feature("hs-150602-0001-2", "hazard-source", "ent-150602-0001"));
        var second = """
            "hs-150602-0001-2": { "type": "tank-farm", "sensors": [ { "code": "hs-150602-0001-1.AT-01", "kind": "toxic-gas", "unit": "mg/m3", "rangeMin": 0, "rangeMax": 20 } ] },
            """;
        var details = ValidDetails.Replace("\"hs-150602-0001-1\": {", second + "\"hs-150602-0001-1\": {");
        var problems = Validate(features, details).Problems;
        Assert.Contains(problems, p => p is { Kind: ProblemKind.DuplicateSensor, Unit: "hs-150602-0001-2", Field: "sensors[0].code" });
    }
}
