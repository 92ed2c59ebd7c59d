using CityTwin.Abstractions.Records;
using CityTwin.Domain.Risk;
using CityTwin.Domain.Risk.Alarms;
using CityTwin.Grains.Records;
using CityTwin.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Xunit;

namespace CityTwin.Grains.Tests.Records;

/// <summary>
/// The same contract for both stores of the live records (memory, and PostgreSQL on a throwaway server): writes only
/// move a record forward, scopes are path prefixes, counters add up, level changes are kept once per version.
/// </summary>
public class LiveRecordsContractTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly DateTimeOffset T0 = new(2026, 11, 20, 2, 0, 0, TimeSpan.Zero);

    public static TheoryData<string> Stores => ["memory", "postgres"];

    [Theory, MemberData(nameof(Stores))]
    public async Task A_late_write_never_undoes_an_acknowledgement_a_clearance_or_the_worst_state(string store)
    {
        await using var s = await OpenAsync(store);
        var raised = Alarm("hs-1", "hs-1.GT-01", "150600/150622/hs-1", AlarmState.High, T0);
        var worse = raised with { Current = AlarmState.HighHigh, Worst = AlarmState.HighHigh, UpdatedAt = T0.AddSeconds(5) };
        var acknowledged = worse with { AcknowledgedBy = "duty-officer-7", AcknowledgedAt = T0.AddSeconds(8), Note = "on it", UpdatedAt = T0.AddSeconds(8) };
        var cleared = worse with { Current = AlarmState.Normal, ClearedAt = T0.AddSeconds(30), UpdatedAt = T0.AddSeconds(30) };

        s.Records.Write(raised);
        s.Records.Write(worse);
        await s.Records.StoreNowAsync(acknowledged, Ct);
        s.Records.Write(cleared);      // written behind by the grain, without the acknowledgement it had not seen
        s.Records.Write(raised);       // a repeat of an old write
        await s.Records.FlushAsync(Ct);

        var all = await s.Records.AlarmsAsync(new AlarmQuery("live", null) { ClosedSince = T0.AddHours(-1) }, Ct);
        var r = Assert.Single(all);
        Assert.Equal((AlarmState.HighHigh, AlarmState.Normal, T0.AddSeconds(30), "duty-officer-7", "on it"), (r.Worst, r.Current, r.ClearedAt, r.AcknowledgedBy, r.Note));
        Assert.False(r.IsActive);
        Assert.Empty(await s.Records.AlarmsAsync(new AlarmQuery("live", null), Ct));
        Assert.Empty(await s.Records.ActiveOfSourceAsync("live", "hs-1", Ct));
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task Scopes_are_path_prefixes_and_worlds_are_apart(string store)
    {
        await using var s = await OpenAsync(store);
        s.Records.Write(Alarm("hs_a", "hs_a.GT-01", "150600/150622/hs_a", AlarmState.High, T0));
        s.Records.Write(Alarm("hs-b", "hs-b.GT-01", "150600/1506220/hs-b", AlarmState.Low, T0.AddSeconds(1)));
        s.Records.Write(Alarm("hs-c", "hs-c.GT-01", "150600/150622/hs-c", AlarmState.High, T0.AddSeconds(2)) with { World = "drill-1" });
        await s.Records.FlushAsync(Ct);

        var banner = await s.Records.AlarmsAsync(new AlarmQuery("live", ["150600/150622"]), Ct);
        Assert.Equal(["hs_a"], banner.Select(a => a.SourceCode));
        var both = await s.Records.AlarmsAsync(new AlarmQuery("live", ["150600/150622", "150600/1506220"]), Ct);
        Assert.Equal(["hs-b", "hs_a"], both.Select(a => a.SourceCode));   // newest first
        var underscore = await s.Records.AlarmsAsync(new AlarmQuery("live", ["150600/150622/hs-a"]), Ct);
        Assert.Empty(underscore);
        Assert.Single(await s.Records.AlarmsAsync(new AlarmQuery("drill-1", null), Ct));
        Assert.Equal("hs-b", Assert.Single(await s.Records.AlarmsAsync(new AlarmQuery("live", null) { Limit = 1 }, Ct)).SourceCode);
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task Day_counters_add_up_per_day_within_a_scope(string store)
    {
        await using var s = await OpenAsync(store);
        var day = new DateOnly(2026, 11, 20);
        s.Records.Write(new AlarmDay("live", "hs-1", "150600/150622/hs-1", day, 2, 1, 0, 0));
        s.Records.Write(new AlarmDay("live", "hs-1", "150600/150622/hs-1", day, 1, 0, 3, 1));
        s.Records.Write(new AlarmDay("live", "hs-2", "150600/150602/hs-2", day, 5, 0, 0, 0));
        s.Records.Write(new AlarmDay("live", "hs-1", "150600/150622/hs-1", day.AddDays(1), 1, 0, 0, 0));
        await s.Records.FlushAsync(Ct);
        s.Records.Write(new AlarmDay("live", "hs-1", "150600/150622/hs-1", day, 1, 1, 1, 1));
        await s.Records.FlushAsync(Ct);

        var banner = await s.Records.DaysAsync("live", ["150600/150622"], day, day.AddDays(1), Ct);
        Assert.Equal([(day, 4, 2, 4, 2), (day.AddDays(1), 1, 0, 0, 0)], banner.Select(d => (d.Day, d.Raised, d.KeptByDeadband, d.KeptByDelay, d.KeptByHold)));
        var city = await s.Records.DaysAsync("live", null, day, day, Ct);
        Assert.Equal(9, Assert.Single(city).Raised);
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task Level_changes_are_kept_once_per_version_and_the_newest_come_within_the_limit(string store)
    {
        await using var s = await OpenAsync(store);
        for (var i = 0; i < 6; i++)
            s.Records.Write(new LevelChangeRecord("live", "ent-1", T0.AddMinutes(i), 100 + i, (RiskLevel)(i % 4), i == 0 ? null : (RiskLevel)((i - 1) % 4), 25 * (i % 4), $"reason {i}", $"原因 {i}"));
        s.Records.Write(new LevelChangeRecord("live", "ent-1", T0.AddMinutes(2), 102, RiskLevel.Red, null, 99, "a repeat", "重复"));
        await s.Records.FlushAsync(Ct);

        var newest = await s.Records.LevelChangesAsync("live", "ent-1", T0, T0.AddMinutes(5), 3, Ct);
        Assert.Equal([102L, 103L, 104L], newest.Select(c => c.Version));
        Assert.Equal(("reason 2", RiskLevel.Orange, (RiskLevel?)RiskLevel.Yellow), (newest[0].ReasonsEn, newest[0].Level, newest[0].Previous));
        Assert.Empty(await s.Records.LevelChangesAsync("live", "ent-2", T0, T0.AddDays(1), 10, Ct));
    }

    private static AlarmRecord Alarm(string source, string sensor, string path, AlarmState state, DateTimeOffset at) =>
        new("live", AlarmRecord.IdOf(source, sensor, at), source, sensor, path, state, state, at, 30, at);

    private static async Task<Store> OpenAsync(string kind)
    {
        if (kind == "memory") return new Store(new MemoryLiveRecords(), null);
        var postgres = await PostgresServer.CreateAsync(cancellationToken: Ct);
        await ProjectSchema.ApplyAsync(postgres.ConnectionString, Ct);
        var records = new PostgresLiveRecords(NpgsqlDataSource.Create(postgres.ConnectionString), NullLogger<PostgresLiveRecords>.Instance);
        await records.StartAsync(Ct);
        return new Store(records, postgres);
    }

    private sealed record Store(ILiveRecords Records, PostgresServer? Postgres) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            if (Records is PostgresLiveRecords p) await p.StopAsync(CancellationToken.None);
            if (Postgres is not null) await Postgres.DisposeAsync();
        }
    }
}
