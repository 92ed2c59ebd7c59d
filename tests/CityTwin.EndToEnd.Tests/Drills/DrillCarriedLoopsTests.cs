using System.Globalization;
using CityTwin.Abstractions.Registry;
using CityTwin.Abstractions.Worlds;
using CityTwin.Domain.Drills.Reports;
using CityTwin.Domain.Units;
using UnitKind = CityTwin.Domain.Units.UnitKind;
using CityTwin.EndToEnd.Tests.Inspections;
using CityTwin.EndToEnd.Tests.Security;
using DrillReport = CityTwin.Domain.Drills.Reports.DrillReport;
using CityTwin.Protos.V1;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using RiskLevel = CityTwin.Protos.V1.RiskLevel;

namespace CityTwin.EndToEnd.Tests.Drills;

/// <summary>
/// A drill's world starts from the live closed loops and acknowledgements (docs/drills.md, "The live picture"): an
/// open major hidden danger keeps the drill's enterprise orange at t0, a live acknowledgement acknowledges the drill's
/// twin of the alarm, and "as of" a time before the hidden danger was found the drill starts without it.
/// </summary>
public sealed class DrillCarriedLoopsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Iso(DateTimeOffset t) => t.ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture);

    private static string Scenario(string source) => $$"""
        {
          "format": "citytwin-drill/1", "name": "carried loops", "seed": 1, "start": "2026-06-12T10:00:00+08:00",
          "durationMin": 2, "stepSeconds": 60,
          "event": { "type": "toxic-continuous", "hazardSource": "{{source}}", "material": "chlorine", "amountKg": 200, "durationMin": 2 },
          "weather": { "windSpeedMs": 3, "windFromDeg": 270, "stability": "D" }
        }
        """;

    [Fact]
    public async Task Hidden_dangers_and_acknowledgements_of_the_snapshot_are_in_the_drill_world_and_as_of_before_the_finding_they_are_not()
    {
        await using var host = await RunningHost.StartAsync(configuration: Identities.AuthConfiguration());
        var admin = Identities.CityAdmin.Headers;
        var query = new QueryService.QueryServiceClient(host.Channel);
        var drills = new DrillService.DrillServiceClient(host.Channel);
        async Task<LiveLevel> Level(string code) => await query.GetLevelAsync(new GetLevelRequest { Code = code }, admin, cancellationToken: Ct);

        // An enterprise below orange with a hazard source that has a HIGH-HIGH set-point.
        LoopPeople? people = null;
        Domain.Units.Unit? source = null;
        foreach (var e in Identities.Sample.Where(u => u.Kind == UnitKind.Enterprise))
        {
            source = Identities.Sample.FirstOrDefault(u => u.Parent == e.Code && u.HazardSource?.Sensors.Any(s => s.SetPoints.HighHigh is not null) == true);
            if (source is not null && (await Level(e.Code)).Level <= RiskLevel.Yellow) { people = new LoopPeople(e); break; }
        }
        Assert.NotNull(people);
        var enterprise = people.Enterprise.Code;
        var quiet = await Level(enterprise);
        var beforeFinding = DateTimeOffset.UtcNow;
        await Task.Delay(1100, Ct);

        // Live: a major hidden danger turns the enterprise orange; a HIGH-HIGH alarm is acknowledged.
        var found = await DangerCalls.Client(host).ReportHiddenDangerAsync(people.Major("hd-drill-1", "k-drill-1"), people.Inspector, cancellationToken: Ct);
        var orange = await EventuallyAsync(() => Level(enterprise), l => l.Level == RiskLevel.Orange);
        var sensor = source!.HazardSource!.Sensors.First(s => s.SetPoints.HighHigh is not null);
        using (var call = new IngestService.IngestServiceClient(host.Channel).StreamReadings(admin, cancellationToken: Ct))
        {
            var batch = new ReadingBatch { BatchId = 1 };
            batch.Readings.Add(new Reading { Sensor = sensor.Code, Value = sensor.SetPoints.HighHigh!.Value * 1.25, EventTimeMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), Sequence = 1 });
            await call.RequestStream.WriteAsync(batch, Ct);
            Assert.True(await call.ResponseStream.MoveNext(Ct));
            Assert.Equal(1, call.ResponseStream.Current.Accepted);
            await call.RequestStream.CompleteAsync();
            while (await call.ResponseStream.MoveNext(Ct)) { }
        }
        var alarms = new AlarmService.AlarmServiceClient(host.Channel);
        var raised = (await EventuallyAsync(() => alarms.ListAlarmsAsync(new ListAlarmsRequest { PathPrefix = source.Path }, admin, cancellationToken: Ct).ResponseAsync,
            l => l.Alarms.Any(a => a.Sensor == sensor.Code))).Alarms.Single(a => a.Sensor == sensor.Code);
        await alarms.AcknowledgeAlarmsAsync(new AcknowledgeAlarmsRequest { Ids = { raised.Id }, Note = "detector checked on site" }, admin, cancellationToken: Ct);
        orange = await Level(enterprise);

        // Now: the drill's enterprise starts orange like the live one, and the drill's alarm is acknowledged in the live acknowledger's name.
        var now = await drills.StartDrillAsync(new StartDrillRequest { ScenarioJson = Scenario(source.Code), RunToEnd = true }, Identities.DrillPlanner.Headers, cancellationToken: Ct);
        Assert.True(now.State == "completed", now.Error);
        Assert.Equal((1, 1, 1), (now.LiveSources, now.LiveEnterprises, now.LiveAcknowledgements));
        var atStart = (await ReportAsync(drills, now.DrillId)).WorldLevels.Single(l => l.Code == enterprise);
        Assert.Equal("Orange", atStart.Before);
        Assert.Equal(orange.Score, atStart.BeforeScore, 2);
        var twin = (await host.Services.GetRequiredService<IGrainFactory>().GetGrain<IHazardSourceGrain>(GrainKey.For(now.DrillId, source.Code)).GetAlarmsAsync())
            .Single(a => a.SensorCode == sensor.Code);
        Assert.Equal("test-city-admin", twin.AcknowledgedBy);
        Assert.Contains("acknowledged in the live world", twin.Note, StringComparison.Ordinal);
        Assert.Contains("detector checked on site", twin.Note, StringComparison.Ordinal);

        // As of before the finding: the ledger's history had nothing open, so the enterprise starts where it was then.
        var before = await drills.StartDrillAsync(new StartDrillRequest { ScenarioJson = Scenario(source.Code), AsOf = Iso(beforeFinding), RunToEnd = true },
            Identities.DrillPlanner.Headers, cancellationToken: Ct);
        Assert.True(before.State == "completed", before.Error);
        Assert.Equal((0, 0), (before.LiveEnterprises, before.LiveAcknowledgements));
        var then = (await ReportAsync(drills, before.DrillId)).WorldLevels.Single(l => l.Code == enterprise);
        Assert.Equal(quiet.Score, then.BeforeScore, 2);

        // As of after the finding: open then, so orange from the history alone.
        var afterFinding = found.Record.FoundAt.ToDateTimeOffset().AddSeconds(1);
        while (DateTimeOffset.UtcNow <= afterFinding) await Task.Delay(100, Ct);
        var after = await drills.StartDrillAsync(new StartDrillRequest { ScenarioJson = Scenario(source.Code), AsOf = Iso(afterFinding), RunToEnd = true },
            Identities.DrillPlanner.Headers, cancellationToken: Ct);
        Assert.Equal(1, after.LiveEnterprises);
        Assert.Equal("Orange", (await ReportAsync(drills, after.DrillId)).WorldLevels.Single(l => l.Code == enterprise).Before);

        // The live enterprise never noticed.
        var live = await Level(enterprise);
        Assert.Equal((orange.Level, orange.Version), (live.Level, live.Version));
    }

    private static async Task<DrillReport> ReportAsync(DrillService.DrillServiceClient drills, string id) =>
        DrillReportJson.Read((await drills.GetDrillReportAsync(new DrillRef { DrillId = id }, Identities.DrillPlanner.Headers, cancellationToken: Ct)).ReportJson);

    private static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var last = default(T);
        for (var i = 0; i < 200; i++)
        {
            last = await read();
            if (done(last)) return last;
            await Task.Delay(50, Ct);
        }
        throw new Xunit.Sdk.XunitException($"never got there; last {last}");
    }
}
