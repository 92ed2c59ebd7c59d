using CityTwin.Domain.Units;
using CityTwin.EndToEnd.Tests.Security;
using CityTwin.Grains.Inspections;
using CityTwin.Protos.V1;
using CityTwin.TestSupport;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Xunit;
using static CityTwin.EndToEnd.Tests.Security.SecurityCalls;
using UnitKind = CityTwin.Domain.Units.UnitKind;

namespace CityTwin.EndToEnd.Tests.Inspections;

/// <summary>The hidden-danger ledger over real gRPC with real identities, on memory and on a throwaway PostgreSQL.</summary>
public class InspectionApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly TimeSpan Cst = TimeSpan.FromHours(8);

    private static DateOnly Today(DateTimeOffset now) => DateOnly.FromDateTime(now.ToOffset(Cst).DateTime);

    /// <summary>
    /// A sample enterprise below orange, so its changes show; one whose park and banner are below red too if the
    /// sample city has one (many of its parks and banners are red already from their own major hazard sources).
    /// </summary>
    private static async Task<LoopPeople> QuietEnterpriseAsync(RunningHost host)
    {
        var query = new QueryService.QueryServiceClient(host.Channel);
        var admin = Identities.CityAdmin.Headers;
        async Task<RiskLevel> Level(string code) => (await query.GetLevelAsync(new GetLevelRequest { Code = code }, admin, cancellationToken: Ct)).Level;
        LoopPeople? quiet = null;
        foreach (var e in Identities.Sample.Where(u => u.Kind == UnitKind.Enterprise).Take(200))
        {
            if (await Level(e.Code) > RiskLevel.Yellow) continue;
            quiet ??= new LoopPeople(e);
            if (await Level(e.Parent!) < RiskLevel.Red && await Level(UnitPath.Codes(e.Path)[1]) < RiskLevel.Red) return new LoopPeople(e);
        }
        return quiet ?? throw new Xunit.Sdk.XunitException("no enterprise below orange in the sample city");
    }

    private static async Task<LiveLevel> Eventually(RunningHost host, string code, Func<LiveLevel, bool> done, string what)
    {
        var query = new QueryService.QueryServiceClient(host.Channel);
        LiveLevel? last = null;
        for (var i = 0; i < 300; i++)
        {
            last = await query.GetLevelAsync(new GetLevelRequest { Code = code }, Identities.CityAdmin.Headers, cancellationToken: Ct);
            if (done(last)) return last;
            await Task.Delay(50, Ct);
        }
        throw new Xunit.Sdk.XunitException($"{what} never happened: {code} is {last?.Level} ({string.Join("; ", last?.Reasons.Select(r => r.Rule) ?? [])})");
    }

    [Fact]
    public async Task A_major_hidden_danger_walks_to_closure_by_the_right_people_and_its_enterprise_turns_orange_naming_it_and_back()
    {
        await using var host = await RunningHost.StartAsync(configuration: Identities.AuthConfiguration());
        var p = await QuietEnterpriseAsync(host);
        var api = DangerCalls.Client(host);
        var before = (await new QueryService.QueryServiceClient(host.Channel).GetLevelAsync(new GetLevelRequest { Code = p.Enterprise.Code }, p.Admin, cancellationToken: Ct)).Level;
        const string id = "hd-walk-1";

        var reported = await api.ReportHiddenDangerAsync(p.Major(id, "k-walk-report"), p.Inspector, cancellationToken: Ct);
        Assert.Equal((HiddenDangerState.Found, "inspector.li", false), (reported.Record.State, reported.Record.FoundBy, reported.Replayed));

        var orange = await Eventually(host, p.Enterprise.Code, l => l.Level == RiskLevel.Orange, "the enterprise turning orange");
        var reason = orange.Reasons.Single(r => r.Rule == "HD_MAJOR_OPEN");
        Assert.Equal(id, reason.EvidenceId);
        Assert.Contains(id, reason.TextZh);

        var grade = p.Step(id, "k-walk-grade");
        grade.Grade = new GradeStep { Level = HiddenDangerLevel.Major, ResponsiblePerson = "safety.zhao", CriterionCode = "HC2017-05", StopWork = StopWork.Partial };
        var denied = await Refusal(() => api.TransitionHiddenDangerAsync(grade, p.Staff, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
        Assert.Contains("enterprise-safety-manager", denied.Status.Detail);
        await api.TransitionHiddenDangerAsync(grade, p.SafetyManager, cancellationToken: Ct);

        var noPlan = p.Step(id, "k-walk-start-noplan");
        noPlan.Start = new StartStep();
        var missing = await Refusal(() => api.TransitionHiddenDangerAsync(noPlan, p.Principal, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, missing.StatusCode);
        Assert.StartsWith("plan", missing.Status.Detail);

        var start = p.Step(id, "k-walk-start");
        start.Start = new StartStep { Plan = LoopPeople.Plan(Today(DateTimeOffset.UtcNow).AddDays(20)) };
        await api.TransitionHiddenDangerAsync(start, p.Principal, cancellationToken: Ct);
        var submit = p.Step(id, "k-walk-submit");
        submit.Submit = new SubmitStep { Evidence = { "after.jpg", "sis-test-report.pdf" } };
        await api.TransitionHiddenDangerAsync(submit, p.SafetyManager, cancellationToken: Ct);
        var verify = p.Step(id, "k-walk-verify");
        verify.Verify = new VerifyStep { Passed = true, Note = "紧急切断阀联调合格" };
        await api.TransitionHiddenDangerAsync(verify, p.Inspector, cancellationToken: Ct);

        var early = await Refusal(() => api.SignHiddenDangerAsync(p.Sign(id, 3), p.Principal, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, early.StatusCode);
        Assert.Contains("sign-off level 1", early.Status.Detail);
        var byAdmin = await Refusal(() => api.SignHiddenDangerAsync(p.Sign(id, 1), p.Admin, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, byAdmin.StatusCode);

        HiddenDangerReply last = null!;
        for (var level = 1; level <= 4; level++)
        {
            last = await api.SignHiddenDangerAsync(p.Sign(id, level), p.Signer(level), cancellationToken: Ct);
            Assert.Equal(level == 4 ? HiddenDangerState.Closed : HiddenDangerState.Verified, last.Record.State);
        }
        Assert.Equal(["inspector.li", "safety.zhao", "principal.qian", "head.zhou"], last.Record.SignOffs.Select(s => s.Subject));
        Assert.Equal([1, 2, 3, 4], last.Record.RequiredSignOffs);

        // A retried last signature is the original result and adds nothing.
        var retried = await api.SignHiddenDangerAsync(p.Sign(id, 4), p.DepartmentHead, cancellationToken: Ct);
        Assert.True(retried.Replayed);
        Assert.Equal(last.Record.History.Count, retried.Record.History.Count);

        await Eventually(host, p.Enterprise.Code, l => l.Level == before, "the enterprise returning to its level");
        var closed = await api.ListHiddenDangersAsync(new ListHiddenDangersRequest { PathPrefix = p.Enterprise.Path, States = { HiddenDangerState.Closed } }, p.Principal, cancellationToken: Ct);
        Assert.Equal([id], closed.Records.Select(r => r.Id));
        // Another enterprise's people do not see it.
        var outsider = Identities.Bearer(Identities.Token("enterprise-principal", Identities.Sample.First(u => u.Kind == UnitKind.Enterprise && u.Code != p.Enterprise.Code).Path, "someone"));
        Assert.Equal(StatusCode.PermissionDenied, await StatusOf(() => api.GetHiddenDangerAsync(p.Get(id), outsider, cancellationToken: Ct).ResponseAsync));
        Assert.Empty((await api.ListHiddenDangersAsync(new ListHiddenDangersRequest(), outsider, cancellationToken: Ct)).Records);
    }

    [Fact]
    public async Task Acknowledged_reports_transitions_and_sign_offs_survive_a_restart_on_PostgreSQL_and_retries_do_not_duplicate()
    {
        await using var postgres = await PostgresServer.CreateAsync(cancellationToken: Ct);
        const string id = "hd-pg-1";
        LoopPeople p;
        await using (var first = await RunningHost.StartAsync(postgres: postgres.ConnectionString, configuration: Identities.AuthConfiguration()))
        {
            p = await QuietEnterpriseAsync(first);
            var api = DangerCalls.Client(first);
            await api.ReportHiddenDangerAsync(p.Major(id, "k-pg-report"), p.Inspector, cancellationToken: Ct);
            var grade = p.Step(id, "k-pg-grade");
            grade.Grade = new GradeStep { Level = HiddenDangerLevel.Major, ResponsiblePerson = "safety.zhao", Plan = LoopPeople.Plan(Today(DateTimeOffset.UtcNow).AddDays(25)) };
            await api.TransitionHiddenDangerAsync(grade, p.SafetyManager, cancellationToken: Ct);
            Assert.True((await api.TransitionHiddenDangerAsync(grade, p.SafetyManager, cancellationToken: Ct)).Replayed);
            var start = p.Step(id, "k-pg-start");
            start.Start = new StartStep();
            await api.TransitionHiddenDangerAsync(start, p.Staff, cancellationToken: Ct);
            var submit = p.Step(id, "k-pg-submit");
            submit.Submit = new SubmitStep { Evidence = { "after.jpg" } };
            await api.TransitionHiddenDangerAsync(submit, p.Staff, cancellationToken: Ct);
            var verify = p.Step(id, "k-pg-verify");
            verify.Verify = new VerifyStep { Passed = true };
            await api.TransitionHiddenDangerAsync(verify, p.Inspector, cancellationToken: Ct);
            await api.SignHiddenDangerAsync(p.Sign(id, 1), p.Inspector, cancellationToken: Ct);
        }

        await using var second = await RunningHost.StartAsync(postgres: postgres.ConnectionString, sampleCity: "", configuration: Identities.AuthConfiguration());
        var again = DangerCalls.Client(second);
        var stored = await again.GetHiddenDangerAsync(p.Get(id), p.Principal, cancellationToken: Ct);
        Assert.Equal(HiddenDangerState.Verified, stored.State);
        Assert.Equal(["report", "grade", "start", "submit", "verify", "sign"], stored.History.Select(h => h.Command));
        Assert.Equal(["k-pg-report", "k-pg-grade", "k-pg-start", "k-pg-submit", "k-pg-verify", $"k-{id}-sign-1"], stored.History.Select(h => h.IdempotencyKey));
        Assert.Equal(["inspector.li"], stored.SignOffs.Select(s => s.Subject));
        Assert.Equal("HC2017-05", stored.CriterionCode);
        Assert.Equal("加装紧急切断阀并接入SIS", stored.Plan.Measures);

        // Retries after the restart: the original results, nothing added.
        var report = await again.ReportHiddenDangerAsync(p.Major(id, "k-pg-report"), p.Inspector, cancellationToken: Ct);
        var sign = await again.SignHiddenDangerAsync(p.Sign(id, 1), p.Inspector, cancellationToken: Ct);
        Assert.True(report.Replayed && sign.Replayed);
        Assert.Equal(6, (await again.GetHiddenDangerAsync(p.Get(id), p.Principal, cancellationToken: Ct)).History.Count);
        Assert.Single((await again.ListHiddenDangersAsync(new ListHiddenDangersRequest(), p.Admin, cancellationToken: Ct)).Records);

        // The open major still holds its enterprise orange after the restart.
        var level = await Eventually(second, p.Enterprise.Code, l => l.Level >= RiskLevel.Orange, "the enterprise orange after the restart");
        Assert.Contains(level.Reasons, r => r.Rule == "HD_MAJOR_OPEN" && r.EvidenceId == id);
    }

    [Fact]
    public async Task A_deadline_that_passes_while_the_host_is_down_is_overdue_at_once_after_restart_and_the_enterprise_park_banner_and_city_escalate()
    {
        await using var postgres = await PostgresServer.CreateAsync(cancellationToken: Ct);
        var quiet = QuietCity.Create();
        try
        {
            var t0 = DateTimeOffset.UtcNow;
            const string id = "hd-late-1";
            var enterprise = CityTwin.Domain.Registry.BundleValidator.Validate(CityTwin.Domain.Registry.BundleReader.ReadDirectory(quiet)).Units.Single(u => u.Kind == UnitKind.Enterprise);
            var p = new LoopPeople(enterprise);
            string[] chain = [enterprise.Code, "park-150622-01", "150622", "150600"];
            await using (var first = await RunningHost.StartAsync(postgres: postgres.ConnectionString, sampleCity: quiet, configuration: Identities.AuthConfiguration(),
                configure: b => b.Services.AddSingleton(new LoopClock(new FakeTimeProvider(t0)))))
            {
                // Before: the whole chain is blue.
                foreach (var code in chain) await Eventually(first, code, l => l.Level == RiskLevel.Blue, $"{code} blue before anything happens");
                var api = DangerCalls.Client(first);
                await api.ReportHiddenDangerAsync(p.Major(id, "k-late-report"), p.Inspector, cancellationToken: Ct);
                var grade = p.Step(id, "k-late-grade");
                grade.Grade = new GradeStep { Level = HiddenDangerLevel.Major, ResponsiblePerson = "safety.zhao", Deadline = Today(t0).AddDays(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) };
                var graded = await api.TransitionHiddenDangerAsync(grade, p.SafetyManager, cancellationToken: Ct);
                Assert.False(graded.Record.Overdue);
                // The open major holds the enterprise orange, not red, before its deadline.
                var orange = await Eventually(first, enterprise.Code, l => l.Level == RiskLevel.Orange, "orange before the deadline");
                Assert.DoesNotContain(orange.Reasons, r => r.Rule == "HD_MAJOR_OVERDUE");
                foreach (var code in chain.Skip(1))
                    Assert.True((await Eventually(first, code, l => l.Level >= RiskLevel.Blue, code)).Level < RiskLevel.Red, $"{code} red before the deadline passed");
            }

            // Three days later (the deadline was the end of tomorrow): the host comes back, and the whole chain turns red
            // from blue/orange because of this record alone.
            await using var second = await RunningHost.StartAsync(postgres: postgres.ConnectionString, sampleCity: "", configuration: Identities.AuthConfiguration(),
                configure: b => b.Services.AddSingleton(new LoopClock(new FakeTimeProvider(t0.AddDays(3)))));
            var red = await Eventually(second, enterprise.Code, l => l.Level == RiskLevel.Red, "the enterprise turning red");
            var overdueReason = red.Reasons.Single(r => r.Rule == "HD_MAJOR_OVERDUE");
            Assert.Equal(id, overdueReason.EvidenceId);
            Assert.Contains(id, overdueReason.TextZh);
            // Each parent explains itself by the child below it, down to the enterprise whose reason names the record.
            for (var i = 1; i < chain.Length; i++)
            {
                var level = await Eventually(second, chain[i], l => l.Level == RiskLevel.Red, $"{chain[i]} turning red");
                var worst = level.Reasons.Single(r => r.Rule == "WORST_CHILD");
                Assert.Equal((chain[i - 1], "Red"), (worst.Inputs.Single(x => x.Name == "child").Text, worst.Inputs.Single(x => x.Name == "childLevel").Text));
            }

            var api2 = DangerCalls.Client(second);
            Assert.True((await api2.GetHiddenDangerAsync(p.Get(id), p.Principal, cancellationToken: Ct)).Overdue);
            var overdue = await api2.ListHiddenDangersAsync(new ListHiddenDangersRequest { OverdueOnly = true, Level = HiddenDangerLevel.Major }, p.DepartmentHead, cancellationToken: Ct);
            Assert.Equal([id], overdue.Records.Select(r => r.Id));
        }
        finally
        {
            Directory.Delete(quiet, recursive: true);
        }
    }
}
