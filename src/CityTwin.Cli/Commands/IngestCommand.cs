using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using CityTwin.Protos.V1;
using CityTwin.Cli.Feeding;
using Grpc.Core;
using Grpc.Net.Client;

namespace CityTwin.Cli.Commands;

/// <summary>
/// <c>citytwin ingest</c>: feeds readings over IngestService.StreamReadings — replayed from a CSV file
/// (sensor,value,event_time_ms,sequence[,fault]) or simulated for the sensors of a scope — with a progress line.
/// </summary>
public static class IngestCommand
{
    public static Command Create(CliConsole console)
    {
        var file = new Argument<string?>("file") { Description = "CSV to replay: sensor,value,event_time_ms,sequence[,fault]", Arity = ArgumentArity.ZeroOrOne };
        var simulate = new Option<bool>("--simulate") { Description = "simulate the sensors of the scope instead of replaying a file" };
        var scope = new Option<string>("--scope") { Description = "path prefix whose sensors to simulate", DefaultValueFactory = _ => "150600" };
        var rate = new Option<double>("--rate") { Description = "readings per sensor per second", DefaultValueFactory = _ => 1 };
        var duration = new Option<TimeSpan>("--duration") { Description = "how long to simulate, e.g. 00:01:00", DefaultValueFactory = _ => TimeSpan.FromMinutes(1) };
        var spikes = new Option<double>("--spike-share") { Description = "share of sensors that cross their high-high set-point now and then", DefaultValueFactory = _ => 0.01 };
        var seed = new Option<int>("--seed") { Description = "random seed of the simulation", DefaultValueFactory = _ => 1 };
        var batch = new Option<int>("--batch") { Description = "readings per batch", DefaultValueFactory = _ => 2_000 };
        var command = new Command("ingest", "Feed sensor readings: replay a CSV file or --simulate the sensors of a scope, with a progress line")
        {
            file, simulate, scope, rate, duration, spikes, seed, batch,
        };
        // Not through Cli.Run: that would start a broken feed over on the next server; the feed fails over itself, mid-stream.
        command.SetAction(async (parse, ct) =>
        {
            var batchSize = Math.Clamp(parse.GetValue(batch), 1, 10_000);
            IEnumerable<Reading> readings;
            try
            {
                if (parse.GetValue(simulate))
                {
                    var sensors = await Connection.CallAsync(parse, channel => SensorsAsync(channel, parse.GetValue(scope)!, ct));
                    if (sensors.Count == 0) return console.Fail($"no sensors under {parse.GetValue(scope)}");
                    readings = Simulate(sensors, parse.GetValue(rate), parse.GetValue(duration), parse.GetValue(spikes), parse.GetValue(seed));
                }
                else
                {
                    var path = parse.GetValue(file);
                    if (path is null) return console.Fail("give a CSV file to replay, or --simulate");
                    if (!File.Exists(path)) return console.Fail($"no such file: {path}");
                    readings = Replay(path);
                }
                return await FeedAsync(console, parse, readings, batchSize, ct);
            }
            catch (RpcException e)
            {
                return console.Fail(e);
            }
        });
        return command;
    }

    private sealed record SimSensor(string Code, double Min, double Max, double Normal, double? HighHigh);

    private static async Task<List<SimSensor>> SensorsAsync(GrpcChannel channel, string scope, CancellationToken ct)
    {
        var query = new QueryService.QueryServiceClient(channel);
        var codes = new List<string>();
        var token = "";
        do
        {
            var page = await query.FindUnitsAsync(new FindUnitsRequest { Kinds = { UnitKind.HazardSource }, PathPrefix = scope, PageSize = 1000, PageToken = token }, cancellationToken: ct);
            codes.AddRange(page.Units.Select(u => u.Code));
            token = page.NextPageToken;
        } while (token.Length > 0);
        // In slices, and backing off when the server's per-caller rate limit says so: a client should not flood.
        var units = new List<Unit>();
        foreach (var slice in codes.Chunk(50))
            units.AddRange(await Retry.OnRateLimitAsync(() => Task.WhenAll(slice.Select(c => query.GetUnitAsync(new GetUnitRequest { Code = c }, cancellationToken: ct).ResponseAsync)), ct));
        return units.SelectMany(u => u.HazardSource.Sensors).Select(s =>
        {
            var ceiling = s.HasHigh ? s.High : s.RangeMax;
            var floor = s.HasLow ? s.Low : s.RangeMin;
            return new SimSensor(s.Code, s.RangeMin, s.RangeMax, floor + (ceiling - floor) * 0.4, s.HasHighHigh ? s.HighHigh : null);
        }).ToList();
    }

