using CityTwin.Abstractions.Inspections;
using CityTwin.Abstractions.Registry;
using CityTwin.Domain.Generation;
using CityTwin.Domain.Inspections;
using CityTwin.Domain.Registry;
using CityTwin.Domain.Units;
using Xunit;
using P = CityTwin.Domain.Inspections.PlanReasonCodes;

namespace CityTwin.Grains.Tests.Inspections;

// Statistics and plans gathered from real ledger grains (in the same class as the deadline tests: they share the fake clock).
public partial class LedgerGrainTests
{
    /// <summary>
    /// A fixed ledger over three enterprises A, B, C (expected numbers worked out in the comments):
    /// A: a1 major, self-found, HC2017-05, found 5 days ago with that day as its deadline (overdue);
    ///    a2 major, department-found, HC2017-05 today (a repeat of a1: same category and criterion within 90 days).
    /// B: b1 general, self-found, rectified on the spot and verified (on time); b2 general, rejected.
    /// C: c1 major, self-found, HC2017-12, open, not due.
    /// </summary>
    private async Task<(Unit A, Unit B, Unit C, IReadOnlyList<Unit> Units)> FixedLedgerAsync(string world)
    {
        var units = BundleValidator.Validate(new CityBundle(CityGenerator.Generate(new CityGeneratorOptions { Seed = 41, Enterprises = 12 }), [])).Units;
        await new RegistryClient(Grains, world).ApplyAllAsync(units, prune: false, Admin, Ct);
        var enterprises = units.Where(u => u.Kind == UnitKind.Enterprise).ToList();
        var (a, b, c) = (enterprises[0], enterprises[1], enterprises[2]);
        var now = fixture.Clock.GetUtcNow();
        var fiveDaysAgo = DateOnly.FromDateTime(now.AddDays(-5).ToOffset(TimeSpan.FromHours(8)).DateTime);

        var la = Ledger(world, a.Code);
        await Ok(la.ApplyAsync("a1", Major(a.Code, "a1", "k-a1") with { Source = FindingSource.SelfInspection, FoundAt = now.AddDays(-5) }, Staff));
        await Ok(la.ApplyAsync("a1", new GradeHiddenDanger("k-a1-grade", HiddenDangerLevel.Major, "ent-zhao") { CriterionCode = "HC2017-05", Deadline = fiveDaysAgo }, SafetyManager));
        await Ok(la.ApplyAsync("a2", Major(a.Code, "a2", "k-a2"), Inspector));

        var lb = Ledger(world, b.Code);
        var general = new ReportHiddenDanger("k-b1", "b1", b.Code, HiddenDangerLevel.General, FindingSource.SelfInspection, new FindingLocation("泵房"), "消防通道堵塞", HazardCategory.Management);
        await Ok(lb.ApplyAsync("b1", general, Staff));
        await Ok(lb.ApplyAsync("b1", new SubmitRectification("k-b1-submit", ["cleared.jpg"]), Staff));
        await Ok(lb.ApplyAsync("b1", new VerifyRectification("k-b1-verify", true), Inspector));
        await Ok(lb.ApplyAsync("b2", general with { IdempotencyKey = "k-b2", Id = "b2" }, Staff));
        await Ok(lb.ApplyAsync("b2", new RejectHiddenDanger("k-b2-reject", "不属于事故隐患"), DepartmentHead));

        await Ok(Ledger(world, c.Code).ApplyAsync("c1", Major(c.Code, "c1", "k-c1") with { Source = FindingSource.SelfInspection, CriterionCode = "HC2017-12" }, Staff));
        return (a, b, c, units);
    }

