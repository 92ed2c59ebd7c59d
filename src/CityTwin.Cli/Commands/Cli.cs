using System.CommandLine;
using Grpc.Core;

namespace CityTwin.Cli.Commands;

/// <summary>Runs a command's gRPC work against the first server that answers, turning failures into one line.</summary>
internal static class Cli
{
    public static async Task<int> Run(CliConsole console, ParseResult parse, Func<Grpc.Net.Client.GrpcChannel, Task<int>> call)
    {
        try { return await Connection.CallAsync(parse, call); }
        catch (RpcException e) { return console.Fail(e); }
    }
}