    /// <summary>Random walks around a normal value; a seeded few sensors go past high-high for a while, then recover.</summary>
    private static IEnumerable<Reading> Simulate(List<SimSensor> sensors, double rate, TimeSpan duration, double spikeShare, int seed)
    {
        var random = new Random(seed);
        var spiking = sensors.Where(s => s.HighHigh is not null && random.NextDouble() < spikeShare).Select(s => s.Code).ToHashSet();
        var period = TimeSpan.FromSeconds(1 / Math.Max(rate, 0.001));
        var start = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        for (var tick = 1L; clock.Elapsed < duration; tick++)
        {
            var due = period * tick;
            if (due > clock.Elapsed) Thread.Sleep(due - clock.Elapsed);
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            var phase = (int)((DateTimeOffset.UtcNow - start).TotalSeconds / 20) % 2 == 0;   // spikes 20 s on, 20 s off
            foreach (var s in sensors)
            {
                var value = spiking.Contains(s.Code) && phase
                    ? s.HighHigh!.Value + (s.Max - s.HighHigh.Value) * 0.2
                    : Math.Clamp(s.Normal + (random.NextDouble() - 0.5) * 0.05 * (s.Max - s.Min), s.Min, s.Max);
                yield return new Reading { Sensor = s.Code, Value = value, EventTimeMs = now, Sequence = (ulong)tick };
            }
        }
    }

    private static IEnumerable<Reading> Replay(string path)
    {
        foreach (var line in File.ReadLines(path))
        {
            var f = line.Split(',');
            if (f.Length < 4 || !double.TryParse(f[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var value)) continue;   // header or blank
            yield return new Reading
            {
                Sensor = f[0].Trim(), Value = value,
                EventTimeMs = long.Parse(f[2], CultureInfo.InvariantCulture), Sequence = ulong.Parse(f[3], CultureInfo.InvariantCulture),
                Fault = f.Length > 4 && f[4].Trim() is "1" or "true",
            };
        }
    }

    private static async Task<int> FeedAsync(CliConsole console, ParseResult parse, IEnumerable<Reading> readings, int batchSize, CancellationToken ct)
    {
        var feed = new ResumableFeed(Connection.Addresses(parse.GetValue(CliOptions.Server)!), Connection.Credentials(CliOptions.TokenOf(parse), CliOptions.ApiKeyOf(parse)), console.Error);
        feed.Rejected += ack =>
        {
            foreach (var r in ack.Rejected.Take(3)) console.Error.WriteLine($"\nrejected {r.Sensor}: {r.Reason}");
        };
        var clock = Stopwatch.StartNew();
        using var progress = new Timer(_ =>
        {
            var t = feed.Totals;
            console.Error.Write($"\rsent {t.Sent:N0}  accepted {t.Accepted:N0}  rejected {t.Rejected:N0}  {t.Sent / clock.Elapsed.TotalSeconds:N0} readings/s   ");
        }, null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        var totals = await feed.RunAsync(Batches(readings, batchSize), ct);
        await progress.DisposeAsync();
        console.Error.WriteLine();
        var failover = totals.Reconnects > 0 ? $", {totals.Reconnects} failover(s)" : "";
        console.Out.WriteLine($"sent {totals.Sent:N0} readings in {totals.Batches} batches: {totals.Accepted:N0} accepted, {totals.Rejected:N0} rejected{failover}, {totals.Sent / Math.Max(clock.Elapsed.TotalSeconds, 0.001):N0} readings/s");
        return totals.Rejected == 0 ? 0 : 1;
    }

    private static IEnumerable<ReadingBatch> Batches(IEnumerable<Reading> readings, int size)
    {
        var id = 0UL;
        foreach (var chunk in readings.Chunk(size))
        {
            var batch = new ReadingBatch { BatchId = ++id };
            batch.Readings.AddRange(chunk);
            yield return batch;
        }
    }
}
