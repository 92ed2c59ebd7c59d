using System.Text.Json;
using CityTwin.Cli;
using Xunit;

using static CityTwin.EndToEnd.Tests.Cli.CliRun;

namespace CityTwin.EndToEnd.Tests.Cli;

/// <summary>The citytwin CLI against a real host: it is a gRPC client like any dashboard.</summary>
public class CliTests
{
    [Fact]
    public async Task A_generated_city_of_ten_thousand_units_loads_in_chunks_with_progress_and_reloads_as_a_no_op()
    {
        var dir = Directory.CreateTempSubdirectory("citytwin-gen-").FullName;
        try
        {
            var generated = await Run("generate", "--seed", "5", "--enterprises", "5000", "--out", dir);
            Assert.Equal(0, generated.Exit);
            var units = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(dir, "units.geojson"))).RootElement.GetProperty("features").GetArrayLength();
            Assert.True(units >= 10_000, $"only {units} units generated");

            await using var host = await RunningHost.StartAsync(sampleCity: "");
            var load = await Run("load", dir, "--server", host.Address);
            Assert.True(load.Exit == 0, load.Err);
            Assert.Contains($"loaded {units} units: {units} new or changed, 0 unchanged, 0 removed", load.Out);
            Assert.Contains("applying  100%", load.Err);
            Assert.Contains("validating", load.Err);

            var reload = await Run("load", dir, "--server", host.Address, "--json");
            Assert.Equal(0, reload.Exit);
            var final = JsonDocument.Parse(reload.Out).RootElement;
            Assert.Equal(units, final.GetProperty("unchanged").GetInt32());
            Assert.False(final.TryGetProperty("upserted", out _));

            var found = await Run("units", "find", "--kind", "hazard-source", "--path", "150600/150622", "--page-size", "5", "--server", host.Address);
            Assert.Equal(0, found.Exit);
            Assert.Contains("more with --page-token", found.Out);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Units_commands_print_tables_and_json_and_fail_with_one_line()
    {
        await using var host = await RunningHost.StartAsync();

        var get = await Run("units", "get", "150627", "--server", host.Address);
        Assert.Equal(0, get.Exit);
        Assert.Contains("伊金霍洛旗", get.Out);
        Assert.Contains("150600/150627", get.Out);

        var children = await Run("units", "children", "150600", "--json", "--all", "--server", host.Address);
        Assert.Equal(0, children.Exit);
        var codes = JsonDocument.Parse(children.Out).RootElement.GetProperty("units").EnumerateArray().Select(u => u.GetProperty("code").GetString()).ToList();
        Assert.Contains("150622", codes);
        Assert.Contains("team-150600-hazmat", codes);

        var missing = await Run("units", "get", "150699", "--server", host.Address);
        Assert.Equal(1, missing.Exit);
        Assert.Equal("citytwin: NotFound: unit '150699' is not registered", missing.Err.Trim());

        var down = await Run("units", "get", "150602", "--server", "http://127.0.0.1:1");
        Assert.NotEqual(0, down.Exit);
        Assert.StartsWith("citytwin: Unavailable:", down.Err.Trim());
    }

    [Fact]
    public async Task A_second_server_address_is_used_when_the_first_is_down()
    {
        await using var host = await RunningHost.StartAsync();
        var get = await Run("units", "get", "150602", "--server", $"http://127.0.0.1:1,{host.Address}");
        Assert.Equal(0, get.Exit);
        Assert.Contains("东胜区", get.Out);
    }

    [Fact]
    public async Task A_rejected_load_prints_every_problem_and_exits_non_zero()
    {
        var dir = Directory.CreateTempSubdirectory("citytwin-bad-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "units.geojson"), """
                {"type":"FeatureCollection","features":[
                {"type":"Feature","geometry":{"type":"Point","coordinates":[109.9,39.8]},"properties":{"code":"150600","kind":"city","name":"c"}},
                {"type":"Feature","geometry":{"type":"Point","coordinates":[109.9,39.8]},"properties":{"code":"150602","kind":"district","name":"d","parent":"150601"}}
                ]}
                """);
            await using var host = await RunningHost.StartAsync(sampleCity: "");
            var load = await Run("load", dir, "--server", host.Address);
            Assert.Equal(1, load.Exit);
            Assert.Contains("150602  parent  '150601' is not a unit of this bundle", load.Out);
            Assert.StartsWith("citytwin: InvalidArgument: 1 problem(s)", load.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1].TrimStart('\r', ' '));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Help_names_every_command()
    {
        var help = await Run("--help");
        Assert.Equal(0, help.Exit);
        foreach (var command in new[] { "units", "load", "generate", "--server", "--json" }) Assert.Contains(command, help.Out);
    }
}
