using System.Collections.Concurrent;
using CityTwin.Abstractions;
using CityTwin.Abstractions.Inspections;
using CityTwin.Abstractions.Live;
using CityTwin.Abstractions.Registry;
using CityTwin.Abstractions.Worlds;
using CityTwin.Domain.Generation;
using CityTwin.Domain.Inspections;
using CityTwin.Domain.Registry;
using CityTwin.Domain.Risk;
using CityTwin.Domain.Risk.Explanations;
using CityTwin.Domain.Units;
using Orleans.Core.Internal;
using Orleans.Runtime;
using Xunit;
using Actor = CityTwin.Abstractions.Actor;

namespace CityTwin.Grains.Tests.Inspections;

/// <summary>The ledger grain over a real (test) cluster: lifecycle with role checks, storage, idempotency, deadlines, risk.</summary>
[Collection(LedgerClusterFixture.ClockUsers)]
public partial class LedgerGrainTests(LedgerClusterFixture fixture) : IClassFixture<LedgerClusterFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly Actor Admin = new("admin-chen", "city-admin");
    private static readonly Actor Inspector = new("insp-li", "inspector");
    private static readonly Actor Staff = new("ent-zhang", "enterprise");
    private static readonly Actor SafetyManager = new("ent-zhao", "enterprise-safety-manager");
    private static readonly Actor Principal = new("ent-qian", "enterprise-principal");
    private static readonly Actor DepartmentHead = new("dept-zhou", "department-head");

    private IGrainFactory Grains => fixture.Grains;

    private async Task<Unit> LoadAsync(string world, int seed)
    {
        var units = BundleValidator.Validate(new CityBundle(CityGenerator.Generate(new CityGeneratorOptions { Seed = seed, Enterprises = 12 }), [])).Units;
        await new RegistryClient(Grains, world).ApplyAllAsync(units, prune: false, Admin, Ct);
        return units.First(u => u.Kind == UnitKind.Enterprise);
    }

    private IHiddenDangerLedgerGrain Ledger(string world, string enterprise) => Grains.GetGrain<IHiddenDangerLedgerGrain>(GrainKey.For(world, enterprise));

    private static ReportHiddenDanger Major(string enterprise, string id, string key = "k-report") =>
        new(key, id, enterprise, HiddenDangerLevel.Major, FindingSource.DepartmentInspection, new FindingLocation("罐区T-101北侧"),
            "一级重大危险源储罐区未配备紧急切断功能", HazardCategory.Equipment) { CriterionCode = "HC2017-05" };

    private RectificationPlan Plan() => new("加装紧急切断", "加装紧急切断阀并接入SIS", "设备部", "ent-zhao", DateOnly.FromDateTime(fixture.Clock.GetUtcNow().AddDays(20).Date));

    private static async Task<HiddenDanger> Ok(Task<LedgerReply> call)
    {
        var outcome = (await call).ToOutcome();
        Assert.True(outcome.IsOk, outcome.Problem?.ToString());
        return outcome.Ok;
    }

    private static async Task<Problem> Refused(Task<LedgerReply> call, OutcomeStatus status)
    {
        var outcome = (await call).ToOutcome();
        Assert.Equal(status, outcome.Status);
        return outcome.Problem!;
    }

    private async Task ReactivateAsync(IHiddenDangerLedgerGrain ledger)
    {
        await ledger.Cast<IGrainManagementExtension>().DeactivateOnIdle();
        await Task.Delay(200, Ct);
    }

    [Fact]
    public async Task A_major_walks_to_closed_with_its_four_sign_offs_checked_by_role_and_order_and_all_of_it_is_stored()
    {
        const string world = "t-ledger-walk";
        var enterprise = await LoadAsync(world, 31);
        var ledger = Ledger(world, enterprise.Code);

        var found = await Ok(ledger.ApplyAsync("hd-1", Major(enterprise.Code, "hd-1"), Inspector));
        Assert.Equal((HiddenDangerState.Found, "insp-li"), (found.State, found.FoundBy));

        Assert.Equal("state", (await Refused(ledger.ApplyAsync("hd-1", new StartRectification("k-start-early", Plan()), Staff), OutcomeStatus.FailedPrecondition)).Subject);
        var denied = await Refused(ledger.ApplyAsync("hd-1", new GradeHiddenDanger("k-grade-staff", HiddenDangerLevel.Major, "ent-zhao"), Staff), OutcomeStatus.PermissionDenied);
        Assert.Contains("enterprise-safety-manager", denied.Subject);
        await Ok(ledger.ApplyAsync("hd-1", new GradeHiddenDanger("k-grade", HiddenDangerLevel.Major, "ent-zhao") { CriterionCode = "HC2017-05" }, SafetyManager));
        Assert.Equal("plan", (await Refused(ledger.ApplyAsync("hd-1", new StartRectification("k-start-noplan"), Staff), OutcomeStatus.FailedPrecondition)).Subject);
        await Ok(ledger.ApplyAsync("hd-1", new StartRectification("k-start", Plan()), Staff));
        await Ok(ledger.ApplyAsync("hd-1", new SubmitRectification("k-submit", ["after.jpg"]), Staff));
        await Ok(ledger.ApplyAsync("hd-1", new VerifyRectification("k-verify", true), Inspector));
        Assert.Equal("sign-off level 1", (await Refused(ledger.ApplyAsync("hd-1", new SignHiddenDanger("k-sign-2-early", SignOffLevel.SafetyManager), SafetyManager), OutcomeStatus.FailedPrecondition)).Subject);
        await Refused(ledger.ApplyAsync("hd-1", new SignHiddenDanger("k-sign-admin", SignOffLevel.Inspector), Admin), OutcomeStatus.PermissionDenied);
        await Ok(ledger.ApplyAsync("hd-1", new SignHiddenDanger("k-sign-1", SignOffLevel.Inspector), Inspector));
        await Ok(ledger.ApplyAsync("hd-1", new SignHiddenDanger("k-sign-2", SignOffLevel.SafetyManager), SafetyManager));
        var three = await Ok(ledger.ApplyAsync("hd-1", new SignHiddenDanger("k-sign-3", SignOffLevel.Principal), Principal));
        Assert.Equal(HiddenDangerState.Verified, three.State);
        var closed = await Ok(ledger.ApplyAsync("hd-1", new SignHiddenDanger("k-sign-4", SignOffLevel.DepartmentHead), DepartmentHead));
        Assert.Equal(HiddenDangerState.Closed, closed.State);

        await ReactivateAsync(ledger);
        var stored = await ledger.GetAsync("hd-1");
        Assert.NotNull(stored);
        Assert.Equal(HiddenDangerState.Closed, stored.State);
        Assert.Equal(["report", "grade", "start", "submit", "verify", "sign", "sign", "sign", "sign"], stored.History.Select(h => h.Command));
        Assert.Equal(["insp-li", "ent-zhao", "ent-qian", "dept-zhou"], stored.SignOffs.Select(s => s.Subject));
        Assert.Equal("HC2017-05", stored.CriterionCode);
        Assert.Equal("加装紧急切断阀并接入SIS", stored.Plan?.Measures);
        Assert.True(await Grains.GetGrain<IHiddenDangerDirectoryGrain>(world).HasLedgerAsync(enterprise.Code));
    }

    [Fact]
    public async Task A_retried_key_returns_the_original_outcome_and_duplicates_nothing_even_after_reactivation()
    {
        const string world = "t-ledger-retry";
        var enterprise = await LoadAsync(world, 32);
        var ledger = Ledger(world, enterprise.Code);

        var first = (await ledger.ApplyAsync("hd-1", Major(enterprise.Code, "hd-1", "k-1"), Inspector)).ToOutcome();
        Assert.False(first.Replayed);
        await ReactivateAsync(ledger);
        var again = (await ledger.ApplyAsync("hd-1", Major(enterprise.Code, "hd-1", "k-1"), Inspector)).ToOutcome();
        Assert.True(again.Replayed);
        Assert.Equal(first.Ok.FoundAt, again.Ok.FoundAt);
        // The same key under another id is the same report retried, not a second record.
        var sameKey = (await ledger.ApplyAsync("hd-2", Major(enterprise.Code, "hd-2", "k-1"), Inspector)).ToOutcome();
        Assert.True(sameKey.Replayed);
        Assert.Equal("hd-1", sameKey.Ok.Id);

        await Ok(ledger.ApplyAsync("hd-1", new GradeHiddenDanger("k-2", HiddenDangerLevel.Major, "ent-zhao") { Plan = Plan() }, SafetyManager));
        var retried = await ledger.ApplyAsync("hd-1", new GradeHiddenDanger("k-2", HiddenDangerLevel.Major, "ent-zhao") { Plan = Plan() }, SafetyManager);
        Assert.True(retried.Replayed);
        // The key reused for another command is a client bug.
        Assert.Equal("idempotencyKey", (await Refused(ledger.ApplyAsync("hd-1", new StartRectification("k-2"), Staff), OutcomeStatus.InvalidArgument)).Subject);

        var records = (await ledger.ListAsync(DangerFilter.All)).Records;
        Assert.Equal(["hd-1"], records.Select(r => r.Id));
        Assert.Equal(["k-1", "k-2"], records[0].History.Select(h => h.IdempotencyKey));
    }

    [Fact]
    public async Task A_major_turns_its_enterprise_orange_naming_it_and_a_deadline_passed_while_inactive_fires_at_once_and_turns_it_red()
    {
        const string world = "t-ledger-deadline";
        // The hub registers first: publishers cache the hub list for a few seconds.
        var hub = new RecordingHub();
        var reference = Grains.CreateObjectReference<IWatchHub>(hub);
        await Grains.GetGrain<IWatchDirectoryGrain>(world).RegisterAsync(reference);
        var enterprise = await LoadAsync(world, 33);
        var ledger = Ledger(world, enterprise.Code);
        var node = Grains.GetGrain<IEnterpriseGrain>(GrainKey.For(world, enterprise.Code));

        await Ok(ledger.ApplyAsync("hd-9", Major(enterprise.Code, "hd-9"), Inspector));
        var orange = await Eventually(node, s => s.Level >= RiskLevel.Orange, "the enterprise turning orange");
        var reason = orange.Reasons.Single(r => r.Rule == RuleCodes.HiddenDangerMajorOpen);
        Assert.Equal("hd-9", reason.EvidenceId);
        Assert.Contains("hd-9", reason.Zh);

        var today = DateOnly.FromDateTime(fixture.Clock.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).DateTime);
        await Ok(ledger.ApplyAsync("hd-9", new GradeHiddenDanger("k-grade", HiddenDangerLevel.Major, "ent-zhao") { Deadline = today.AddDays(1), Plan = Plan() }, SafetyManager));

        // The deadline (end of tomorrow) passes while the ledger is not active; it fires as soon as it is.
        await ReactivateAsync(ledger);
        fixture.Clock.Advance(TimeSpan.FromDays(3));
        Assert.NotNull(await ledger.GetAsync("hd-9"));
        var red = await Eventually(node, s => s.Level == RiskLevel.Red, "the enterprise turning red");
        Assert.Equal("hd-9", red.Reasons.Single(r => r.Rule == RuleCodes.HiddenDangerMajorOverdue).EvidenceId);

        var notices = await EventuallyNotices(hub, n => n.Any(x => x.Notice!.Kind == LoopNotice.Overdue));
        Assert.Equal([LoopNotice.DueSoon, LoopNotice.Overdue], notices.Select(n => n.Notice!.Kind));
        Assert.All(notices, n => Assert.Equal((enterprise.Code, "hd-9"), (n.Code, n.Notice!.RecordId)));
        Assert.Equal(EscalationLevel.EnterprisePrincipal, notices[1].Notice!.Reaches);

        // Every seven days overdue one rung higher: the supervising department (T+7), the banner (T+14), the city (T+21).
        fixture.Clock.Advance(TimeSpan.FromDays(21));
        await ledger.CatchUpAsync();
        notices = await EventuallyNotices(hub, n => n.Count(x => x.Notice!.Kind == LoopNotice.Escalation) == 3);
        var city = UnitPath.Codes(enterprise.Path)[0];
        var banner = UnitPath.Codes(enterprise.Path)[1];
        Assert.Equal([(enterprise.Code, EscalationLevel.SupervisingDepartment), (banner, EscalationLevel.DistrictCommittee), (city, EscalationLevel.CityCommittee)],
            notices.Where(n => n.Notice!.Kind == LoopNotice.Escalation).Select(n => (n.Code, n.Notice!.Reaches)));
        // Catching up twice fires nothing twice.
        await ledger.CatchUpAsync();
        await Task.Delay(300, Ct);
        Assert.Equal(5, hub.Notices.Count(n => n.Notice!.Kind.StartsWith("hidden-danger-", StringComparison.Ordinal)));
    }

    private async Task<Domain.Risk.Rollup.RiskSummary> Eventually(IEnterpriseGrain node, Func<Domain.Risk.Rollup.RiskSummary, bool> done, string what)
    {
        Domain.Risk.Rollup.RiskSummary? last = null;
        for (var i = 0; i < 200; i++)
        {
            last = (await node.GetLiveAsync())?.Summary;
            if (last is not null && done(last)) return last;
            await Task.Delay(50, Ct);
        }
        throw new Xunit.Sdk.XunitException($"{what} never happened; last: {last?.Level} {string.Join("; ", last?.Reasons.Select(r => r.Rule) ?? [])}");
    }

    private async Task<List<LevelChange>> EventuallyNotices(RecordingHub hub, Func<List<LevelChange>, bool> done)
    {
        for (var i = 0; i < 200; i++)
        {
            // The ledger's own notices: the enterprise turning orange and red also raises warnings (docs/warnings.md).
            var notices = hub.Notices.Where(n => n.Notice!.Kind.StartsWith("hidden-danger-", StringComparison.Ordinal)).ToList();
            if (done(notices)) return notices;
            await Task.Delay(50, Ct);
        }
        throw new Xunit.Sdk.XunitException($"notices never arrived ({hub.All} changes); got: {string.Join("; ", hub.Notices.Select(n => n.Notice!.Kind))}");
    }

    private sealed class RecordingHub : IWatchHub
    {
        public ConcurrentQueue<LevelChange> Notices { get; } = new();
        public int All;

        public Task OnChangesAsync(IReadOnlyList<LevelChange> changes)
        {
            All += changes.Count;
            foreach (var c in changes.Where(c => c.Notice is not null)) Notices.Enqueue(c);
            return Task.CompletedTask;
        }
    }
}
