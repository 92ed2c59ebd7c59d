using CityTwin.Cli;

namespace CityTwin.EndToEnd.Tests.Cli;

/// <summary>Runs the citytwin CLI in-process, as a user would from a shell, and keeps what it printed.</summary>
public static class CliRun
{
    public static async Task<(int Exit, string Out, string Err)> Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await CliApp.RunAsync(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }
}
