using System.Text;
using System.Text.Json;
using CityTwin.Domain.Registry;
using CityTwin.Domain.Units;
using CityTwin.Protos.V1;
using Google.Protobuf;
using Grpc.Core;
using Unit = CityTwin.Domain.Units.Unit;
using UnitKind = CityTwin.Domain.Units.UnitKind;

namespace CityTwin.EndToEnd.Tests.Security;

/// <summary>Calls used by the security tests, returning the status instead of throwing.</summary>
public static class SecurityCalls
{
    public static async Task<StatusCode> StatusOf(Func<Task> call)
    {
        try
        {
            await call();
            return StatusCode.OK;
        }
        catch (RpcException e)
        {
            return e.StatusCode;
        }
    }

    public static async Task<RpcException> Refusal(Func<Task> call)
    {
        try
        {
            await call();
        }
        catch (RpcException e)
        {
            return e;
        }
        throw new Xunit.Sdk.XunitException("the call succeeded but should have been refused");
    }

    /// <summary>A GeoJSON feature with details inline, as UpsertUnits takes it.</summary>
    public static string Feature(Unit unit)
    {
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer)) UnitJson.WriteFeature(writer, unit, inlineDetails: true);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>A new rescue team under <paramref name="parent"/>, modelled on a sample team.</summary>
    public static Unit NewTeam(string parent, string code)
    {
        var template = Identities.Sample.First(u => u.Kind == UnitKind.RescueTeam && u.Parent == "150622");
        return template with { Code = code, Parent = parent, Name = $"test team {code}", Path = "" };
    }

    public static Task<UpsertUnitsResponse> UpsertAsync(RunningHost host, Metadata? headers, CancellationToken ct, params Unit[] units) =>
        new RegistryService.RegistryServiceClient(host.Channel).UpsertUnitsAsync(new UpsertUnitsRequest { Features = { units.Select(Feature) } }, headers, cancellationToken: ct).ResponseAsync;

    public static Task<RemoveUnitsResponse> RemoveAsync(RunningHost host, Metadata? headers, CancellationToken ct, params string[] codes) =>
        new RegistryService.RegistryServiceClient(host.Channel).RemoveUnitsAsync(new RemoveUnitsRequest { Codes = { codes } }, headers, cancellationToken: ct).ResponseAsync;

    /// <summary>
    /// A streaming call refused before the server read the request can race the client's writes, and the client then
    /// reports the HTTP/2 stream reset as CANCELLED instead of the status the server sent. Retry those (never a
    /// cancellation of our own), so the status asserted is the server's.
    /// </summary>
    private static async Task RetryTransportCancelAsync(Func<Task> call, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await call();
                return;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled && !ct.IsCancellationRequested && attempt < 5)
            {
            }
        }
    }

    /// <summary>Streams the sample city as a dry run (validates, applies nothing) and reads the progress to the end.</summary>
    public static Task LoadSampleDryRunAsync(RunningHost host, Metadata? headers, CancellationToken ct) =>
        RetryTransportCancelAsync(() => LoadSampleDryRunOnceAsync(host, headers, ct), ct);

    /// <summary>
    /// Writes and reads at once: a refusal ends the response while a write may still wait on a request stream the server
    /// will never read (HTTP/2 flow control), so the status is read first and the call disposed, ending that write.
    /// </summary>
    private static async Task LoadSampleDryRunOnceAsync(RunningHost host, Metadata? headers, CancellationToken ct)
    {
        using var call = new RegistryService.RegistryServiceClient(host.Channel).LoadBundle(headers, deadline: DateTime.UtcNow.AddMinutes(2), cancellationToken: ct);
        var writing = WriteSampleAsync(call.RequestStream, ct);
        try
        {
            await foreach (var _ in call.ResponseStream.ReadAllAsync(ct)) { }
        }
        catch (RpcException)
        {
            call.Dispose();
            try
            {
                await writing;
            }
            catch (OperationCanceledException)
            {
                // The write that waited on the refused stream, ended by the dispose.
            }
            throw;
        }
        await writing;
    }

    private static async Task WriteSampleAsync(IClientStreamWriter<BundleChunk> stream, CancellationToken ct)
    {
        try
        {
            var first = true;
            foreach (var file in new[] { "units.geojson", "details.json" })
            {
                var data = await File.ReadAllBytesAsync(Path.Combine(RunningHost.SampleCity, file), ct);
                foreach (var piece in data.Chunk(512 * 1024))
                {
                    await stream.WriteAsync(new BundleChunk { File = file, Data = ByteString.CopyFrom(piece), DryRun = first }, ct);
                    first = false;
                }
            }
            await stream.CompleteAsync();
        }
        catch (RpcException)
        {
            // Refused early: the status comes with the response stream.
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or System.Net.Http.HttpProtocolException)
        {
            // The call already ended (refused; the server may reset the request side): the status comes with the response stream.
        }
    }

    private static long _sequence = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    /// <summary>One batch with one reading of a sensor of <see cref="Identities.HazardSource"/>; throws unless it is accepted.</summary>
    /// <summary>
    /// The id of an alarm that stays active (GT-02 of <see cref="Identities.HazardSource"/> held in HIGH), raised by
    /// the administrator on first use; acknowledging it again and again answers OK.
    /// </summary>
    public static async Task<string> ActiveAlarmAsync(RunningHost host, CancellationToken ct)
    {
        var alarms = new AlarmService.AlarmServiceClient(host.Channel);
        var sensor = $"{Identities.HazardSource}.GT-02";
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var list = await alarms.ListAlarmsAsync(new ListAlarmsRequest { PathPrefix = Identities.PathOf(Identities.HazardSource) }, Identities.CityAdmin.Headers, cancellationToken: ct);
            if (list.Alarms.FirstOrDefault(a => a.Sensor == sensor && a.ClearedAt is null) is { } alarm) return alarm.Id;
            if (attempt == 0) await SendValueAsync(host, Identities.CityAdmin.Headers, sensor, 30, ct);
            await Task.Delay(50, ct);
        }
        throw new InvalidOperationException($"no alarm was raised on {sensor}");
    }

    private static async Task SendValueAsync(RunningHost host, Metadata? headers, string sensor, double value, CancellationToken ct)
    {
        using var call = new IngestService.IngestServiceClient(host.Channel).StreamReadings(headers, cancellationToken: ct);
        var batch = new ReadingBatch { BatchId = 1 };
        batch.Readings.Add(new Reading { Sensor = sensor, Value = value, EventTimeMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 500, Sequence = (ulong)Interlocked.Increment(ref _sequence) });
        await call.RequestStream.WriteAsync(batch, ct);
        await call.RequestStream.CompleteAsync();
        await foreach (var ack in call.ResponseStream.ReadAllAsync(ct))
            if (ack.Rejected.Count > 0) throw new InvalidOperationException($"{sensor}: {ack.Rejected[0].Reason}");
    }

    public static Task SendReadingAsync(RunningHost host, Metadata? headers, CancellationToken ct) =>
        RetryTransportCancelAsync(() => SendReadingOnceAsync(host, headers, ct), ct);

    private static async Task SendReadingOnceAsync(RunningHost host, Metadata? headers, CancellationToken ct)
    {
        using var call = new IngestService.IngestServiceClient(host.Channel).StreamReadings(headers, cancellationToken: ct);
        var batch = new ReadingBatch { BatchId = 1 };
        batch.Readings.Add(new Reading { Sensor = $"{Identities.HazardSource}.GT-01", Value = 1, EventTimeMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 1_000, Sequence = (ulong)Interlocked.Increment(ref _sequence) });
        try
        {
            await call.RequestStream.WriteAsync(batch, ct);
            await call.RequestStream.CompleteAsync();
        }
        catch (Exception e) when (e is RpcException or InvalidOperationException or IOException or System.Net.Http.HttpProtocolException)
        {
            // Refused early: the status comes with the response stream below.
        }
        var acks = new List<BatchAck>();
        await foreach (var ack in call.ResponseStream.ReadAllAsync(ct)) acks.Add(ack);
        if (acks.Count != 1 || acks[0].Accepted != 1) throw new Xunit.Sdk.XunitException($"the reading was not accepted: {string.Join("; ", acks)}");
    }

    /// <summary>Opens a watch on the enterprise's subtree and reads its snapshot.</summary>
    public static async Task WatchSnapshotAsync(RunningHost host, Metadata? headers, CancellationToken ct)
    {
        using var call = new WatchService.WatchServiceClient(host.Channel).Watch(new WatchRequest { PathPrefix = Identities.PathOf(Identities.Enterprise) }, headers, cancellationToken: ct);
        while (await call.ResponseStream.MoveNext(ct))
        {
            if (call.ResponseStream.Current.Type == WatchEvent.Types.Type.SnapshotEnd) return;
        }
        throw new Xunit.Sdk.XunitException("the watch ended before its snapshot did");
    }

    /// <summary>Every unit the registry holds, with its version (as a city administrator sees it).</summary>
    public static async Task<Dictionary<string, long>> VersionsAsync(RunningHost host, Metadata? headers, CancellationToken ct)
    {
        var page = await new QueryService.QueryServiceClient(host.Channel).FindUnitsAsync(new FindUnitsRequest { PageSize = 10_000 }, headers, cancellationToken: ct);
        return page.Units.ToDictionary(u => u.Code, u => u.Version);
    }

    /// <summary>Reads the whole audit chain.</summary>
    public static async Task ReadChainAsync(RunningHost host, Metadata? headers, CancellationToken ct)
    {
        using var call = new AuditService.AuditServiceClient(host.Channel).ReadAuditChain(new ReadAuditChainRequest(), headers, cancellationToken: ct);
        await foreach (var _ in call.ResponseStream.ReadAllAsync(ct)) { }
    }
}
