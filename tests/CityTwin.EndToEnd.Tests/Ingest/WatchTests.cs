using CityTwin.Domain.Registry;
using CityTwin.Domain.Risk;
using CityTwin.Protos.V1;
using Grpc.Core;
using Xunit;
using RiskLevel = CityTwin.Protos.V1.RiskLevel;

namespace CityTwin.EndToEnd.Tests.Ingest;

/// <summary>WatchService over real gRPC: snapshot, changes with increasing versions, resume, and slow readers.</summary>
public class WatchTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly IReadOnlyList<CityTwin.Domain.Units.Unit> Sample = BundleValidator.Validate(BundleReader.ReadDirectory(RunningHost.SampleCity)).Units;

    /// <summary>A source whose alarm shows above its enterprise (both inherently Yellow or better), and a toxic-gas sensor on it.</summary>
    private static (CityTwin.Domain.Units.Unit Source, CityTwin.Domain.Units.Sensor Sensor) Target()
    {
        var inherent = InherentLevels.OfAll(Sample);
        var source = Sample.First(u => u.HazardSource?.Sensors.Any(s => s.Kind == "toxic-gas") == true
            && inherent[u.Code].Level <= CityTwin.Domain.Risk.RiskLevel.Yellow
            && InherentLevels.OfEnterprise(Sample.First(e => e.Code == u.Parent), RiskRules.Default, []).Level <= CityTwin.Domain.Risk.RiskLevel.Yellow);
        return (source, source.HazardSource!.Sensors.First(s => s.Kind == "toxic-gas"));
    }

    private static async Task<BatchAck> SendAsync(RunningHost host, string sensor, double value, ulong sequence)
    {
        using var call = new IngestService.IngestServiceClient(host.Channel).StreamReadings(cancellationToken: Ct);
        var batch = new ReadingBatch { BatchId = sequence };
        batch.Readings.Add(new Reading { Sensor = sensor, Value = value, EventTimeMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), Sequence = sequence });
        await call.RequestStream.WriteAsync(batch, Ct);
        Assert.True(await call.ResponseStream.MoveNext(Ct));
        await call.RequestStream.CompleteAsync();
        return call.ResponseStream.Current;
    }

    private static async Task<List<WatchEvent>> SnapshotAsync(IAsyncStreamReader<WatchEvent> stream)
    {
        var events = new List<WatchEvent>();
        while (await stream.MoveNext(Ct))
        {
            if (stream.Current.Type == WatchEvent.Types.Type.SnapshotEnd) { events.Add(stream.Current); return events; }
            events.Add(stream.Current);
        }
        throw new Xunit.Sdk.XunitException("the stream ended before the snapshot did");
    }

    private static async Task<WatchEvent> NextChangeAsync(IAsyncStreamReader<WatchEvent> stream, Func<WatchEvent, bool> wanted)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(20));
        while (await stream.MoveNext(timeout.Token))
        {
            if (stream.Current.Type == WatchEvent.Types.Type.Change && wanted(stream.Current)) return stream.Current;
        }
        throw new Xunit.Sdk.XunitException("no such change arrived");
    }

    [Fact]
    public async Task A_watch_starts_with_a_snapshot_then_carries_the_spike_up_the_tree_with_increasing_versions()
    {
        await using var host = await RunningHost.StartAsync();
        var (source, sensor) = Target();
        var banner = source.Path.Split('/')[1];
        using var watch = new WatchService.WatchServiceClient(host.Channel).Watch(new WatchRequest { PathPrefix = $"150600/{banner}" }, cancellationToken: Ct);

        var snapshot = await SnapshotAsync(watch.ResponseStream);
        var expected = Sample.Count(u => u.Path.StartsWith($"150600/{banner}", StringComparison.Ordinal) && u.Kind != CityTwin.Domain.Units.UnitKind.RescueTeam);
        Assert.Equal(expected, snapshot.Count - 1);
        Assert.All(snapshot.SkipLast(1), e => Assert.StartsWith($"150600/{banner}", e.Path));
        var before = snapshot.ToDictionary(e => e.Unit?.Code ?? "", e => e.Unit?.Version ?? 0);

        Assert.Equal(1, (await SendAsync(host, sensor.Code, sensor.SetPoints.HighHigh!.Value * 1.25, 1)).Accepted);

        var hs = await NextChangeAsync(watch.ResponseStream, e => e.Unit.Code == source.Code && e.Unit.Level >= RiskLevel.Orange);
        Assert.True(hs.Unit.Version > before[source.Code]);
        Assert.Contains(hs.Unit.Reasons, r => r.Rule.StartsWith("ALARM_HH", StringComparison.Ordinal));
        var enterprise = await NextChangeAsync(watch.ResponseStream, e => e.Unit.Code == source.Parent);
        Assert.True(enterprise.Unit.Version > before[source.Parent!]);
        Assert.True(long.Parse(enterprise.ResumeToken) >= long.Parse(hs.ResumeToken));
    }

    [Fact]
    public async Task Reconnecting_with_the_resume_token_brings_the_current_state_of_what_changed_meanwhile()
    {
        await using var host = await RunningHost.StartAsync();
        var (source, sensor) = Target();
        var client = new WatchService.WatchServiceClient(host.Channel);
        // The first snapshot activates every source; the token taken a little later covers all of that.
        using (var warmup = client.Watch(new WatchRequest { Kinds = { UnitKind.HazardSource } }, cancellationToken: Ct))
            await SnapshotAsync(warmup.ResponseStream);
        await Task.Delay(1_200, Ct);   // past the resume margin
        string token;
        using (var first = client.Watch(new WatchRequest { Kinds = { UnitKind.HazardSource } }, cancellationToken: Ct))
            token = (await SnapshotAsync(first.ResponseStream))[^1].ResumeToken;
        Assert.NotEmpty(token);
        await Task.Delay(1_200, Ct);
        Assert.Equal(1, (await SendAsync(host, sensor.Code, sensor.SetPoints.HighHigh!.Value * 1.25, 1)).Accepted);
        var query = new QueryService.QueryServiceClient(host.Channel);
        for (var i = 0; i < 100 && (await query.GetLevelAsync(new GetLevelRequest { Code = source.Code }, cancellationToken: Ct)).Level < RiskLevel.Orange; i++) await Task.Delay(50, Ct);

        using var second = client.Watch(new WatchRequest { Kinds = { UnitKind.HazardSource }, ResumeToken = token }, cancellationToken: Ct);
        var resumed = await SnapshotAsync(second.ResponseStream);
        var changed = Assert.Single(resumed, e => e.Unit?.Code == source.Code);
        Assert.True(changed.Unit.Level >= RiskLevel.Orange);
        Assert.True(resumed.Count < Sample.Count(u => u.HazardSource is not null) / 2, $"a resume should not resend the whole city ({resumed.Count} events)");
    }

    [Fact]
    public async Task A_slow_watcher_does_not_slow_ingestion_and_is_told_its_changes_were_folded()
    {
        await using var host = await RunningHost.StartAsync();
        var (source, sensor) = Target();
        using var watch = new WatchService.WatchServiceClient(host.Channel).Watch(new WatchRequest { Kinds = { UnitKind.HazardSource } }, cancellationToken: Ct);
        await SnapshotAsync(watch.ResponseStream);

        // The watcher now reads nothing while the source's reading flips 400 times, each a change of its summary (the
        // reason quotes the value): far more than the client's HTTP/2 window holds, so the server must fold.
        using var feed = new IngestService.IngestServiceClient(host.Channel).StreamReadings(cancellationToken: Ct);
        var acked = 0;
        var start = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        for (var i = 1; i <= 400; i++)
        {
            var batch = new ReadingBatch { BatchId = (ulong)i };
            batch.Readings.Add(new Reading { Sensor = sensor.Code, Value = i % 2 == 1 ? sensor.SetPoints.HighHigh!.Value * 1.25 : 0, EventTimeMs = start + i, Sequence = (ulong)i });
            await feed.RequestStream.WriteAsync(batch, Ct);
            Assert.True(await feed.ResponseStream.MoveNext(Ct));
            acked += feed.ResponseStream.Current.Accepted;
        }
        await feed.RequestStream.CompleteAsync();
        Assert.Equal(400, acked);

        // The first changes went out before the window filled; a later one must say how many it folded.
        var folded = await NextChangeAsync(watch.ResponseStream, e => e.Unit.Code == source.Code && e.Coalesced > 0);
        Assert.True(folded.Coalesced > 0);
    }

    [Fact]
    public async Task Bad_watch_requests_are_INVALID_ARGUMENT_naming_the_field()
    {
        await using var host = await RunningHost.StartAsync(sampleCity: "");
        var client = new WatchService.WatchServiceClient(host.Channel);
        async Task<string> Refused(WatchRequest request)
        {
            using var call = client.Watch(request, cancellationToken: Ct);
            var e = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(Ct));
            Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
            return e.Status.Detail;
        }
        Assert.StartsWith("resume_token:", await Refused(new WatchRequest { ResumeToken = "yesterday" }));
        Assert.StartsWith("kinds:", await Refused(new WatchRequest { Kinds = { UnitKind.RescueTeam } }));
        Assert.StartsWith("min_level:", await Refused(new WatchRequest { MinLevel = (RiskLevel)9 }));
        Assert.StartsWith("path_prefix:", await Refused(new WatchRequest { PathPrefix = "150600//x" }));
    }
}
