using CityTwin.Domain.Units;
using Xunit;

namespace CityTwin.Domain.Tests.Registry;

public class HierarchyRulesTests
{
    [Theory]
    [InlineData(UnitKind.City, new UnitKind[0])]
    [InlineData(UnitKind.District, new[] { UnitKind.City })]
    [InlineData(UnitKind.Town, new[] { UnitKind.District })]
    [InlineData(UnitKind.Park, new[] { UnitKind.District, UnitKind.City })]
    [InlineData(UnitKind.Enterprise, new[] { UnitKind.Park, UnitKind.Town })]
    [InlineData(UnitKind.HazardSource, new[] { UnitKind.Enterprise })]
    [InlineData(UnitKind.RescueTeam, new[] { UnitKind.City, UnitKind.District })]
    public void Allowed_parent_kinds_follow_the_administrative_hierarchy(UnitKind kind, UnitKind[] parents) =>
        Assert.Equal(parents, kind.AllowedParents());

    [Theory]
    [InlineData("150602", null)]
    [InlineData("ent-150602-0042", null)]
    [InlineData("hs-150602-0042-1.AT-01", null)]
    [InlineData("", "is empty")]
    [InlineData("a/b", "may hold only")]
    [InlineData("-lead", "may hold only")]
    public void Codes_never_contain_a_slash(string code, string? problem)
    {
        var actual = UnitCode.Problem(code);
        if (problem is null) Assert.Null(actual);
        else Assert.StartsWith(problem, actual);
    }

    [Fact]
    public void Paths_are_prefix_safe()
    {
        Assert.True(UnitPath.IsWithin("150600/150602/x", "150600/150602"));
        Assert.True(UnitPath.IsWithin("150600/150602", "150600/150602"));
        Assert.False(UnitPath.IsWithin("150600/1506021/x", "150600/150602"));
        Assert.False(UnitPath.IsWithin("150600", "150600/150602"));
    }

    [Theory]
    [InlineData("hazard-source", UnitKind.HazardSource)]
    [InlineData("rescue-team", UnitKind.RescueTeam)]
    [InlineData("District", UnitKind.District)]
    public void Kind_names_round_trip(string name, UnitKind kind)
    {
        Assert.True(UnitKinds.TryParse(name, out var parsed));
        Assert.Equal(kind, parsed);
        Assert.Equal(name.ToLowerInvariant(), kind.Name());
    }
}
