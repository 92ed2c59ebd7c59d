using CityTwin.Cli.Commands;
using CityTwin.Domain.Audit;
using CityTwin.EndToEnd.Tests.Security;
using CityTwin.Protos.V1;
using Google.Protobuf;
using Grpc.Core;

namespace CityTwin.EndToEnd.Tests.Audit;

/// <summary>Calls for the audit tests: a real (not dry-run) bundle load with a key, and reading the trail back.</summary>
public static class AuditCalls
{
    public static AuditService.AuditServiceClient Client(RunningHost host) => new(host.Channel);

    /// <summary>Loads the sample city again (nothing changes, but it is a load) under an idempotency key.</summary>
    public static async Task<LoadProgress> LoadSampleAsync(RunningHost host, Metadata? headers, string key, CancellationToken ct)
    {
        using var call = new RegistryService.RegistryServiceClient(host.Channel).LoadBundle(headers, cancellationToken: ct);
        var first = true;
        foreach (var file in new[] { "units.geojson", "details.json" })
        {
            var data = await File.ReadAllBytesAsync(Path.Combine(RunningHost.SampleCity, file), ct);
            foreach (var piece in data.Chunk(512 * 1024))
            {
                await call.RequestStream.WriteAsync(new BundleChunk { File = file, Data = ByteString.CopyFrom(piece), IdempotencyKey = first ? key : "" }, ct);
                first = false;
            }
        }
        await call.RequestStream.CompleteAsync();
        LoadProgress? last = null;
        await foreach (var p in call.ResponseStream.ReadAllAsync(ct)) last = p;
        return last!;
    }

    /// <summary>Every record the administrator may list, in sequence order.</summary>
    public static async Task<List<Protos.V1.AuditRecord>> AllAsync(RunningHost host, CancellationToken ct)
    {
        var records = new List<Protos.V1.AuditRecord>();
        var request = new ListAuditRecordsRequest { PageSize = 1000 };
        while (true)
        {
            var page = await Client(host).ListAuditRecordsAsync(request, Identities.CityAdmin.Headers, cancellationToken: ct);
            records.AddRange(page.Records);
            if (page.NextAfterSequence == 0) return records;
            request.AfterSequence = page.NextAfterSequence;
        }
    }

    /// <summary>The chain verified on this side, as <c>citytwin audit verify</c> does.</summary>
    public static Task<AuditChain> VerifyAsync(RunningHost host, CancellationToken ct) =>
        AuditCommands.VerifyAsync(new AuditService.AuditServiceClient(host.Channel), ct, Identities.CityAdmin.Headers);
}
