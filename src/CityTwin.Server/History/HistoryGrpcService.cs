using CityTwin.Abstractions.Records;
using CityTwin.Abstractions.Registry;
using CityTwin.Abstractions.Worlds;
using CityTwin.Domain.History;
using CityTwin.Domain.Units;
using CityTwin.Server.Calls;
using CityTwin.Server.Ingest;
using CityTwin.Server.Security;
using Grpc.Core;
using Microsoft.Extensions.Options;
using Proto = CityTwin.Protos.V1;

namespace CityTwin.Server.History;

/// <summary>
/// citytwin.v1.HistoryService: a sensor's stored points between two times, and the downsampled series for charts,
/// from the silo's history store. The sensor's hazard source must lie within the caller's scope.
/// </summary>
public sealed class HistoryGrpcService(ISensorHistory history, SensorDirectory sensors, RegistryClient registry, ScopeResolver scopes,
    TimeProvider time, IOptions<HistoryOptions> options) : Proto.HistoryService.HistoryServiceBase
{
    private const int DefaultLimit = 10_000;
    private const int MaxLimit = 100_000;
    private const int MaxBuckets = 10_000;
    private static readonly TimeSpan DefaultSpan = TimeSpan.FromHours(1);

    public override async Task<Proto.SensorReadings> GetReadings(Proto.GetReadingsRequest request, ServerCallContext context)
    {
        if (request.Limit is < 0 or > MaxLimit) throw Failures.InvalidArgument("limit", $"must lie between 0 and {MaxLimit}");
        var (from, to) = Range(request.From, request.To);
        var (route, sensor) = await SensorAsync(request.Sensor, context);
        var limit = request.Limit == 0 ? DefaultLimit : request.Limit;
        var points = await history.PointsAsync(GrainKey.Live, request.Sensor, from, to, limit + 1, context.CancellationToken);
        var inRange = points.Count(p => p.TimeMs >= from.ToUnixTimeMilliseconds());
        var reply = new Proto.SensorReadings
        {
            Sensor = request.Sensor, Source = route.Source, Unit = sensor.Unit, Truncated = inRange > limit,
            Deadband = options.Value.DeadbandOf(sensor.RangeMin, sensor.RangeMax),
        };
        reply.Points.AddRange(points.Take(points.Count - (inRange > limit ? 1 : 0)).Select(p => new Proto.HistoryReading { TimeMs = p.TimeMs, Value = p.Value }));
        return reply;
    }

    public override async Task<Proto.SensorSeries> GetSeries(Proto.GetSeriesRequest request, ServerCallContext context)
    {
        if (request.BucketSeconds < 0) throw Failures.InvalidArgument("bucket_seconds", "must not be negative");
        var (from, to) = Range(request.From, request.To);
        var bucket = TimeSpan.FromSeconds(request.BucketSeconds == 0 ? 60 : request.BucketSeconds);
        if ((to - from) / bucket > MaxBuckets) throw Failures.InvalidArgument("bucket_seconds", $"the range holds more than {MaxBuckets} buckets of {bucket.TotalSeconds:0} s; use larger buckets");
        var (route, sensor) = await SensorAsync(request.Sensor, context);
        var points = await history.PointsAsync(GrainKey.Live, request.Sensor, from, to, int.MaxValue, context.CancellationToken);
        var reply = new Proto.SensorSeries
        {
            Sensor = request.Sensor, Source = route.Source, Unit = sensor.Unit, Deadband = options.Value.DeadbandOf(sensor.RangeMin, sensor.RangeMax),
            High = sensor.SetPoints.High ?? double.NaN, HighHigh = sensor.SetPoints.HighHigh ?? double.NaN,
            Low = sensor.SetPoints.Low ?? double.NaN, LowLow = sensor.SetPoints.LowLow ?? double.NaN,
        };
        foreach (var b in Historian.Downsample(points, from.ToUnixTimeMilliseconds(), to.ToUnixTimeMilliseconds(), (long)bucket.TotalMilliseconds))
            reply.Buckets.Add(new Proto.SeriesBucket { StartMs = b.StartMs, Min = b.Min, Max = b.Max, Mean = b.Mean, Last = b.Last, StoredPoints = b.StoredPoints });
        return reply;
    }

    private (DateTimeOffset From, DateTimeOffset To) Range(Google.Protobuf.WellKnownTypes.Timestamp? from, Google.Protobuf.WellKnownTypes.Timestamp? to)
    {
        var end = to?.ToDateTimeOffset() ?? time.GetUtcNow();
        var start = from?.ToDateTimeOffset() ?? end - DefaultSpan;
        if (start >= end) throw Failures.InvalidArgument("from", "must be before `to`");
        return (start, end);
    }

    /// <summary>The sensor's route and registry entry, within the caller's scope, or the error saying why not.</summary>
    private async Task<(SensorRoute Route, Sensor Sensor)> SensorAsync(string code, ServerCallContext context)
    {
        if (string.IsNullOrEmpty(code)) throw Failures.InvalidArgument("sensor", "is required");
        var route = await sensors.FindAsync(code)
            ?? throw new RpcException(new Status(StatusCode.NotFound, $"sensor '{(code.Length > 80 ? code[..80] + "…" : code)}' is not registered"));
        var caller = Callers.Of(context);
        if (!(await scopes.VisibleToAsync(caller)).Contains(route.Path)) throw Failures.OutsideScope(caller.Scope, route.Source, "read");
        var unit = (await registry.GetAsync(route.Source))?.Unit ?? throw Failures.NotFound(route.Source);
        var sensor = unit.HazardSource?.Sensors.FirstOrDefault(s => s.Code == code) ?? throw new RpcException(new Status(StatusCode.NotFound, $"sensor '{code}' is not registered"));
        return (route, sensor);
    }
}
