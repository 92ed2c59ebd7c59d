using System.CommandLine;
using CityTwin.Cli.Commands;

namespace CityTwin.Cli;

/// <summary>The citytwin command line: a gRPC client of citytwin.v1 like any dashboard.</summary>
public static class CliApp
{
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var console = new CliConsole(output, error);
        var root = new RootCommand("CityTwin: the safety-supervision digital twin of a city. Talks to a CityTwin server over gRPC.");
        root.Options.Add(CliOptions.Server);
        root.Options.Add(CliOptions.Json);
        root.Subcommands.Add(UnitsCommands.Create(console));
        root.Subcommands.Add(LoadCommand.Create(console));
        root.Subcommands.Add(GenerateCommand.Create(console));
        root.Subcommands.Add(RiskCommands.Explain(console));
        root.Subcommands.Add(RiskCommands.Top(console));
        var parsed = root.Parse(args);
        return await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
    }
}

/// <summary>Options every command understands.</summary>
public static class CliOptions
{
    public const string DefaultServer = "http://127.0.0.1:50051";

    public static readonly Option<string> Server = new("--server")
    {
        Description = $"server address(es), comma-separated; the first that answers is used [env CITYTWIN_SERVER, default {DefaultServer}]",
        Recursive = true,
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("CITYTWIN_SERVER") is { Length: > 0 } s ? s : DefaultServer,
    };

    public static readonly Option<bool> Json = new("--json")
    {
        Description = "machine-readable JSON output instead of tables",
        Recursive = true,
    };
}
