using CityTwin.Domain.Generation;
using CityTwin.Domain.Registry;
using CityTwin.Domain.Units;
using Xunit;

namespace CityTwin.Domain.Tests.Generation;

public class SampleCityTests
{
    private static readonly IReadOnlyList<Unit> Sample = CityGenerator.SampleCity();

    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CityTwin.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new DirectoryNotFoundException("CityTwin.sln not found above the test directory");
    }

    [Fact]
    public void The_sample_city_is_a_valid_bundle()
    {
        var result = BundleValidator.Validate(new CityBundle(Sample, []));
        Assert.True(result.IsValid, string.Join("\n", result.Problems.Take(10)));
    }

    [Fact]
    public void Ordos_has_its_nine_banners_and_districts_with_their_GB2260_codes()
    {
        var districts = Sample.Where(u => u.Kind == UnitKind.District).ToDictionary(u => u.Code, u => u.Name);
        Assert.Equal(new Dictionary<string, string>
        {
            ["150602"] = "东胜区", ["150603"] = "康巴什区", ["150621"] = "达拉特旗", ["150622"] = "准格尔旗", ["150623"] = "鄂托克前旗",
            ["150624"] = "鄂托克旗", ["150625"] = "杭锦旗", ["150626"] = "乌审旗", ["150627"] = "伊金霍洛旗",
        }, districts);
        Assert.All(Sample.Where(u => u.Kind == UnitKind.District), d => Assert.Equal("150600", d.Parent));
    }

    [Fact]
    public void The_sample_has_the_seeds_figures()
    {
        var enterprises = Sample.Where(u => u.Kind == UnitKind.Enterprise).ToList();
        Assert.Equal(600, enterprises.Count);
        Assert.Equal(88, enterprises.Count(e => e.Enterprise!.Diagnostic is not null));
        Assert.Equal(158, enterprises.Count(e => e.Enterprise!.Sector == Sectors.CoalMining));
        Assert.True(Sample.Count(u => u.Kind == UnitKind.Park && u.Park!.Type == ParkType.Chemical) >= 3);
        Assert.True(Sample.Count(u => u.Kind == UnitKind.Town) >= 9);
        var teams = Sample.Where(u => u.Kind == UnitKind.RescueTeam).ToList();
        Assert.Contains(teams, t => t.Parent == "150600" && t.RescueTeam!.Capabilities.Contains(Capabilities.Hazmat));
        Assert.Contains(teams, t => t.Parent == "150600" && t.RescueTeam!.Capabilities.Contains(Capabilities.MineRescue));
        Assert.All(Sample.Where(u => u.Kind == UnitKind.District), d => Assert.Contains(teams, t => t.Parent == d.Code));
    }

    [Fact]
    public void Every_coordinate_lies_inside_Ordos_real_extent()
    {
        Assert.All(Sample.SelectMany(u => u.Geometry.Coordinates), c =>
        {
            Assert.InRange(c.X, 106.7, 111.5);
            Assert.InRange(c.Y, 37.6, 40.9);
        });
    }

    [Fact]
    public void Major_hazard_sources_carry_inventory_set_points_and_responsible_persons()
    {
        var sources = Sample.Where(u => u.Kind == UnitKind.HazardSource).Select(u => u.HazardSource!).ToList();
        Assert.All(sources, s =>
        {
            Assert.NotEmpty(s.Sensors);
            Assert.NotNull(s.Responsible);
            Assert.All(s.Sensors, x => Assert.True(x.SetPoints.High is not null && x.SetPoints.HighHigh is not null));
        });
        Assert.Contains(sources, s => s.Inventory.Any(i => i.Chemical == "chlorine"));
    }

    [Fact]
    public void Generation_is_deterministic_and_the_committed_sample_is_its_output()
    {
        var again = CityGenerator.SampleCity();
        Assert.Equal(Sample.Select(UnitJson.Fingerprint), again.Select(UnitJson.Fingerprint));

        var committed = BundleReader.ReadDirectory(Path.Combine(RepositoryRoot(), "scenarios", "ordos"));
        Assert.Empty(committed.Problems);
        Assert.Equal(Sample.Select(UnitJson.Fingerprint), committed.Units.Select(UnitJson.Fingerprint));
    }

    [Fact]
    public void A_large_city_has_the_asked_for_hazard_sources_and_sensors()
    {
        var units = CityGenerator.Generate(new CityGeneratorOptions { Seed = 7, Enterprises = 1_000, HazardSources = 2_000, SensorsPerSource = 10 });
        Assert.Equal(2_000, units.Count(u => u.Kind == UnitKind.HazardSource));
        Assert.Equal(20_000, units.Sum(u => u.HazardSource?.Sensors.Count ?? 0));
        Assert.True(BundleValidator.Validate(new CityBundle(units, [])).IsValid);
    }
}
