using System.Text;
using CityTwin.Abstractions.Registry;
using CityTwin.Domain.Registry;
using CityTwin.Server.Calls;
using CityTwin.Server.Security;
using CityTwin.Server.Units;
using Grpc.Core;
using Microsoft.Extensions.Options;
using Proto = CityTwin.Protos.V1;

namespace CityTwin.Server.Registry;

/// <summary>citytwin.v1.RegistryService: bundle loads (validated whole, then applied in chunks with progress) and unit edits.</summary>
public sealed class RegistryGrpcService(RegistryClient registry, IOptions<ServerLimits> limits, RegistryScopeGuard scopeGuard, Live.LiveTreeWarmer warmer) : Proto.RegistryService.RegistryServiceBase
{
    private const long ProgressEveryBytes = 8 << 20;

    public override async Task LoadBundle(IAsyncStreamReader<Proto.BundleChunk> requestStream, IServerStreamWriter<Proto.LoadProgress> responseStream, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        var files = new Dictionary<string, MemoryStream>(StringComparer.Ordinal);
        long received = 0, nextReport = ProgressEveryBytes;
        bool? prune = null, dryRun = null;
        try
        {
            await foreach (var chunk in requestStream.ReadAllAsync(ct))
            {
                prune ??= chunk.Prune;
                dryRun ??= chunk.DryRun;
                if (!chunk.File.EndsWith(".geojson", StringComparison.OrdinalIgnoreCase) && !chunk.File.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
                    throw Failures.InvalidArgument("file", $"'{chunk.File}' is neither a *.geojson units file nor a *.json details file");
                received += chunk.Data.Length;
                if (received > limits.Value.MaxBundleBytes)
                    throw Failures.ResourceExhausted("MaxBundleBytes", $"the bundle is larger than {limits.Value.MaxBundleBytes} bytes");
                if (!files.TryGetValue(chunk.File, out var file)) files[chunk.File] = file = new MemoryStream();
                chunk.Data.WriteTo(file);
                if (received >= nextReport)
                {
                    nextReport += ProgressEveryBytes;
                    await responseStream.WriteAsync(new Proto.LoadProgress { Phase = Proto.LoadProgress.Types.Phase.Receiving, BytesReceived = received }, ct);
                }
            }
            if (files.Count == 0) throw Failures.InvalidArgument("file", "the bundle has no files");

            await responseStream.WriteAsync(new Proto.LoadProgress { Phase = Proto.LoadProgress.Types.Phase.Validating, BytesReceived = received }, ct);
            // Hostile input: the JSON reader would fail on invalid UTF-8 with an exception that is not the caller's problem report.
            if (files.FirstOrDefault(f => !System.Text.Unicode.Utf8.IsValid(f.Value.GetBuffer().AsSpan(0, (int)f.Value.Length))) is { Key: { } notUtf8 })
                throw Failures.InvalidArgument("data", $"file '{notUtf8}' is not valid UTF-8");
            var bundle = BundleReader.Read(files.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => new BundleFile(f.Key, f.Value.GetBuffer().AsMemory(0, (int)f.Value.Length))));
            files.Clear();
            var validated = BundleValidator.Validate(bundle);
            if (!validated.IsValid)
            {
                var rejected = new Proto.LoadProgress { Phase = Proto.LoadProgress.Types.Phase.Rejected, BytesReceived = received, TotalUnits = bundle.Units.Count };
                rejected.Problems.AddRange(validated.Problems.Take(limits.Value.MaxProblemsReported).Select(p => p.ToProto()));
                await responseStream.WriteAsync(rejected, ct);
                throw Failures.Invalid(validated.Problems);
            }
            if (dryRun == true)
            {
                await responseStream.WriteAsync(new Proto.LoadProgress { Phase = Proto.LoadProgress.Types.Phase.Done, BytesReceived = received, TotalUnits = validated.Units.Count }, ct);
                return;
            }

            LoadReport? last = null;
            await foreach (var report in registry.ApplyAsync(validated.Units, prune == true, Callers.ActorOf(context), ct))
            {
                last = report;
                await responseStream.WriteAsync(Progress(report, Proto.LoadProgress.Types.Phase.Applying, received), ct);
            }
            await responseStream.WriteAsync(Progress(last!, Proto.LoadProgress.Types.Phase.Done, received), ct);
            if (last!.Upserted + last.Removed > 0) _ = warmer.Start();
        }
        finally
        {
            foreach (var file in files.Values) await file.DisposeAsync();
        }
    }

    private static Proto.LoadProgress Progress(LoadReport r, Proto.LoadProgress.Types.Phase phase, long received) => new()
    {
        Phase = phase, BytesReceived = received, TotalUnits = r.Total, Upserted = r.Upserted, Unchanged = r.Unchanged,
        Removed = r.Removed, Done = r.Done, ToDo = r.ToDo,
    };

    public override async Task<Proto.UpsertUnitsResponse> UpsertUnits(Proto.UpsertUnitsRequest request, ServerCallContext context)
    {
        if (request.Features.Count == 0) throw Failures.InvalidArgument("features", "give at least one unit feature");
        if (request.Features.Count > limits.Value.MaxUnitsPerUpsert)
            throw Failures.ResourceExhausted("MaxUnitsPerUpsert", $"at most {limits.Value.MaxUnitsPerUpsert} units per upsert; load a bundle for more");

        // Parse them all first, so a bad one changes nothing.
        var parsed = BundleReader.Read(request.Features.Select((f, i) => new BundleFile($"features[{i}].geojson",
            Encoding.UTF8.GetBytes($"{{\"type\":\"FeatureCollection\",\"features\":[{f}]}}"))));
        if (parsed.Problems.Count > 0) throw Failures.Invalid(parsed.Problems);
        if (parsed.Units.Count != request.Features.Count) throw Failures.InvalidArgument("features", "each entry must be exactly one GeoJSON Feature");

        await scopeGuard.RequireUpsertsAsync(Callers.Of(context), parsed.Units);

        var response = new Proto.UpsertUnitsResponse();
        var by = Callers.ActorOf(context);
        foreach (var unit in parsed.Units)
        {
            var change = await registry.UpsertUnitAsync(unit, by);
            if (change.Problems.Count > 0) throw Failures.Invalid(change.Problems);
            response.Units.Add(change.Record!.ToProto());
        }
        return response;
    }

    public override async Task<Proto.RemoveUnitsResponse> RemoveUnits(Proto.RemoveUnitsRequest request, ServerCallContext context)
    {
        if (request.Codes.Count == 0) throw Failures.InvalidArgument("codes", "give at least one unit code");
        await scopeGuard.RequireRemovalsAsync(Callers.Of(context), request.Codes);

        var response = new Proto.RemoveUnitsResponse();
        var by = Callers.ActorOf(context);
        foreach (var code in request.Codes)
        {
            switch (await registry.RemoveUnitAsync(code, by))
            {
                case RemoveOutcome.NotFound: throw Failures.NotFound(code);
                case RemoveOutcome.HasChildren: throw Failures.FailedPrecondition($"unit '{code}' has children; remove them first");
                default: response.Removed.Add(code); break;
            }
        }
        return response;
    }
}
