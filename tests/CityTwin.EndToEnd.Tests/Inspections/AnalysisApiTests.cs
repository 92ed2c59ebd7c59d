using CityTwin.Domain.Units;
using CityTwin.EndToEnd.Tests.Security;
using CityTwin.Protos.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Xunit;
using static CityTwin.EndToEnd.Tests.Security.SecurityCalls;
using UnitKind = CityTwin.Domain.Units.UnitKind;

namespace CityTwin.EndToEnd.Tests.Inspections;

/// <summary>GetHiddenDangerStats and PlanInspections over real gRPC on a fixed ledger written through the API by the people of each step.</summary>
public class AnalysisApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly TimeSpan Cst = TimeSpan.FromHours(8);
    private static string Day(DateTimeOffset t) => DateOnly.FromDateTime(t.ToOffset(Cst).DateTime).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static IReadOnlyList<Domain.Units.Unit> EnterprisesOf(string banner) =>
        [.. Identities.Sample.Where(u => u.Kind == UnitKind.Enterprise && UnitPath.Codes(u.Path)[1] == banner).OrderBy(u => u.Code, StringComparer.Ordinal)];

    /// <summary>
    /// A, B, C in banner 150622 and D in another banner:
    /// A: a1 major, self-found, HC2017-05, found 5 days ago with that day as its deadline (overdue); a2 major, found unannounced, HC2017-05 (a repeat).
    /// B: b1 general, self-found, rectified on the spot and verified (on time); b2 general, rejected.
    /// C: c1 major, self-found, HC2017-12. D: d1 major, found by a department inspection.
    /// </summary>
    private static async Task<(LoopPeople A, LoopPeople B, LoopPeople C, LoopPeople D)> FixedLedgerAsync(RunningHost host)
    {
        var banner = EnterprisesOf(Identities.Banner);
        var other = Identities.Sample.First(u => u.Kind == UnitKind.Enterprise && UnitPath.Codes(u.Path)[1] != Identities.Banner);
        var (a, b, c, d) = (new LoopPeople(banner[0]), new LoopPeople(banner[1]), new LoopPeople(banner[2]), new LoopPeople(other));
        var api = DangerCalls.Client(host);
        var now = DateTimeOffset.UtcNow;

        var a1 = a.Major("a1", "k-a1");
        a1.Source = FindingSource.SelfInspection;
        a1.FoundAt = Timestamp.FromDateTimeOffset(now.AddDays(-5));
        await api.ReportHiddenDangerAsync(a1, a.Staff, cancellationToken: Ct);
        var grade = a.Step("a1", "k-a1-grade");
        grade.Grade = new GradeStep { Level = HiddenDangerLevel.Major, ResponsiblePerson = "safety.zhao", CriterionCode = "HC2017-05", Deadline = Day(now.AddDays(-5)) };
        Assert.True((await api.TransitionHiddenDangerAsync(grade, a.SafetyManager, cancellationToken: Ct)).Record.Overdue);
        await api.ReportHiddenDangerAsync(a.Major("a2", "k-a2"), a.Inspector, cancellationToken: Ct);

        var b1 = new ReportHiddenDangerRequest
        {
            IdempotencyKey = "k-b1", Id = "b1", EnterpriseCode = b.Enterprise.Code, Level = HiddenDangerLevel.General, Source = FindingSource.SelfInspection,
            Location = "泵房", Description = "消防通道堵塞", Category = HazardCategory.Management,
        };
        await api.ReportHiddenDangerAsync(b1, b.Staff, cancellationToken: Ct);
        var submit = b.Step("b1", "k-b1-submit");
        submit.Submit = new SubmitStep { Evidence = { "cleared.jpg" } };
        await api.TransitionHiddenDangerAsync(submit, b.Staff, cancellationToken: Ct);
        var verify = b.Step("b1", "k-b1-verify");
        verify.Verify = new VerifyStep { Passed = true };
        await api.TransitionHiddenDangerAsync(verify, b.Inspector, cancellationToken: Ct);
        var b2 = b1.Clone();
        (b2.IdempotencyKey, b2.Id) = ("k-b2", "b2");
        await api.ReportHiddenDangerAsync(b2, b.Staff, cancellationToken: Ct);
        var reject = b.Step("b2", "k-b2-reject");
        reject.Reject = new RejectStep { Reason = "不属于事故隐患" };
        await api.TransitionHiddenDangerAsync(reject, b.DepartmentHead, cancellationToken: Ct);

        var c1 = c.Major("c1", "k-c1");
        (c1.Source, c1.CriterionCode) = (FindingSource.SelfInspection, "HC2017-12");
        await api.ReportHiddenDangerAsync(c1, c.Staff, cancellationToken: Ct);
        var d1 = d.Major("d1", "k-d1");
        d1.Source = FindingSource.DepartmentInspection;
        await api.ReportHiddenDangerAsync(d1, d.Inspector, cancellationToken: Ct);
        return (a, b, c, d);
    }

    [Fact]
    public async Task Statistics_of_a_fixed_ledger_per_scope_sector_and_department_and_a_banner_supervisor_sees_only_the_banner()
    {
        await using var host = await RunningHost.StartAsync(configuration: Identities.AuthConfiguration());
        var (a, b, c, d) = await FixedLedgerAsync(host);
        var api = DangerCalls.Client(host);
        var admin = Identities.CityAdmin.Headers;

        var banner = await api.GetHiddenDangerStatsAsync(new HiddenDangerStatsRequest { PathPrefix = Identities.BannerPath }, admin, cancellationToken: Ct);
        var t = banner.Total;
        // Found a1, a2, b1, c1 (b2 rejected); majors a1, a2, c1; rectified b1 on time; open all four; overdue a1.
        Assert.Equal((4, 3, 1, 1), (t.Found, t.FoundMajor, t.FoundGeneral, t.Rejected));
        Assert.Equal((1, 1, 0, 4, 3, 1, 1), (t.Rectified, t.RectifiedOnTime, t.Closed, t.Open, t.OpenMajor, t.Overdue, t.OverdueMajor));
        Assert.Equal(0.5, t.OnTimeRate); // 1 ÷ (1 rectified + 1 overdue)
        Assert.Equal(2.0 / 3.0, t.SelfFoundMajorShare, 12); // a1, c1 of three majors
        var repeat = Assert.Single(t.RepeatOffences);
        Assert.Equal((a.Enterprise.Code, HazardCategory.Equipment, "HC2017-05", "a1,a2"), (repeat.EnterpriseCode, repeat.Category, repeat.CriterionCode, string.Join(",", repeat.RecordIds)));
        Assert.Equal([a.Enterprise.Code], t.RepeatOffenders);
        Assert.Equal((EnterprisesOf(Identities.Banner).Count, 3), (t.Enterprises, t.EnterprisesWithLedgers));
        Assert.Equal(90, banner.RepeatWindowDays);
        Assert.NotNull(banner.AsOf);

        // The city adds D: 5 found, 4 majors, of which 2 self-found.
        var city = await api.GetHiddenDangerStatsAsync(new HiddenDangerStatsRequest(), admin, cancellationToken: Ct);
        Assert.Equal((5, 4, 0.5, 600), (city.Total.Found, city.Total.FoundMajor, city.Total.SelfFoundMajorShare, city.Total.Enterprises));

        // Per department and per sector, over the banner: the groups add up, A's group holds its repeat.
        foreach (var (by, keyOf) in new (StatsGrouping, Func<Domain.Units.Unit, string>)[] { (StatsGrouping.Department, u => u.Enterprise!.Department), (StatsGrouping.Sector, u => u.Enterprise!.Sector) })
        {
            var grouped = await api.GetHiddenDangerStatsAsync(new HiddenDangerStatsRequest { PathPrefix = Identities.BannerPath, By = by }, admin, cancellationToken: Ct);
            Assert.Equal(EnterprisesOf(Identities.Banner).Select(keyOf).Distinct().Order(StringComparer.Ordinal), grouped.Groups.Select(g => g.Key));
            Assert.Equal(4, grouped.Groups.Sum(g => g.Figures.Found));
            Assert.Equal(1, grouped.Groups.Sum(g => g.Figures.Rejected));
            var ofA = grouped.Groups.Single(g => g.Key == keyOf(a.Enterprise)).Figures;
            Assert.Equal([a.Enterprise.Code], ofA.RepeatOffenders);
            var foundPer = new[] { (a.Enterprise, 2), (b.Enterprise, 1), (c.Enterprise, 1) };
            Assert.Equal(foundPer.Where(x => keyOf(x.Item1) == keyOf(a.Enterprise)).Sum(x => x.Item2), ofA.Found);
        }

        // A supervisor of the banner sees its figures, whatever the path asked; never D's.
        var supervisor = Identities.Supervisor.Headers;
        Assert.Equal(4, (await api.GetHiddenDangerStatsAsync(new HiddenDangerStatsRequest(), supervisor, cancellationToken: Ct)).Total.Found);
        var beside = await api.GetHiddenDangerStatsAsync(new HiddenDangerStatsRequest { PathPrefix = string.Join('/', UnitPath.Codes(d.Enterprise.Path).Take(2)) }, supervisor, cancellationToken: Ct);
        Assert.Equal((0, 0), (beside.Total.Found, beside.Total.Enterprises));
        // An enterprise sees its own figures only.
        var own = await api.GetHiddenDangerStatsAsync(new HiddenDangerStatsRequest(), b.Principal, cancellationToken: Ct);
        Assert.Equal((1, 1, 1, 1), (own.Total.Enterprises, own.Total.Found, own.Total.Rejected, own.Total.Rectified));
        Assert.StartsWith("by", (await Refusal(() => api.GetHiddenDangerStatsAsync(new HiddenDangerStatsRequest { By = (StatsGrouping)9 }, admin, cancellationToken: Ct).ResponseAsync)).Status.Detail);
    }

    [Fact]
    public async Task The_plan_of_a_banner_ranks_the_repeat_offender_with_an_overdue_major_first_and_its_seeded_draw_is_reproducible()
    {
        await using var host = await RunningHost.StartAsync(configuration: Identities.AuthConfiguration());
        var (a, _, c, d) = await FixedLedgerAsync(host);
        var api = DangerCalls.Client(host);
        var query = new QueryService.QueryServiceClient(host.Channel);
        for (var i = 0; i < 300 && (await query.GetLevelAsync(new GetLevelRequest { Code = a.Enterprise.Code }, Identities.CityAdmin.Headers, cancellationToken: Ct)).Level != RiskLevel.Red; i++)
            await Task.Delay(50, Ct);
        var supervisor = Identities.Supervisor.Headers;
        PlanInspectionsRequest Request(int seed) => new() { From = "2026-07-01", To = "2026-09-30", Seed = seed };

        var plan = await api.PlanInspectionsAsync(Request(42), supervisor, cancellationToken: Ct);
        var banner = EnterprisesOf(Identities.Banner);
        Assert.Equal(banner.Count, plan.Candidates);
        Assert.Equal(banner.Count, plan.Proposals.Count + plan.NotProposed.Count);
        Assert.All(plan.Proposals, p => Assert.StartsWith(Identities.BannerPath + "/", banner.Single(u => u.Code == p.EnterpriseCode).Path));
        Assert.Equal(banner.Count(u => u.Enterprise!.Benchmark), plan.Benchmarks);
        Assert.DoesNotContain(d.Enterprise.Code, plan.Proposals.Select(p => p.EnterpriseCode).Concat(plan.NotProposed));

        // A: red 3 + open major 1 + overdue major 1 + repeat 1 (+1 if drawn); nobody in the banner has more.
        var pa = plan.Proposals[0];
        Assert.Equal((a.Enterprise.Code, RiskLevel.Red, a.Enterprise.Name), (pa.EnterpriseCode, pa.Level, pa.Name));
        Assert.Equal(pa.Unannounced ? 7 : 6, pa.Inspections);
        Assert.Equal(["LEVEL", "HD_MAJOR_OPEN", "HD_MAJOR_OVERDUE", "REPEAT_OFFENDER"], pa.Reasons.Select(r => r.Code).Where(code => code is not "BENCHMARK_SUSPENDED" and not "RANDOM_DRAW"));
        Assert.Contains(plan.Proposals, p => p.EnterpriseCode == c.Enterprise.Code && p.Reasons.Any(r => r.Code == "HD_MAJOR_OPEN"));
        Assert.Equal((int)Math.Ceiling(0.1 * banner.Count), plan.Proposals.Count(p => p.Unannounced));
        Assert.All(plan.Proposals.Where(p => p.Unannounced), p => Assert.Equal("RANDOM_DRAW", p.Reasons[^1].Code));

        // The same seed gives the same plan; other seeds draw other enterprises.
        Assert.Equal(plan, await api.PlanInspectionsAsync(Request(42), supervisor, cancellationToken: Ct));
        static string Drawn(InspectionPlan p) => string.Join(",", p.Proposals.Where(x => x.Unannounced).Select(x => x.EnterpriseCode).Order(StringComparer.Ordinal));
        var draws = new HashSet<string> { Drawn(plan) };
        for (var seed = 1; seed <= 5; seed++) draws.Add(Drawn(await api.PlanInspectionsAsync(Request(seed), supervisor, cancellationToken: Ct)));
        Assert.True(draws.Count > 2, $"only {draws.Count} distinct draws over 6 seeds");

        // Enterprises never see a plan (it names the unannounced visits); bad periods are refused naming the field.
        Assert.Equal(StatusCode.PermissionDenied, await StatusOf(() => api.PlanInspectionsAsync(Request(42), a.Principal, cancellationToken: Ct).ResponseAsync));
        var backwards = await Refusal(() => api.PlanInspectionsAsync(new PlanInspectionsRequest { From = "2026-09-30", To = "2026-07-01" }, supervisor, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, backwards.StatusCode);
        Assert.StartsWith("to", backwards.Status.Detail);
        Assert.StartsWith("from", (await Refusal(() => api.PlanInspectionsAsync(new PlanInspectionsRequest { To = "2026-07-01" }, supervisor, cancellationToken: Ct).ResponseAsync)).Status.Detail);
    }
}
