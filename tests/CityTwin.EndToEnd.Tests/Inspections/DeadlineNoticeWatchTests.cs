using CityTwin.Abstractions.Inspections;
using CityTwin.Abstractions.Worlds;
using CityTwin.Domain.Units;
using CityTwin.EndToEnd.Tests.Security;
using CityTwin.Grains.Inspections;
using CityTwin.Protos.V1;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Xunit;
using UnitKind = CityTwin.Domain.Units.UnitKind;

namespace CityTwin.EndToEnd.Tests.Inspections;

/// <summary>
/// Deadline notices reach watch clients as TYPE_NOTICE events over a real gRPC Watch stream. The loops read a fake
/// <see cref="LoopClock"/> (as in <see cref="InspectionApiTests"/>); Orleans fires a ledger's reminder at most once a
/// minute of wall time, so the test stands in for its tick by calling the ledger's <c>CatchUpAsync</c>, which is
/// exactly what the reminder calls.
/// </summary>
public class DeadlineNoticeWatchTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly TimeSpan Cst = TimeSpan.FromHours(8);

    private static async Task SnapshotAsync(IAsyncStreamReader<WatchEvent> stream)
    {
        while (await stream.MoveNext(Ct))
        {
            if (stream.Current.Type == WatchEvent.Types.Type.SnapshotEnd) return;
        }
        throw new Xunit.Sdk.XunitException("the stream ended before the snapshot did");
    }

    /// <summary>The next notices, skipping level changes, until <paramref name="count"/> arrived.</summary>
    private static async Task<List<WatchEvent>> NoticesAsync(IAsyncStreamReader<WatchEvent> stream, int count)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(20));
        var notices = new List<WatchEvent>();
        while (notices.Count < count && await stream.MoveNext(timeout.Token))
        {
            if (stream.Current.Type == WatchEvent.Types.Type.Notice) notices.Add(stream.Current);
        }
        return notices;
    }

    [Fact]
    public async Task A_watch_client_receives_the_due_soon_overdue_and_escalation_notices_of_a_hidden_danger_on_the_unit_each_reaches()
    {
        var t0 = DateTimeOffset.UtcNow;
        var clock = new FakeTimeProvider(t0);
        await using var host = await RunningHost.StartAsync(configuration: Identities.AuthConfiguration(),
            configure: b => b.Services.AddSingleton(new LoopClock(clock)));
        var p = new LoopPeople(Identities.Sample.First(u => u.Code == Identities.Enterprise));
        var codes = UnitPath.Codes(p.Enterprise.Path);
        var bannerPath = $"{codes[0]}/{codes[1]}";
        var api = DangerCalls.Client(host);
        var watch = new WatchService.WatchServiceClient(host.Channel);

        // The banner's supervisor watches the banner; the enterprise's principal watches the enterprise.
        var supervisor = Identities.Bearer(Identities.Token("scope-supervisor", bannerPath, "supervisor.wang"));
        using var bannerWatch = watch.Watch(new WatchRequest { PathPrefix = bannerPath }, supervisor, cancellationToken: Ct);
        using var enterpriseWatch = watch.Watch(new WatchRequest(), p.Principal, cancellationToken: Ct);
        await SnapshotAsync(bannerWatch.ResponseStream);
        await SnapshotAsync(enterpriseWatch.ResponseStream);

        const string id = "hd-notice-1";
        await api.ReportHiddenDangerAsync(p.Major(id, "k-notice-report"), p.Inspector, cancellationToken: Ct);
        var deadline = DateOnly.FromDateTime(t0.ToOffset(Cst).DateTime).AddDays(1);
        var grade = p.Step(id, "k-notice-grade");
        grade.Grade = new GradeStep { Level = HiddenDangerLevel.Major, ResponsiblePerson = "safety.zhao", Deadline = deadline.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) };
        await api.TransitionHiddenDangerAsync(grade, p.SafetyManager, cancellationToken: Ct);
        var ledger = host.Services.GetRequiredService<IGrainFactory>().GetGrain<IHiddenDangerLedgerGrain>(GrainKey.For(GrainKey.Live, p.Enterprise.Code));

        // Three days on (the deadline was the end of tomorrow): due soon (T−3 d) and overdue (T), both on the enterprise.
        clock.Advance(TimeSpan.FromDays(3));
        await ledger.CatchUpAsync();
        var first = await NoticesAsync(bannerWatch.ResponseStream, 2);
        Assert.Equal([("hidden-danger-due-soon", "enterprise", -3), ("hidden-danger-overdue", "enterprise-principal", 0)],
            first.Select(n => (n.Notice.Kind, n.Notice.Reaches, n.Notice.DaysOverdue)));
        Assert.All(first, n =>
        {
            Assert.Equal((p.Enterprise.Code, p.Enterprise.Path, id, p.Enterprise.Code, true), (n.Unit.Code, n.Path, n.Notice.RecordId, n.Notice.EnterpriseCode, n.Notice.Major));
            Assert.Equal(deadline.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), n.Notice.Deadline);
            Assert.Contains(id, n.Notice.Message);
        });
        Assert.Equal(first.Select(n => n.Notice), (await NoticesAsync(enterpriseWatch.ResponseStream, 2)).Select(n => n.Notice));

        // A week overdue: the supervising department (on the enterprise); two weeks: the banner's 安委办 (on the banner).
        clock.Advance(TimeSpan.FromDays(14));
        await ledger.CatchUpAsync();
        var escalations = await NoticesAsync(bannerWatch.ResponseStream, 2);
        Assert.Equal([("hidden-danger-escalation", "supervising-department", 7, p.Enterprise.Code), ("hidden-danger-escalation", "district-committee", 14, codes[1])],
            escalations.Select(n => (n.Notice.Kind, n.Notice.Reaches, n.Notice.DaysOverdue, n.Unit.Code)));
        Assert.All(escalations, n => Assert.Equal(id, n.Notice.RecordId));
        Assert.Equal(UnitKind.District.ToString(), escalations[1].Unit.Kind.ToString());
        // The enterprise's principal sees the department's step on the enterprise, not the banner's.
        var principalSees = await NoticesAsync(enterpriseWatch.ResponseStream, 1);
        Assert.Equal(("supervising-department", p.Enterprise.Code), (principalSees[0].Notice.Reaches, principalSees[0].Unit.Code));
    }
}
