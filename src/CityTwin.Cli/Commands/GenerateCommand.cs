using System.CommandLine;
using CityTwin.Domain.Generation;
using CityTwin.Domain.Registry;

namespace CityTwin.Cli.Commands;

/// <summary><c>citytwin generate</c>: writes a deterministic Ordos-shaped city bundle.</summary>
public static class GenerateCommand
{
    public static Command Create(CliConsole console)
    {
        var seed = new Option<int>("--seed") { Description = "random seed: the same seed and sizes give the same bundle", DefaultValueFactory = _ => 2026 };
        var enterprises = new Option<int>("--enterprises") { Description = "monitored enterprises", DefaultValueFactory = _ => 600 };
        var major = new Option<int?>("--major-hazard") { Description = "major-hazard chemical enterprises [default 88/600 of --enterprises]" };
        var coal = new Option<int?>("--coal-mines") { Description = "coal mines [default 158/600 of --enterprises]" };
        var sources = new Option<int?>("--hazard-sources") { Description = "total hazard sources [default: what each enterprise needs]" };
        var sensors = new Option<int?>("--sensors-per-source") { Description = "sensors on every hazard source [default: by installation type]" };
        var output = new Option<string>("--out") { Description = "directory to write units*.geojson and details*.json to", Required = true };

        var command = new Command("generate", "Generate a city bundle shaped on Ordos (9 banners/districts with their GB/T 2260 codes, towns, chemical parks, enterprises, hazard sources, rescue teams)")
        {
            seed, enterprises, major, coal, sources, sensors, output,
        };
        command.SetAction(parse =>
        {
            var options = new CityGeneratorOptions
            {
                Seed = parse.GetValue(seed), Enterprises = parse.GetValue(enterprises), MajorHazardEnterprises = parse.GetValue(major),
                CoalMines = parse.GetValue(coal), HazardSources = parse.GetValue(sources), SensorsPerSource = parse.GetValue(sensors),
            };
            if (options.Enterprises < 0 || options.HazardSources < 0 || options.SensorsPerSource < 0)
                return console.Fail("sizes must not be negative");
            var units = CityGenerator.Generate(options);
            var files = BundleWriter.WriteDirectory(parse.GetValue(output)!, units);
            var byKind = units.GroupBy(u => u.Kind).Select(g => $"{g.Count()} {g.Key}");
            var sensorCount = units.Sum(u => u.HazardSource?.Sensors.Count ?? 0);
            console.Out.WriteLine($"wrote {units.Count} units ({string.Join(", ", byKind)}; {sensorCount} sensors) to {string.Join(", ", files)}");
            return 0;
        });
        return command;
    }
}
