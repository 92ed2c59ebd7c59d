using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using CityTwin.Domain.Registry;
using CityTwin.Domain.Risk;
using CityTwin.Protos.V1;
using Grpc.Core;
using Grpc.Net.Client;

namespace CityTwin.Cli.Commands;

/// <summary>
/// <c>citytwin loadtest</c>: drives every sensor of a bundle at a rate over real gRPC, one stream per gateway
/// (enterprises' sensors grouped), and measures readings/s accepted and the latency from a probe reading's send to
/// the city-level watch event it causes. Probes are high-high readings on hazard sources that are inherently Blue,
/// a fresh one each time, so every probe changes the city's counts.
/// </summary>
public static class LoadTestCommand
{
    public static Command Create(CliConsole console)
    {
        var bundle = new Option<string>("--bundle") { Description = "bundle directory whose sensors to drive (the one the server loaded)", Required = true };
        var rate = new Option<double>("--rate") { Description = "readings per sensor per second", DefaultValueFactory = _ => 1 };
        var duration = new Option<TimeSpan>("--duration") { Description = "how long to drive, e.g. 00:01:00", DefaultValueFactory = _ => TimeSpan.FromSeconds(30) };
        var gateways = new Option<int>("--gateways") { Description = "concurrent feeder streams", DefaultValueFactory = _ => 16 };
        var probes = new Option<double>("--probes-per-second") { Description = "latency probes per second", DefaultValueFactory = _ => 2 };
        var pid = new Option<int?>("--host-pid") { Description = "the server's process id, to report its memory and CPU" };
        var signal = new Option<string>("--signal")
        {
            Description = "flat: every sensor reads its normal value; walk: a seeded random walk around it, below the high set-point (what a historian sees in a plant)",
            DefaultValueFactory = _ => "flat",
        };
        signal.AcceptOnlyFromAmong("flat", "walk");
        var command = new Command("loadtest", "Drive a bundle's sensors at a rate over gRPC; print readings/s, reading-to-city-event latency (p50/p99), host memory and CPU")
        {
            bundle, rate, duration, gateways, probes, pid, signal,
        };
        command.SetAction((parse, ct) => Cli.Run(console, parse, channel =>
            RunAsync(console, channel, parse.GetValue(bundle)!, parse.GetValue(rate), parse.GetValue(duration), Math.Max(1, parse.GetValue(gateways)), parse.GetValue(probes), parse.GetValue(pid), parse.GetValue(signal) == "walk", ct)));
        return command;
    }

    private static async Task<int> RunAsync(CliConsole console, GrpcChannel channel, string bundleDir, double rate, TimeSpan duration, int gatewayCount, double probesPerSecond, int? hostPid, bool walk, CancellationToken ct)
    {
        var units = BundleValidator.Validate(BundleReader.ReadDirectory(bundleDir)).Units;
        var inherent = InherentLevels.OfAll(units);
        var sources = units.Where(u => u.HazardSource is not null).ToList();
        var gateways = sources.GroupBy(s => s.Parent!).Select((g, i) => (g, i)).GroupBy(x => x.i % gatewayCount)
            .Select(g => g.SelectMany(x => x.g).SelectMany(s => s.HazardSource!.Sensors.Select(x => new Driven(x.Code, Normal(x), Band(x)))).ToArray()).ToList();
        var probeSensors = new Queue<string>(sources.Where(s => inherent.TryGetValue(s.Code, out var l) && l.Level == Domain.Risk.RiskLevel.Blue)
            .Select(s => s.HazardSource!.Sensors.FirstOrDefault(x => x.SetPoints.HighHigh is not null)).OfType<Domain.Units.Sensor>()
            .Select(x => x.Code + "|" + (x.SetPoints.HighHigh!.Value + 0.2 * (x.RangeMax - x.SetPoints.HighHigh.Value)).ToString("R", CultureInfo.InvariantCulture)));
        var sensorCount = gateways.Sum(g => g.Length);
        console.Out.WriteLine($"{sensorCount:N0} sensors on {sources.Count:N0} hazard sources, {gateways.Count} gateway streams, {rate} Hz for {duration}; {probeSensors.Count:N0} probe sensors");

        // Watch the city: a probe's latency is from its send to the city event whose hazard-source counts moved.
        var pending = new System.Collections.Concurrent.ConcurrentQueue<long>();
        var latencies = new List<double>();
        var watch = new WatchService.WatchServiceClient(channel).Watch(new WatchRequest { Kinds = { UnitKind.City } }, cancellationToken: ct);
        while (await watch.ResponseStream.MoveNext(ct) && watch.ResponseStream.Current.Type != WatchEvent.Types.Type.SnapshotEnd) { }
        var watcher = Task.Run(async () =>
        {
            try
            {
                while (await watch.ResponseStream.MoveNext(ct))
                {
                    var now = Stopwatch.GetTimestamp();
                    while (pending.TryDequeue(out var sent)) lock (latencies) latencies.Add(Stopwatch.GetElapsedTime(sent, now).TotalMilliseconds);
                }
            }
            catch (RpcException) { }
            catch (OperationCanceledException) { }
        }, ct);

        long accepted = 0, rejected = 0, sent = 0;
        var cpuBefore = Cpu(hostPid);
        var clock = Stopwatch.StartNew();
        var feeders = gateways.Select((sensors, g) => Task.Run(() => FeedAsync(channel, sensors, rate, duration, walk ? new Random(g + 1) : null, ct,
            n => Interlocked.Add(ref sent, n), (a, r) => { Interlocked.Add(ref accepted, a); Interlocked.Add(ref rejected, r); }), ct)).ToList();

        var probeEvery = TimeSpan.FromSeconds(1 / Math.Max(probesPerSecond, 0.01));
        using (var probeFeed = new IngestService.IngestServiceClient(channel).StreamReadings(cancellationToken: ct))
        {
            var probeId = 1UL << 60;
            while (clock.Elapsed < duration && probeSensors.TryDequeue(out var probe))
            {
                await Task.Delay(probeEvery, ct);
                var parts = probe.Split('|');
                var batch = new ReadingBatch { BatchId = probeId++ };
                batch.Readings.Add(new Reading { Sensor = parts[0], Value = double.Parse(parts[1], CultureInfo.InvariantCulture), EventTimeMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), Sequence = ulong.MaxValue / 2 });
                pending.Clear();
                pending.Enqueue(Stopwatch.GetTimestamp());
                await probeFeed.RequestStream.WriteAsync(batch, ct);
                await probeFeed.ResponseStream.MoveNext(ct);
                var s = clock.Elapsed.TotalSeconds;
                console.Error.Write($"\r{s,5:0}s  sent {Interlocked.Read(ref sent):N0}  accepted {Interlocked.Read(ref accepted):N0}  {Interlocked.Read(ref accepted) / s:N0} readings/s  probes {latencies.Count}   ");
            }
            await probeFeed.RequestStream.CompleteAsync();
        }
        await Task.WhenAll(feeders);
        var elapsed = clock.Elapsed.TotalSeconds;
        var cpuAfter = Cpu(hostPid);
        await Task.Delay(1_000, ct);
        watch.Dispose();
        await watcher;
        console.Error.WriteLine();

