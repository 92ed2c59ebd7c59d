using System.CommandLine;
using CityTwin.Cli.Commands;

namespace CityTwin.Cli;

/// <summary>The citytwin command line: a gRPC client of citytwin.v1 like any dashboard.</summary>
public static class CliApp
{
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, TimeProvider? time = null)
    {
        var console = new CliConsole(output, error);
        var root = new RootCommand("CityTwin: the safety-supervision digital twin of a city. Talks to a CityTwin server over gRPC.");
        root.Options.Add(CliOptions.Server);
        root.Options.Add(CliOptions.Json);
        root.Options.Add(CliOptions.Token);
        root.Options.Add(CliOptions.ApiKey);
        root.Subcommands.Add(UnitsCommands.Create(console));
        root.Subcommands.Add(LoadCommand.Create(console));
        root.Subcommands.Add(GenerateCommand.Create(console));
        root.Subcommands.Add(RiskCommands.Explain(console));
        root.Subcommands.Add(RiskCommands.Top(console));
        root.Subcommands.Add(RiskCommands.Check(console));
        root.Subcommands.Add(AlarmsCommand.Create(console));
        root.Subcommands.Add(HistoryCommand.Create(console));
        root.Subcommands.Add(WatchCommand.Create(console));
        root.Subcommands.Add(IngestCommand.Create(console));
        root.Subcommands.Add(MapCommand.Create(console));
        root.Subcommands.Add(DrillCommands.Create(console));
        root.Subcommands.Add(LoadTestCommand.Create(console));
        root.Subcommands.Add(TokenCommand.Create(console, time ?? TimeProvider.System));
        root.Subcommands.Add(DangersCommands.Create(console));
        root.Subcommands.Add(AuditCommands.Create(console));
        root.Subcommands.Add(WarningsCommands.Create(console));
        root.Subcommands.Add(CommitmentsCommands.Create(console));
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

    public static readonly Option<string> Token = new("--token")
    {
        Description = "bearer token (JWT) sent with every call, e.g. from `citytwin token` [env CITYTWIN_TOKEN]",
        Recursive = true,
    };

    public static readonly Option<string> ApiKey = new("--api-key")
    {
        Description = "API key sent with every call (x-api-key), for machine callers [env CITYTWIN_API_KEY]",
        Recursive = true,
    };

    // Secrets are read from the environment at use, not as option defaults, so --help never prints them.
    public static string? TokenOf(System.CommandLine.ParseResult parse) => Secret(parse.GetValue(Token), "CITYTWIN_TOKEN");

    public static string? ApiKeyOf(System.CommandLine.ParseResult parse) => Secret(parse.GetValue(ApiKey), "CITYTWIN_API_KEY");

    public static string? Secret(string? given, string variable) =>
        string.IsNullOrEmpty(given) ? Environment.GetEnvironmentVariable(variable) : given;

    public static readonly Option<bool> Json = new("--json")
    {
        Description = "machine-readable JSON output instead of tables",
        Recursive = true,
    };
}