    [Fact]
    public async Task Statistics_gathered_from_the_ledgers_of_a_scope_give_the_expected_numbers()
    {
        const string world = "t-ledger-stats";
        var (a, b, c, units) = await FixedLedgerAsync(world);
        var analysis = new InspectionAnalysis(Grains, InspectionRules.Default, world);
        var city = UnitPath.Codes(a.Path)[0];

        var s = await analysis.StatisticsAsync(new UnitQuery { PathPrefix = city }, StatisticsGrouping.None);
        Assert.Equal((units.Count(u => u.Kind == UnitKind.Enterprise), 3), (s.Enterprises, s.WithLedgers));
        var t = s.Total;
        // Found: a1, a2, b1, c1 (b2 rejected); majors a1, a2, c1.
        Assert.Equal((4, 3, 1, 1), (t.Found, t.FoundMajor, t.FoundGeneral, t.Rejected));
        // Rectified: b1, on time; nothing closed; open: all four found (b1 is VERIFIED, awaiting its sign-offs).
        Assert.Equal((1, 1, 0, 4, 3), (t.Rectified, t.RectifiedOnTime, t.Closed, t.Open, t.OpenMajor));
        // Overdue: a1 only. On time: 1 ÷ (1 rectified + 1 overdue). Self-found majors: a1, c1 of 3.
        Assert.Equal((1, 1), (t.Overdue, t.OverdueMajor));
        Assert.Equal(0.5, t.OnTimeRate);
        Assert.Equal(2.0 / 3.0, t.SelfFoundMajorShare!.Value, 12);
        var repeat = Assert.Single(t.RepeatOffences);
        Assert.Equal((a.Code, "HC2017-05", "a1,a2"), (repeat.EnterpriseCode, repeat.CriterionCode, string.Join(",", repeat.RecordIds)));

        // One enterprise's path: only its ledger.
        var onlyB = await analysis.StatisticsAsync(new UnitQuery { PathPrefix = b.Path }, StatisticsGrouping.None);
        Assert.Equal((1, 1, 1, 1, 1.0), (onlyB.Enterprises, onlyB.Total.Found, onlyB.Total.Rejected, onlyB.Total.Rectified, onlyB.Total.OnTimeRate));
        // A caller's scopes narrow the query as the server passes them: C's scope sees C's figures only.
        var onlyC = await analysis.StatisticsAsync(new UnitQuery { PathPrefix = city, Scopes = [c.Path] }, StatisticsGrouping.None);
        Assert.Equal((1, 1, 1, 0), (onlyC.Total.Found, onlyC.Total.FoundMajor, onlyC.Total.MajorSelfFound, onlyC.Total.Overdue));

        // By sector and by department: each group is the merge of its enterprises' ledgers.
        foreach (var (by, keyOf) in new (StatisticsGrouping, Func<Unit, string>)[] { (StatisticsGrouping.Sector, u => u.Enterprise!.Sector), (StatisticsGrouping.Department, u => u.Enterprise!.Department) })
        {
            var grouped = await analysis.StatisticsAsync(new UnitQuery { PathPrefix = city }, by);
            var expectedKeys = units.Where(u => u.Kind == UnitKind.Enterprise).Select(keyOf).Distinct().Order(StringComparer.Ordinal);
            Assert.Equal(expectedKeys, grouped.Groups.Select(g => g.Key));
            Assert.Equal(4, grouped.Groups.Sum(g => g.Stats.Found));
            var ofA = grouped.Groups.Single(g => g.Key == keyOf(a));
            var expectedFound = new[] { (a, 2), (b, 1), (c, 1) }.Where(x => keyOf(x.Item1) == keyOf(a)).Sum(x => x.Item2);
            Assert.Equal(expectedFound, ofA.Stats.Found);
            Assert.Equal([a.Code], ofA.Stats.RepeatOffenders);
            Assert.Equal(units.Count(u => u.Kind == UnitKind.Enterprise && keyOf(u) == keyOf(a)), ofA.Enterprises);
        }
    }

    [Fact]
    public async Task The_plan_over_the_ledgers_of_a_scope_gives_the_expected_counts_and_a_reproducible_seeded_draw()
    {
        const string world = "t-ledger-plan";
        var (a, b, c, units) = await FixedLedgerAsync(world);
        var city = UnitPath.Codes(a.Path)[0];
        var from = new DateOnly(2026, 5, 1);
        var to = new DateOnly(2026, 5, 31);
        var noDraw = new InspectionAnalysis(Grains, InspectionRules.Default with { Planning = InspectionRules.Default.Planning with { RandomShare = 0 } }, world);

        var levels = new Dictionary<string, Domain.Risk.RiskLevel>
        {
            [a.Code] = (await Eventually(Grains.GetGrain<IEnterpriseGrain>(Abstractions.Worlds.GrainKey.For(world, a.Code)), s => s.Level == Domain.Risk.RiskLevel.Red, "A red")).Level,
            [c.Code] = (await Eventually(Grains.GetGrain<IEnterpriseGrain>(Abstractions.Worlds.GrainKey.For(world, c.Code)), s => s.Level >= Domain.Risk.RiskLevel.Orange, "C orange")).Level,
        };
        var plan = (await noDraw.PlanAsync(new UnitQuery { PathPrefix = city }, from, to, seed: 7)).Plan;
        // A: red (overdue major) 3 + open major 1 + overdue major 1 + repeat 1 = 6, benchmark suspended if it is one.
        var pa = plan.Proposals.Single(p => p.EnterpriseCode == a.Code);
        Assert.Equal(Domain.Risk.RiskLevel.Red, levels[a.Code]);
        Assert.Equal(6, pa.Inspections);
        Assert.Equal([P.Level, P.MajorOpen, P.MajorOverdue, P.RepeatOffender], pa.Reasons.Select(r => r.Code).Where(code => code != P.BenchmarkSuspended));
        // C: at least orange (open major) → its level's count + 1.
        var pc = plan.Proposals.Single(p => p.EnterpriseCode == c.Code);
        Assert.Equal(InspectionRules.Default.Planning.PerLevel[levels[c.Code]] + 1, pc.Inspections);
        Assert.Equal(a.Code, plan.Proposals[0].EnterpriseCode);
        Assert.Equal(units.Count(u => u.Kind == UnitKind.Enterprise), plan.Proposals.Count + plan.NotProposed.Count);

        // The draw: ⌈10 % × 12⌉ = 2 enterprises, the same for the same seed, another for another seed.
        var analysis = new InspectionAnalysis(Grains, InspectionRules.Default, world);
        string Drawn(InspectionPlan p) => string.Join(",", p.Proposals.Where(x => x.Unannounced).Select(x => x.EnterpriseCode).Order(StringComparer.Ordinal));
        var first = (await analysis.PlanAsync(new UnitQuery { PathPrefix = city }, from, to, seed: 20260501)).Plan;
        var again = (await analysis.PlanAsync(new UnitQuery { PathPrefix = city }, from, to, seed: 20260501)).Plan;
        Assert.Equal(2, first.Proposals.Count(p => p.Unannounced));
        Assert.Equal(Drawn(first), Drawn(again));
        var others = new HashSet<string>();
        for (var seed = 1; seed <= 10; seed++) others.Add(Drawn((await analysis.PlanAsync(new UnitQuery { PathPrefix = city }, from, to, seed)).Plan));
        Assert.True(others.Count > 3, $"only {others.Count} distinct draws over 10 seeds");
    }
}
