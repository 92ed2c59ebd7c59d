using CityTwin.Domain.Drills.Reports;
using CityTwin.Domain.Registry;
using CityTwin.Protos.V1;
using Xunit;

namespace CityTwin.EndToEnd.Tests.Drills;

/// <summary>A drill starts from the live picture: a live sensor in alarm is in alarm in the drill world at t0, and the drill's readings stay in the drill.</summary>
public sealed class DrillLivePictureTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string Source = "hs-150624-0002-2";
    private static readonly string[] Chain = [Source, "ent-150624-0002", "park-150624-02", "150624", "150600"];

    private static string Scenario(string injects) => $$"""
        {
          "format": "citytwin-drill/1",
          "name": "live picture",
          "seed": 1,
          "start": "2026-06-12T10:00:00+08:00",
          "durationMin": 5,
          "stepSeconds": 60,
          "event": { "type": "toxic-continuous", "hazardSource": "{{Source}}", "material": "chlorine", "amountKg": 500, "durationMin": 5 },
          "weather": { "windSpeedMs": 3, "windFromDeg": 270, "stability": "D" },
          "injects": [ {{injects}} ]
        }
        """;

    [Fact]
    public async Task A_live_alarm_is_in_the_drill_world_at_t0_and_the_drills_readings_do_not_reach_live()
    {
        await using var host = await RunningHost.StartAsync();
        var query = new QueryService.QueryServiceClient(host.Channel);
        var drills = new DrillService.DrillServiceClient(host.Channel);
        var units = BundleValidator.Validate(BundleReader.ReadDirectory(RunningHost.SampleCity)).Units;
        var sensors = units.Single(u => u.Code == Source).HazardSource!.Sensors;
        var alarmed = sensors.First(s => s.SetPoints.HighHigh is not null);
        var other = sensors.First(s => s.Code != alarmed.Code && s.SetPoints.HighHigh is not null);

        // Without live readings the drill starts from the registry picture.
        var quiet = await drills.StartDrillAsync(new StartDrillRequest { ScenarioJson = Scenario(""), RunToEnd = true }, cancellationToken: Ct);
        Assert.Equal(0, quiet.LiveSources);
        var inherent = DrillReportJson.Read((await drills.GetDrillReportAsync(new DrillRef { DrillId = quiet.DrillId }, cancellationToken: Ct)).ReportJson);

        // A live HIGH-HIGH on one of the source's sensors.
        var value = alarmed.SetPoints.HighHigh!.Value * 1.25;
        using (var call = new IngestService.IngestServiceClient(host.Channel).StreamReadings(cancellationToken: Ct))
        {
            var batch = new ReadingBatch { BatchId = 1 };
            batch.Readings.Add(new Reading { Sensor = alarmed.Code, Value = value, EventTimeMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), Sequence = 1 });
            await call.RequestStream.WriteAsync(batch, Ct);
            Assert.True(await call.ResponseStream.MoveNext(Ct));
            Assert.Equal(1, call.ResponseStream.Current.Accepted);
            await call.RequestStream.CompleteAsync();
        }
        var live = await Eventually(query, Source, l => l.Sensors.Any(s => s.Code == alarmed.Code && s.State == "HighHigh"));
        var liveChain = await Task.WhenAll(Chain.Select(c => query.GetLevelAsync(new GetLevelRequest { Code = c }, cancellationToken: Ct).ResponseAsync));
        Assert.NotEqual(inherent.WorldLevels.Single(l => l.Code == Source).BeforeScore, live.Score, 2);

        // The drill takes it at t0: its "before" picture is the live one, level and score, from the source up to the city.
        var drill = await drills.StartDrillAsync(new StartDrillRequest
        {
            ScenarioJson = Scenario($$"""{ "atMin": 2, "type": "sensor-readings", "hazardSource": "{{Source}}", "readings": [ { "sensor": "{{other.Code}}", "value": {{(other.SetPoints.HighHigh!.Value * 1.5).ToString(System.Globalization.CultureInfo.InvariantCulture)}} } ] }"""),
            RunToEnd = true,
        }, cancellationToken: Ct);
        Assert.Equal("completed", drill.State);
        Assert.Equal(1, drill.LiveSources);
        var report = DrillReportJson.Read((await drills.GetDrillReportAsync(new DrillRef { DrillId = drill.DrillId }, cancellationToken: Ct)).ReportJson);
        var source = report.WorldLevels.Single(l => l.Code == Source);
        Assert.Equal(Name(liveChain[0].Level), source.Before);
        Assert.Equal(liveChain[0].Score, source.BeforeScore, 2);
        foreach (var (code, level) in Chain.Zip(liveChain))
        {
            var l = report.WorldLevels.Single(w => w.Code == code);
            Assert.Equal(Name(level.Level), l.Before);
            Assert.Equal(level.Score, l.BeforeScore, 2);
        }
        Assert.NotEqual(inherent.WorldLevels.Single(l => l.Code == Source).BeforeScore, source.BeforeScore);

        // The drill's own reading on the other sensor moved the drill world only.
        Assert.True(source.Changes > 0);
        var after = await Task.WhenAll(Chain.Select(c => query.GetLevelAsync(new GetLevelRequest { Code = c }, cancellationToken: Ct).ResponseAsync));
        for (var i = 0; i < Chain.Length; i++)
        {
            Assert.Equal(liveChain[i].Level, after[i].Level);
            Assert.Equal(liveChain[i].Version, after[i].Version);
        }
        var sensorsAfter = after[0].Sensors.ToDictionary(s => s.Code);
        Assert.Equal("HighHigh", sensorsAfter[alarmed.Code].State);
        Assert.Equal(value, sensorsAfter[alarmed.Code].Value);
        Assert.Equal(1, (long)sensorsAfter[alarmed.Code].Sequence);
        Assert.True(!sensorsAfter.TryGetValue(other.Code, out var o) || o.Sequence == 0);
    }

    private static string Name(RiskLevel level) => level switch
    {
        RiskLevel.Red => "Red", RiskLevel.Orange => "Orange", RiskLevel.Yellow => "Yellow", RiskLevel.Blue => "Blue", _ => level.ToString(),
    };

    private static async Task<LiveLevel> Eventually(QueryService.QueryServiceClient query, string code, Func<LiveLevel, bool> done)
    {
        LiveLevel? last = null;
        for (var i = 0; i < 200; i++)
        {
            last = await query.GetLevelAsync(new GetLevelRequest { Code = code }, cancellationToken: Ct);
            if (done(last)) return last;
            await Task.Delay(50, Ct);
        }
        throw new Xunit.Sdk.XunitException($"{code} never got there; last {last}");
    }
}
