using System.Diagnostics;
using CityTwin.Abstractions.Live;
using CityTwin.Abstractions.Observability;
using CityTwin.Abstractions.Registry;
using CityTwin.Abstractions.Worlds;
using CityTwin.Server.Calls;
using CityTwin.Server.Security;
using Grpc.Core;
using Microsoft.Extensions.Options;
using Proto = CityTwin.Protos.V1;

namespace CityTwin.Server.Ingest;

/// <summary>
/// citytwin.v1.IngestService: a feeder's stream of reading batches, each answered by one acknowledgement. Bad
/// readings are listed and never end the stream; the good ones are grouped by hazard source and applied with one
/// grain call per source per batch. See docs/ingest.md.
/// </summary>
public sealed class IngestGrpcService(SensorDirectory directory, ScopeResolver scopes, TimeProvider time, IOptions<IngestOptions> options,
    Security.Limits.CallerLimits limits)
    : Proto.IngestService.IngestServiceBase
{
    public override async Task StreamReadings(IAsyncStreamReader<Proto.ReadingBatch> requestStream, IServerStreamWriter<Proto.BatchAck> responseStream, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        // A feed writes its own sensors only: the caller's scope is resolved once per stream.
        var caller = Callers.Of(context);
        var visible = await scopes.VisibleToAsync(caller);
        var rateKey = Security.Limits.CallerKey.Of(context.GetHttpContext());
        await foreach (var batch in requestStream.ReadAllAsync(ct))
        {
            if (batch.Readings.Count > options.Value.MaxBatchReadings)
                throw Failures.ResourceExhausted("MaxBatchReadings", $"batch {batch.BatchId} carries {batch.Readings.Count} readings; at most {options.Value.MaxBatchReadings} per batch");
            await limits.AdmitReadingsAsync(rateKey, batch.Readings.Count, ct);
            await responseStream.WriteAsync(await ApplyAsync(batch, visible, caller.Scope.ToString()), ct);
        }
    }

    public async Task<Proto.BatchAck> ApplyAsync(Proto.ReadingBatch batch, VisibleUnits visible, string scope)
    {
        using var activity = CityTwinTelemetry.Source.StartActivity("ingest.batch");
        activity?.SetTag("citytwin.batch_id", batch.BatchId);
        activity?.SetTag("citytwin.readings", batch.Readings.Count);
        var ack = await ApplyBatchAsync(batch, visible, scope);
        CityTwinTelemetry.Readings.Add(ack.Accepted, CityTwinTelemetry.Tag("outcome", "accepted"));
        if (ack.Rejected.Count > 0) CityTwinTelemetry.Readings.Add(ack.Rejected.Count, CityTwinTelemetry.Tag("outcome", "rejected"));
        activity?.SetTag("citytwin.rejected", ack.Rejected.Count);
        return ack;
    }

    private async Task<Proto.BatchAck> ApplyBatchAsync(Proto.ReadingBatch batch, VisibleUnits visible, string scope)
    {
        var ack = new Proto.BatchAck { BatchId = batch.BatchId };
        var routes = await directory.RoutesAsync();
        var latest = time.GetUtcNow().Add(options.Value.ClockSkew).ToUnixTimeMilliseconds();
        var groups = new Dictionary<string, Group>(StringComparer.Ordinal);

        for (var i = 0; i < batch.Readings.Count; i++)
        {
            var r = batch.Readings[i];
            if (!routes.TryGetValue(r.Sensor, out var route))
            {
                routes = await directory.RefreshAsync();
                if (!routes.TryGetValue(r.Sensor, out route)) { Reject(ack, i, r, "unknown sensor"); continue; }
            }
            if (!visible.Contains(route.Path)) { Reject(ack, i, r, $"sensor outside the caller's scope ({scope})"); continue; }
            if (!r.Fault && !double.IsFinite(r.Value)) { Reject(ack, i, r, "value is not finite"); continue; }
            if (r.EventTimeMs <= 0) { Reject(ack, i, r, "event_time_ms is missing"); continue; }
            if (r.EventTimeMs > latest) { Reject(ack, i, r, $"event time beyond the allowed clock skew ({options.Value.ClockSkew.TotalSeconds:0} s)"); continue; }
            if (r.Sequence > long.MaxValue) { Reject(ack, i, r, "sequence is out of range"); continue; }
            if (!groups.TryGetValue(route.Source, out var group)) groups[route.Source] = group = new Group(route.Source, route.Version);
            group.Add(i, route.Index, r);
        }

        var started = Stopwatch.GetTimestamp();
        var outcomes = await Task.WhenAll(groups.Values.Select(SendAsync));
        CityTwinTelemetry.BatchGrainLatency.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        foreach (var (group, outcome) in groups.Values.Zip(outcomes))
        {
            if (outcome.RegistryMoved)
            {
                foreach (var i in group.Positions) Reject(ack, i, batch.Readings[i], "the sensor's registry entry changed; re-send the batch");
                continue;
            }
            ack.Accepted += outcome.Applied + outcome.Duplicates;
            ack.Duplicates += outcome.Duplicates;
        }
        return ack;
    }

    /// <summary>One call for the source; when its registry moved on, re-route once with a fresh directory.</summary>
    private async Task<ReadingsOutcome> SendAsync(Group group)
    {
        var grain = directory.GrainOf(group.Source);
        var outcome = await grain.ApplyReadingsAsync(group.Build(group.Version));
        if (!outcome.RegistryMoved) return outcome;
        var fresh = await directory.RefreshAsync(force: true);
        var rerouted = group.Reroute(fresh);
        return rerouted is null ? outcome : await grain.ApplyReadingsAsync(rerouted);
    }

    private static void Reject(Proto.BatchAck ack, int index, Proto.Reading r, string reason) =>
        ack.Rejected.Add(new Proto.RejectedReading { Index = index, Sensor = r.Sensor, Reason = reason });

    /// <summary>A batch's readings for one source, accumulated in the parallel arrays the grain takes.</summary>
    private sealed class Group(string source, long version)
    {
        private readonly List<(int Position, int Sensor, Proto.Reading Reading)> _items = [];

        public string Source => source;
        public long Version => version;
        public IEnumerable<int> Positions => _items.Select(x => x.Position);

        public void Add(int position, int sensor, Proto.Reading reading) => _items.Add((position, sensor, reading));

        public SourceReadings Build(long registryVersion)
        {
            var sensors = new int[_items.Count];
            for (var i = 0; i < sensors.Length; i++) sensors[i] = _items[i].Sensor;
            return Build(registryVersion, sensors);
        }

        private SourceReadings Build(long registryVersion, int[] sensors)
        {
            // Plain loops: this runs for every source of every batch (a million readings a second).
            var n = _items.Count;
            var (values, times, sequences, faults) = (new double[n], new long[n], new long[n], new bool[n]);
            for (var i = 0; i < n; i++)
            {
                var r = _items[i].Reading;
                (values[i], times[i], sequences[i], faults[i]) = (r.Value, r.EventTimeMs, (long)r.Sequence, r.Fault);
            }
            return new SourceReadings(registryVersion, sensors, values, times, sequences, faults);
        }

        /// <summary>The same readings routed by a fresher directory, or null if a sensor left this source.</summary>
        public SourceReadings? Reroute(IReadOnlyDictionary<string, SensorRoute> routes)
        {
            var sensors = new int[_items.Count];
            long? registryVersion = null;
            for (var i = 0; i < _items.Count; i++)
            {
                if (!routes.TryGetValue(_items[i].Reading.Sensor, out var route) || route.Source != source) return null;
                sensors[i] = route.Index;
                registryVersion = route.Version;
            }
            return registryVersion is { } v ? Build(v, sensors) : null;
        }
    }
}
