using System.CommandLine;
using CityTwin.Protos.V1;
using Google.Protobuf;
using Grpc.Core;

namespace CityTwin.Cli.Commands;

/// <summary><c>citytwin load DIR</c>: streams a bundle to the server in chunks and shows its progress.</summary>
public static class LoadCommand
{
    private const int ChunkBytes = 1 << 20;

    public static Command Create(CliConsole console)
    {
        var directory = new Argument<string>("dir") { Description = "bundle directory (*.geojson units files, *.json details files)" };
        var prune = new Option<bool>("--prune") { Description = "remove registered units the bundle lacks" };
        var dryRun = new Option<bool>("--dry-run") { Description = "validate only; change nothing" };
        var command = new Command("load", "Load a city bundle: validated whole first, then applied; loading it again changes nothing") { directory, prune, dryRun };
        command.SetAction(async (parse, ct) =>
        {
            var dir = parse.GetValue(directory)!;
            if (!Directory.Exists(dir)) return console.Fail($"no such directory: {dir}");
            var files = Directory.EnumerateFiles(dir)
                .Where(f => f.EndsWith(".geojson", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
                .Order(StringComparer.Ordinal).ToList();
            if (files.Count == 0) return console.Fail($"{dir} holds no *.geojson or *.json files");
            var json = parse.GetValue(CliOptions.Json);
            try
            {
                var final = await Connection.CallAsync(parse, channel =>
                    StreamAsync(new RegistryService.RegistryServiceClient(channel), files, parse.GetValue(prune), parse.GetValue(dryRun), json ? null : console.Error, ct));
                if (json) console.Json(final);
                else console.Out.WriteLine(final.Phase == LoadProgress.Types.Phase.Done && parse.GetValue(dryRun)
                    ? $"valid: {final.TotalUnits} units (dry run, nothing applied)"
                    : $"loaded {final.TotalUnits} units: {final.Upserted} new or changed, {final.Unchanged} unchanged, {final.Removed} removed");
                return 0;
            }
            catch (BundleRejectedException rejected)
            {
                if (json) console.Json(rejected.Progress);
                else console.Table(["unit", "field", "problem"], rejected.Progress.Problems.Select(p => (IReadOnlyList<string>)[p.Unit, p.Field, p.Message]));
                return console.Fail(rejected.Error);
            }
            catch (RpcException e)
            {
                return console.Fail(e);
            }
        });
        return command;
    }

    private static async Task<LoadProgress> StreamAsync(RegistryService.RegistryServiceClient client, IReadOnlyList<string> files, bool prune, bool dryRun, TextWriter? progress, CancellationToken ct)
    {
        using var call = client.LoadBundle(cancellationToken: ct);
        var total = files.Sum(f => new FileInfo(f).Length);
        var reader = Task.Run(async () =>
        {
            LoadProgress? last = null;
            try
            {
                await foreach (var p in call.ResponseStream.ReadAllAsync(ct))
                {
                    last = p;
                    progress?.Write($"\r{Describe(p, total)}".PadRight(78));
                }
            }
            catch (RpcException e) when (last?.Phase == LoadProgress.Types.Phase.Rejected)
            {
                throw new BundleRejectedException(last, e);
            }
            finally
            {
                // End the \r-rewritten progress line so what follows starts on a line of its own.
                if (last is not null) progress?.WriteLine();
            }
            return last ?? throw new RpcException(new Status(StatusCode.Internal, "the server ended the load without a result"));
        }, ct);

        var first = true;
        var buffer = new byte[ChunkBytes];
        foreach (var path in files)
        {
            await using var stream = File.OpenRead(path);
            int read;
            while ((read = await stream.ReadAsync(buffer, ct)) > 0)
            {
                var chunk = new BundleChunk { File = Path.GetFileName(path), Data = ByteString.CopyFrom(buffer, 0, read) };
                if (first) { chunk.Prune = prune; chunk.DryRun = dryRun; first = false; }
                await call.RequestStream.WriteAsync(chunk, ct);
            }
        }
        await call.RequestStream.CompleteAsync();
        return await reader;
    }

    private static string Describe(LoadProgress p, long total) => p.Phase switch
    {
        LoadProgress.Types.Phase.Receiving => $"sending   {p.BytesReceived * 100 / Math.Max(total, 1),3}%  {p.BytesReceived / 1_048_576} of {total / 1_048_576} MiB",
        LoadProgress.Types.Phase.Validating => $"validating {total / 1_048_576.0:F1} MiB",
        LoadProgress.Types.Phase.Applying or LoadProgress.Types.Phase.Done =>
            $"applying  {(p.ToDo == 0 ? 100 : p.Done * 100 / p.ToDo),3}%  {p.Done} of {p.ToDo} changes ({p.TotalUnits} units, {p.Unchanged} unchanged)",
        LoadProgress.Types.Phase.Rejected => $"rejected: {p.Problems.Count} problem(s)",
        _ => "",
    };

    private sealed class BundleRejectedException(LoadProgress progress, RpcException error) : Exception(error.Message)
    {
        public LoadProgress Progress { get; } = progress;
        public RpcException Error { get; } = error;
    }
}
