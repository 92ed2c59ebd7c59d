using System.Globalization;
using CityTwin.Domain.Drills.Reports;
using CityTwin.Domain.Registry;
using CityTwin.Protos.V1;
using Grpc.Core;
using Xunit;

namespace CityTwin.EndToEnd.Tests.Drills;

/// <summary>A drill started "as of" a past time takes the sensors' monitoring history of then, not the live picture of now.</summary>
public sealed class DrillAsOfTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string Source = "hs-150624-0002-2";

    private static readonly string Scenario = $$"""
        {
          "format": "citytwin-drill/1", "name": "as of", "seed": 1, "start": "2026-06-12T10:00:00+08:00",
          "durationMin": 2, "stepSeconds": 60,
          "event": { "type": "toxic-continuous", "hazardSource": "{{Source}}", "material": "chlorine", "amountKg": 500, "durationMin": 2 },
          "weather": { "windSpeedMs": 3, "windFromDeg": 270, "stability": "D" }
        }
        """;

    private static string Iso(DateTimeOffset t) => t.ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_drill_as_of_a_past_time_starts_from_the_history_of_then_and_refuses_a_time_beyond_retention()
    {
        await using var host = await RunningHost.StartAsync();
        var query = new QueryService.QueryServiceClient(host.Channel);
        var drills = new DrillService.DrillServiceClient(host.Channel);
        var sensor = BundleValidator.Validate(BundleReader.ReadDirectory(RunningHost.SampleCity)).Units.Single(u => u.Code == Source)
            .HazardSource!.Sensors.First(s => s.SetPoints.HighHigh is not null);
        var inherent = await query.GetLevelAsync(new GetLevelRequest { Code = Source }, cancellationToken: Ct);

        // 20 minutes ago the detector read HIGH-HIGH; 2 minutes ago it was back to normal.
        var now = DateTimeOffset.UtcNow;
        using (var call = new IngestService.IngestServiceClient(host.Channel).StreamReadings(cancellationToken: Ct))
        {
            async Task Send(ulong sequence, double value, DateTimeOffset at)
            {
                var batch = new ReadingBatch { BatchId = sequence };
                batch.Readings.Add(new Reading { Sensor = sensor.Code, Value = value, EventTimeMs = at.ToUnixTimeMilliseconds(), Sequence = sequence });
                await call.RequestStream.WriteAsync(batch, Ct);
                Assert.True(await call.ResponseStream.MoveNext(Ct));
                Assert.Equal(1, call.ResponseStream.Current.Accepted);
            }
            await Send(1, sensor.SetPoints.HighHigh!.Value * 1.25, now.AddMinutes(-20));
            await Send(2, 0, now.AddMinutes(-2));
            await call.RequestStream.CompleteAsync();
        }

        // As of 10 minutes ago the source was in alarm: the drill world's source starts above its registry picture.
        var past = await drills.StartDrillAsync(new StartDrillRequest { ScenarioJson = Scenario, AsOf = Iso(now.AddMinutes(-10)), RunToEnd = true }, cancellationToken: Ct);
        Assert.True(past.State == "completed", past.Error);
        Assert.Equal(Iso(now.AddMinutes(-10)), past.AsOf);
        Assert.Equal(1, past.LiveSources);
        var then = DrillReportJson.Read((await drills.GetDrillReportAsync(new DrillRef { DrillId = past.DrillId }, cancellationToken: Ct)).ReportJson)
            .WorldLevels.Single(l => l.Code == Source);
        Assert.True(then.BeforeScore > inherent.Score, $"as of 10 min ago the source's score was {then.BeforeScore}, its registry score {inherent.Score}");

        // As of 30 minutes ago nothing had happened yet.
        var earlier = await drills.StartDrillAsync(new StartDrillRequest { ScenarioJson = Scenario, AsOf = Iso(now.AddMinutes(-30)), RunToEnd = true }, cancellationToken: Ct);
        Assert.Equal(0, earlier.LiveSources);
        var before = DrillReportJson.Read((await drills.GetDrillReportAsync(new DrillRef { DrillId = earlier.DrillId }, cancellationToken: Ct)).ReportJson)
            .WorldLevels.Single(l => l.Code == Source);
        Assert.Equal(inherent.Score, before.BeforeScore, 2);

        // Beyond the history's retention (30 days by default), in the future, or not a time: refused, naming the field.
        foreach (var (asOf, says) in new[] { (Iso(now.AddDays(-31)), "retention of 30 days"), (Iso(now.AddHours(1)), "future"), ("yesterday", "offset"), ("2026-06-12T10:00:00", "offset") })
        {
            var e = await Assert.ThrowsAsync<RpcException>(() => drills.StartDrillAsync(new StartDrillRequest { ScenarioJson = Scenario, AsOf = asOf }, cancellationToken: Ct).ResponseAsync);
            Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
            Assert.Contains("as_of", e.Status.Detail, StringComparison.Ordinal);
            Assert.Contains(says, e.Status.Detail, StringComparison.Ordinal);
        }
    }
}
