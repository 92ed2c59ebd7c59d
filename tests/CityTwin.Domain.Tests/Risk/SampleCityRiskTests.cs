using CityTwin.Domain.Registry;
using CityTwin.Domain.Risk;
using Xunit;

namespace CityTwin.Domain.Tests.Risk;

/// <summary>The sample city's every unit has the inputs its inherent-level rule needs.</summary>
public sealed class SampleCityRiskTests(ITestOutputHelper output)
{
    [Fact]
    public void Every_unit_of_the_sample_city_has_an_inherent_level()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !Directory.Exists(Path.Combine(dir.FullName, "scenarios", "ordos"))) dir = dir.Parent;
        Assert.SkipWhen(dir is null, "scenarios/ordos is not in the tree yet");

        var bundle = BundleReader.ReadDirectory(Path.Combine(dir!.FullName, "scenarios", "ordos"));
        Assert.NotEmpty(bundle.Units);
        var all = InherentLevels.OfAll(bundle.Units);

        var problems = all.Values.SelectMany(a => a.Problems).ToList();
        foreach (var p in problems.Take(20)) output.WriteLine(p);
        Assert.Empty(problems);
        Assert.Equal(bundle.Units.Count, all.Count);
        foreach (var level in RiskLevels.All)
            output.WriteLine($"{level}: {all.Values.Count(a => a.Applies && a.Level == level)} units");
        Assert.Contains(all.Values, a => a.Grade is not null);
    }
}
