using CityTwin.Abstractions.Inspections;
using CityTwin.Abstractions.Registry;
using CityTwin.Abstractions.Worlds;
using CityTwin.Domain.Generation;
using CityTwin.Domain.Inspections;
using CityTwin.Domain.Registry;
using CityTwin.Domain.Risk;
using CityTwin.Domain.Units;
using CityTwin.Grains.Tests.Inspections;
using Orleans.Core.Internal;
using Xunit;
using Actor = CityTwin.Abstractions.Actor;

namespace CityTwin.Grains.Tests.Warnings;

/// <summary>The warning book over a real (test) cluster: the enterprise hook, escalation with catch-up, steps, storage.</summary>
[Collection(LedgerClusterFixture.ClockUsers)]
public class WarningBookGrainTests(LedgerClusterFixture fixture) : IClassFixture<LedgerClusterFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly Actor Admin = new("admin-chen", "city-admin");
    private static readonly Actor Principal = new("ent-qian", "enterprise-principal");
    private static readonly Actor DepartmentHead = new("dept-zhou", "department-head");

    private IGrainFactory Grains => fixture.Grains;

    private async Task<Unit> LoadAsync(string world, int seed)
    {
        var units = BundleValidator.Validate(new CityBundle(CityGenerator.Generate(new CityGeneratorOptions { Seed = seed, Enterprises = 12 }), [])).Units;
        await new RegistryClient(Grains, world).ApplyAllAsync(units, prune: false, Admin, Ct);
        foreach (var e in units.Where(u => u.Kind == UnitKind.Enterprise))
        {
            var live = await Grains.GetGrain<IEnterpriseGrain>(GrainKey.For(world, e.Code)).GetLiveAsync();
            if (live!.Summary.Level < RiskLevel.Orange) return e;
        }
        throw new InvalidOperationException("no enterprise below orange");
    }

    private IWarningBookGrain Book(string world, string enterprise) => Grains.GetGrain<IWarningBookGrain>(GrainKey.For(world, enterprise));

    private async Task<Warning> EventuallyAsync(IWarningBookGrain book, Func<Warning, bool> match)
    {
        for (var i = 0; i < 200; i++)
        {
            if ((await book.ListAsync(WarningFilter.All)).Warnings.FirstOrDefault(match) is { } w) return w;
            await Task.Delay(25, Ct);
        }
        throw new Xunit.Sdk.XunitException("no matching warning");
    }

    [Fact]
    public async Task An_enterprise_turning_red_raises_one_warning_to_the_enterprise_which_escalates_when_unanswered_and_survives_reactivation()
    {
        const string world = "warn-red";
        var e = await LoadAsync(world, 71);
        var enterprise = Grains.GetGrain<IEnterpriseGrain>(GrainKey.For(world, e.Code));
        var overdue = new HiddenDangerEffect(new HiddenDangerCounts(1, 1, 0, 0, 0) { MajorOverdueIds = ["hd-9"], MajorOpenIds = ["hd-9"] }, ["hd-9"], ["hd-9"], [], []);
        await enterprise.ReportHiddenDangersAsync(overdue);
        var book = Book(world, e.Code);
        var w = await EventuallyAsync(book, w => w.Trigger == WarningTrigger.RiskLevel);
        Assert.Equal((RiskLevel.Red, EscalationLevel.Enterprise, WarningState.Raised, e.Code, "hd-9"), (w.Level, w.AtLevel, w.State, w.UnitCode, w.EvidenceId));
        Assert.Equal(w.RaisedAt.AddMinutes(30), w.AnswerDueAt);

        // The same red again (a recompute, a restart): no second warning.
        await book.RaiseAsync(new WarningSignal(WarningTrigger.RiskLevel, e.Code, RiskLevel.Red, "again", "k-again") { Inherent = RiskLevel.Blue });
        Assert.Single((await book.ListAsync(WarningFilter.All)).Warnings);

        // 31 minutes later nobody answered: one rung up, dated at the deadline; stored across a reactivation.
        fixture.Clock.Advance(TimeSpan.FromMinutes(31));
        await book.CatchUpAsync();
        await book.Cast<IGrainManagementExtension>().DeactivateOnIdle(Ct);
        var after = (await book.ListAsync(WarningFilter.All with { Id = w.Id })).Warnings.Single();
        Assert.Equal(EscalationLevel.SupervisingDepartment, after.AtLevel);
        Assert.Equal([new WarningEscalation(w.Id, EscalationLevel.Enterprise, EscalationLevel.SupervisingDepartment, w.AnswerDueAt!.Value)], after.Escalations);

        // Answered late by the principal, verified and closed by the department head in one step; a retry replays.
        var answered = await book.ApplyAsync(w.Id, new WarningStep(WarningStepKind.Answer, "k-a", "超期未消除的重大隐患", "已停用相关装置"), Principal);
        Assert.Equal((WarningState.Answered, false), (answered.Warning!.State, answered.Warning.AnsweredOnTime));
        var closed = await book.ApplyAsync(w.Id, new WarningStep(WarningStepKind.Verify, "k-v", Passed: true), DepartmentHead);
        Assert.Equal(WarningState.Closed, closed.Warning!.State);
        Assert.True((await book.ApplyAsync(w.Id, new WarningStep(WarningStepKind.Verify, "k-v", Passed: true), DepartmentHead)).Replayed);
    }

    [Fact]
    public async Task Statistics_over_a_fixed_book_give_exact_numbers()
    {
        const string world = "warn-stats";
        var e = await LoadAsync(world, 72);
        var book = Book(world, e.Code);
        // Three warnings: red answered on time and closed; orange answered late (after one rung); yellow left open past its deadline.
        var red = (await book.RaiseAsync(new WarningSignal(WarningTrigger.HighHighAlarm, "hs-x1", RiskLevel.Red, "高高报", "k-s1"))).Warning!;
        var orange = (await book.RaiseAsync(new WarningSignal(WarningTrigger.HighHighAlarm, "hs-x2", RiskLevel.Orange, "高高报", "k-s2"))).Warning!;
        var yellow = (await book.RaiseAsync(new WarningSignal(WarningTrigger.MissingCommitment, e.Code, RiskLevel.Yellow, "未承诺", "k-s3"))).Warning!;
        await book.ApplyAsync(red.Id, new WarningStep(WarningStepKind.Answer, "k-s1a", "误报", "已校准"), Principal);
        await book.ApplyAsync(red.Id, new WarningStep(WarningStepKind.Verify, "k-s1v", Passed: true), DepartmentHead);
        fixture.Clock.Advance(TimeSpan.FromHours(3));
        await book.ApplyAsync(orange.Id, new WarningStep(WarningStepKind.Answer, "k-s2a", "泄漏", "已堵漏"), Principal);
        fixture.Clock.Advance(TimeSpan.FromHours(22));

        var view = await book.ListAsync(WarningFilter.All);
        var stats = WarningStatistics.Summarise(view.Warnings, view.AsOf, InspectionRules.Default);
        Assert.Equal((3, 1, 1, 2, 2, 1), (stats.Raised, stats.AnsweredOnTime, stats.AnsweredLate, stats.Escalated, stats.Open, stats.Closed));
        Assert.Equal((0, 1, 1, 1), (stats.ByLevel[RiskLevel.Blue], stats.ByLevel[RiskLevel.Yellow], stats.ByLevel[RiskLevel.Orange], stats.ByLevel[RiskLevel.Red]));
        Assert.Equal(1.0 / 3, stats.OnTimeRate);
        Assert.Equal(EscalationLevel.DistrictCommittee, view.Warnings.Single(w => w.Id == yellow.Id).AtLevel); // started at the department, one rung up
    }
}