        double[] sorted;
        lock (latencies) sorted = [.. latencies.Order()];
        string P(double q) => sorted.Length == 0 ? "n/a" : $"{sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)]:0.0} ms";
        console.Out.WriteLine($"readings sent {sent:N0}, accepted {accepted:N0}, rejected {rejected:N0} in {elapsed:0.0} s: {accepted / elapsed:N0} readings/s accepted");
        console.Out.WriteLine($"reading -> city-level watch event: {sorted.Length} probes, p50 {P(0.5)}, p99 {P(0.99)}, max {(sorted.Length == 0 ? "n/a" : $"{sorted[^1]:0.0} ms")}");
        if (hostPid is { } p)
        {
            var rss = Rss(p);
            var cpu = cpuBefore is { } b && cpuAfter is { } a ? (a - b) / elapsed : double.NaN;
            console.Out.WriteLine($"host pid {p}: RSS {rss / 1_048_576.0:N0} MiB, CPU {cpu:0.00} cores on average during the run");
        }
        return 0;
    }

    /// <summary>A driven sensor: its normal value and the band between its low and high set-points (or its range).</summary>
    private sealed record Driven(string Sensor, double Normal, double Band);

    private static double Band(Domain.Units.Sensor s) => (s.SetPoints.High ?? s.RangeMax) - (s.SetPoints.Low ?? s.RangeMin);

    private static double Normal(Domain.Units.Sensor s) => (s.SetPoints.Low ?? s.RangeMin) + Band(s) * 0.4;

    /// <summary>
    /// Each step pulls 5 % back towards normal and adds noise of ±1 % of the band, so a sensor wanders within about
    /// ±10 % of the band around normal and never reaches a set-point: alarms stay the probes' alone.
    /// </summary>
    private static double Step(Driven s, double current, Random random) =>
        Math.Clamp(current + (s.Normal - current) * 0.05 + (random.NextDouble() - 0.5) * 0.02 * s.Band, s.Normal - 0.35 * s.Band, s.Normal + 0.55 * s.Band);

    private static async Task FeedAsync(GrpcChannel channel, Driven[] sensors, double rate, TimeSpan duration, Random? walk, CancellationToken ct,
        Action<int> onSent, Action<int, int> onAck)
    {
        var values = sensors.Select(s => s.Normal).ToArray();
        const int BatchSize = 5_000;
        using var call = new IngestService.IngestServiceClient(channel).StreamReadings(cancellationToken: ct);
        var acks = Task.Run(async () =>
        {
            await foreach (var ack in call.ResponseStream.ReadAllAsync(ct)) onAck(ack.Accepted, ack.Rejected.Count);
        }, ct);
        var period = TimeSpan.FromSeconds(1 / Math.Max(rate, 0.001));
        var clock = Stopwatch.StartNew();
        var batchId = 0UL;
        for (var tick = 1UL; clock.Elapsed < duration; tick++)
        {
            var due = period * tick;
            if (due > clock.Elapsed) await Task.Delay(due - clock.Elapsed, ct);
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            for (var start = 0; start < sensors.Length; start += BatchSize)
            {
                var batch = new ReadingBatch { BatchId = ++batchId };
                for (var i = start; i < Math.Min(sensors.Length, start + BatchSize); i++)
                {
                    if (walk is not null) values[i] = Step(sensors[i], values[i], walk);
                    batch.Readings.Add(new Reading { Sensor = sensors[i].Sensor, Value = values[i], EventTimeMs = now, Sequence = tick });
                }
                await call.RequestStream.WriteAsync(batch, ct);
                onSent(batch.Readings.Count);
            }
        }
        await call.RequestStream.CompleteAsync();
        await acks;
    }

    private static double? Cpu(int? pid)
    {
        if (pid is not { } p || !File.Exists($"/proc/{p}/stat")) return null;
        var fields = File.ReadAllText($"/proc/{p}/stat").Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // utime and stime are fields 14 and 15 of /proc/PID/stat, in clock ticks (100 per second on Linux).
        return (double.Parse(fields[11], CultureInfo.InvariantCulture) + double.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }

    private static long Rss(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }
}
