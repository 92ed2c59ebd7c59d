using System.CommandLine;
using System.Globalization;
using CityTwin.Cli.Charts;
using CityTwin.Protos.V1;
using Google.Protobuf.WellKnownTypes;

namespace CityTwin.Cli.Commands;

/// <summary>
/// <c>citytwin history SENSOR... --from --to [--bucket 1m] [--chart out.svg]</c>: a sensor's monitoring history, as
/// stored points (reconstructed within the deadband) or per bucket; the chart draws the sensors with their set-points
/// and alarms.
/// </summary>
public static class HistoryCommand
{
    public static Command Create(CliConsole console)
    {
        var sensors = new Argument<string[]>("sensor") { Description = "sensor code(s)", Arity = ArgumentArity.OneOrMore };
        var from = new Option<DateTimeOffset?>("--from") { Description = "start, e.g. 2026-11-24T03:00:00+08:00 (default: one hour before --to)" };
        var to = new Option<DateTimeOffset?>("--to") { Description = "end (default: now)" };
        var bucket = new Option<TimeSpan?>("--bucket") { Description = "downsample to buckets, e.g. 00:01:00 or 1m; default: every stored point" };
        var chart = new Option<string>("--chart") { Description = "write an SVG chart of the sensors (with set-points and alarms) to this file" };
        var command = new Command("history", "A sensor's monitoring history: stored points or per-bucket min/max/mean/last, optionally as an SVG chart")
            { sensors, from, to, bucket, chart };
        command.SetAction((parse, ct) =>
        {
            var end = parse.GetValue(to) ?? DateTimeOffset.UtcNow;
            var start = parse.GetValue(from) ?? end.AddHours(-1);
            if (start >= end) return Task.FromResult(console.Fail("--from must be before --to"));
            return Cli.Run(console, parse, async channel =>
            {
                var history = new HistoryService.HistoryServiceClient(channel);
                var codes = parse.GetValue(sensors)!;
                var chartPath = parse.GetValue(chart);
                var step = parse.GetValue(bucket) ?? (chartPath is null ? null : TimeSpan.FromSeconds(Math.Max(1, Math.Ceiling((end - start).TotalSeconds / 500))));
                var svg = new SensorChartSvg(start, end);
                foreach (var code in codes)
                {
                    if (step is { } b)
                    {
                        var series = await history.GetSeriesAsync(new GetSeriesRequest
                        {
                            Sensor = code, From = Timestamp.FromDateTimeOffset(start), To = Timestamp.FromDateTimeOffset(end), BucketSeconds = (int)Math.Max(1, b.TotalSeconds),
                        }, cancellationToken: ct);
                        if (chartPath is not null) svg.Add(series, await AlarmsAsync(channel, series.Source, start, ct));
                        else if (parse.GetValue(CliOptions.Json)) console.Json(series);
                        else
                        {
                            console.Out.WriteLine($"{series.Sensor} ({series.Unit}), every reading within ±{N(series.Deadband)}");
                            console.Table(["bucket", "min", "max", "mean", "last", "stored"], series.Buckets.Select(x => (IReadOnlyList<string>)
                                [Time(x.StartMs), N(x.Min), N(x.Max), N(x.Mean), N(x.Last), x.StoredPoints.ToString(CultureInfo.InvariantCulture)]));
                        }
                        continue;
                    }
                    var readings = await history.GetReadingsAsync(new GetReadingsRequest { Sensor = code, From = Timestamp.FromDateTimeOffset(start), To = Timestamp.FromDateTimeOffset(end) }, cancellationToken: ct);
                    if (parse.GetValue(CliOptions.Json)) { console.Json(readings); continue; }
                    console.Out.WriteLine($"{readings.Sensor} ({readings.Unit}): {readings.Points.Count} stored points; each reading within ±{N(readings.Deadband)} of the value held since the point before it{(readings.Truncated ? " (truncated)" : "")}");
                    console.Table(["time", "value"], readings.Points.Select(p => (IReadOnlyList<string>)[Time(p.TimeMs), N(p.Value)]));
                }
                if (chartPath is not null)
                {
                    await File.WriteAllTextAsync(chartPath, svg.Render(), ct);
                    console.Out.WriteLine($"wrote {chartPath}");
                }
                return 0;
            });
        });
        return command;
    }

    /// <summary>The source's alarms raised in the period or still active, to mark on the chart.</summary>
    private static async Task<IReadOnlyList<Alarm>> AlarmsAsync(Grpc.Net.Client.GrpcChannel channel, string source, DateTimeOffset since, CancellationToken ct)
    {
        var unit = await new QueryService.QueryServiceClient(channel).GetUnitAsync(new GetUnitRequest { Code = source }, cancellationToken: ct);
        var list = await new AlarmService.AlarmServiceClient(channel).ListAlarmsAsync(new ListAlarmsRequest
        {
            PathPrefix = unit.Path, ClosedSince = Timestamp.FromDateTimeOffset(since), Limit = 1_000,
        }, cancellationToken: ct);
        return list.Alarms;
    }

    private static string N(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);

    private static string Time(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms).ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
