using CityTwin.Domain.Registry;
using CityTwin.Domain.Risk;
using CityTwin.Protos.V1;
using Xunit;
using RiskLevelDomain = CityTwin.Domain.Risk.RiskLevel;

namespace CityTwin.EndToEnd.Tests.Warnings;

/// <summary>A high-high reading through the real ingest edge raises a warning to the source's enterprise, once.</summary>
public class HighHighWarningTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_high_high_reading_raises_one_warning_naming_the_hazard_source_to_its_enterprise()
    {
        await using var host = await RunningHost.StartAsync();
        var units = BundleValidator.Validate(BundleReader.ReadDirectory(RunningHost.SampleCity)).Units;
        var inherent = InherentLevels.OfAll(units);
        var source = units.First(u => u.HazardSource?.Sensors.Any(s => s.SetPoints.HighHigh is not null) == true && inherent[u.Code].Level <= RiskLevelDomain.Yellow);
        var sensor = source.HazardSource!.Sensors.First(s => s.SetPoints.HighHigh is not null);
        var warnings = new WarningService.WarningServiceClient(host.Channel);
        Assert.DoesNotContain((await warnings.ListWarningsAsync(new ListWarningsRequest { EnterpriseCode = source.Parent }, cancellationToken: Ct)).Warnings,
            w => w.Trigger == WarningTrigger.HighHighAlarm);

        using (var call = new IngestService.IngestServiceClient(host.Channel).StreamReadings(cancellationToken: Ct))
        {
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            // The same high-high twice: the second is no new alarm, so no second warning.
            for (var i = 1; i <= 2; i++)
            {
                var batch = new ReadingBatch { BatchId = (ulong)i };
                batch.Readings.Add(new Reading { Sensor = sensor.Code, Value = sensor.SetPoints.HighHigh!.Value * 1.25, EventTimeMs = now + i, Sequence = (ulong)i });
                await call.RequestStream.WriteAsync(batch, Ct);
                Assert.True(await call.ResponseStream.MoveNext(Ct));
                Assert.Equal(1, call.ResponseStream.Current.Accepted);
            }
            await call.RequestStream.CompleteAsync();
        }

        List<WarningRecord> raised = [];
        for (var i = 0; i < 200 && raised.Count == 0; i++)
        {
            raised = [.. (await warnings.ListWarningsAsync(new ListWarningsRequest { EnterpriseCode = source.Parent }, cancellationToken: Ct)).Warnings
                .Where(w => w.Trigger == WarningTrigger.HighHighAlarm)];
            if (raised.Count == 0) await Task.Delay(50, Ct);
        }
        await Task.Delay(500, Ct);   // room for a wrong second warning to arrive
        raised = [.. (await warnings.ListWarningsAsync(new ListWarningsRequest { EnterpriseCode = source.Parent }, cancellationToken: Ct)).Warnings
            .Where(w => w.Trigger == WarningTrigger.HighHighAlarm)];
        var w = Assert.Single(raised);
        Assert.Equal((source.Code, source.Parent, WarningState.Raised, "enterprise"), (w.UnitCode, w.EnterpriseCode, w.State, w.AtLevel));
        Assert.True(w.Level >= Protos.V1.RiskLevel.Orange, $"a high-high warning is at least orange, got {w.Level}");
        Assert.NotNull(w.AnswerDueAt);
    }
}
