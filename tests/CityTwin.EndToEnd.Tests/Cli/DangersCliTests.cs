using CityTwin.Cli;
using CityTwin.EndToEnd.Tests.Security;
using Xunit;

using static CityTwin.EndToEnd.Tests.Cli.CliRun;

namespace CityTwin.EndToEnd.Tests.Cli;

/// <summary><c>citytwin dangers</c> against a real host with authentication: each person uses their own token.</summary>
public class DangersCliTests
{
    [Fact]
    public async Task A_major_hidden_danger_is_reported_graded_retried_shown_listed_and_explained_with_the_cli()
    {
        await using var host = await RunningHost.StartAsync(configuration: Identities.AuthConfiguration());
        // An enterprise below orange, so the hidden danger's reason shows in its explanation.
        var query = new CityTwin.Protos.V1.QueryService.QueryServiceClient(host.Channel);
        CityTwin.Domain.Units.Unit? e = null;
        foreach (var u in Identities.Sample.Where(u => u.Kind == CityTwin.Domain.Units.UnitKind.Enterprise))
        {
            var level = await query.GetLevelAsync(new CityTwin.Protos.V1.GetLevelRequest { Code = u.Code }, Identities.CityAdmin.Headers, cancellationToken: TestContext.Current.CancellationToken);
            if (level.Level <= CityTwin.Protos.V1.RiskLevel.Yellow) { e = u; break; }
        }
        Assert.NotNull(e);
        var inspector = Identities.Token("inspector", $"sector:{e.Enterprise!.Sector}", "inspector.li");
        var manager = Identities.Token("enterprise-safety-manager", e.Path, "safety.zhao");
        var staff = Identities.Token("enterprise", e.Path, "ent-zhang");
        string[] server = ["--server", host.Address];

        var report = await Run(["dangers", "report", e.Code, "hd-cli-1", "--level", "major", "--source", "unannounced", "--location", "罐区T-101北侧",
            "--description", "储罐区未配备紧急切断功能", "--criterion", "HC2017-05", "--key", "k-cli-report", "--token", inspector, .. server]);
        Assert.True(report.Exit == 0, report.Err);
        Assert.Contains($"{e.Code}/hd-cli-1: major found", report.Out);

        var denied = await Run(["dangers", "transition", e.Code, "hd-cli-1", "grade", "--level", "major", "--responsible", "safety.zhao", "--key", "k-cli-grade", "--token", staff, .. server]);
        Assert.NotEqual(0, denied.Exit);
        Assert.Contains("enterprise-safety-manager", denied.Err);

        var grade = await Run(["dangers", "transition", e.Code, "hd-cli-1", "grade", "--level", "major", "--responsible", "safety.zhao", "--deadline", "2099-12-31",
            "--key", "k-cli-grade", "--token", manager, .. server]);
        Assert.True(grade.Exit == 0, grade.Err);
        Assert.Contains("major assigned, deadline 2099-12-31", grade.Out);
        var retry = await Run(["dangers", "transition", e.Code, "hd-cli-1", "grade", "--level", "major", "--responsible", "safety.zhao", "--deadline", "2099-12-31",
            "--key", "k-cli-grade", "--token", manager, .. server]);
        Assert.Contains("already done", retry.Out);

        var noPlan = await Run(["dangers", "transition", e.Code, "hd-cli-1", "start", "--token", staff, .. server]);
        Assert.NotEqual(0, noPlan.Exit);
        Assert.Contains("plan", noPlan.Err);

        var show = await Run(["dangers", "show", e.Code, "hd-cli-1", "--token", staff, .. server]);
        Assert.True(show.Exit == 0, show.Err);
        Assert.Contains("report  found → found by inspector.li (inspector) key k-cli-report", show.Out);
        Assert.Contains("grade   found → assigned by safety.zhao (enterprise-safety-manager) key k-cli-grade", show.Out);
        Assert.Contains("(1,2,3,4 required)", show.Out);

        var list = await Run(["dangers", "list", "--level", "major", "--state", "assigned", "--token", inspector, .. server]);
        Assert.True(list.Exit == 0, list.Err);
        Assert.Contains("hd-cli-1", list.Out);
        Assert.Contains("1 hidden danger(s)", list.Out);

        string? explained = null;
        for (var i = 0; i < 100 && explained?.Contains("hd-cli-1", StringComparison.Ordinal) != true; i++)
        {
            explained = (await Run(["explain", e.Code, "--token", staff, .. server])).Out;
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
        Assert.Contains("重大事故隐患未整改销号(隐患 hd-cli-1)", explained);
    }

    [Fact]
    public async Task A_plan_with_funds_then_stats_and_a_seeded_inspection_plan_as_tables()
    {
        await using var host = await RunningHost.StartAsync(configuration: Identities.AuthConfiguration());
        var e = Identities.Sample.First(u => u.Code == Identities.Enterprise);
        var inspector = Identities.Token("inspector", $"sector:{e.Enterprise!.Sector}", "inspector.li");
        var manager = Identities.Token("enterprise-safety-manager", e.Path, "safety.zhao");
        var supervisor = Identities.Token("scope-supervisor", Identities.BannerPath, "supervisor.wang");
        string[] server = ["--server", host.Address];

        var report = await Run(["dangers", "report", e.Code, "hd-cli-2", "--level", "major", "--source", "unannounced", "--location", "罐区",
            "--description", "储罐区未配备紧急切断功能", "--criterion", "HC2017-05", "--key", "k-cli2-report", "--token", inspector, .. server]);
        Assert.True(report.Exit == 0, report.Err);
        var lonely = await Run(["dangers", "transition", e.Code, "hd-cli-2", "grade", "--level", "major", "--responsible", "safety.zhao", "--plan-funds", "5", "--token", manager, .. server]);
        Assert.NotEqual(0, lonely.Exit);
        Assert.Contains("--plan-objective", lonely.Err);
        var grade = await Run(["dangers", "transition", e.Code, "hd-cli-2", "grade", "--level", "major", "--responsible", "safety.zhao",
            "--plan-objective", "消除紧急切断缺失", "--plan-measures", "加装紧急切断阀", "--plan-org", "设备部", "--plan-person", "safety.zhao", "--plan-deadline", "2099-12-31",
            "--plan-funds", "120000", "--plan-safety", "作业期间限液位50%", "--plan-emergency", "储罐泄漏专项预案", "--key", "k-cli2-grade", "--token", manager, .. server]);
        Assert.True(grade.Exit == 0, grade.Err);
        var show = await Run(["dangers", "show", e.Code, "hd-cli-2", "--token", manager, .. server]);
        Assert.Contains("by 2099-12-31), funds 120,000 yuan", show.Out);
        Assert.Contains("safety measures: 作业期间限液位50%", show.Out);
        Assert.Contains("emergency plan: 储罐泄漏专项预案", show.Out);

        var stats = await Run(["dangers", "stats", "--scope", Identities.BannerPath, "--by", "department", "--token", supervisor, .. server]);
        Assert.True(stats.Exit == 0, stats.Err);
        var bannerRow = stats.Out.Split('\n').Single(l => l.StartsWith(Identities.BannerPath, StringComparison.Ordinal));
        // found 1, major 1, rejected 0, rectified 0, on time 0, open 1, overdue 0, overdue major 0, no rate, 0 % self-found (0/1), no repeats.
        Assert.Matches(@"^150600/150622\s+\d+\s+1\s+1\s+1\s+0\s+0\s+0\s+1\s+0\s+0\s+-\s+0 % \(0/1\)\s+0\s*$", bannerRow.TrimEnd('\r'));
        Assert.Contains($"department {e.Enterprise.Department}", stats.Out);
        Assert.Contains("repeats: same category and criterion within 90 days", stats.Out);

        string[] plan = ["dangers", "plan", "--scope", Identities.BannerPath, "--from", "2026-07-01", "--to", "2026-09-30", "--seed", "7", "--token", supervisor, .. server];
        var first = await Run(plan);
        Assert.True(first.Exit == 0, first.Err);
        Assert.Contains("HD_MAJOR_OPEN +1", first.Out.Split('\n').Single(l => l.StartsWith(e.Code, StringComparison.Ordinal)));
        Assert.Contains("2026-07-01 … 2026-09-30, seed 7:", first.Out);
        Assert.Contains("benchmarks (标杆企业):", first.Out);
        Assert.Equal(first.Out, (await Run(plan)).Out);
        var staff = Identities.Token("enterprise", e.Path, "ent-zhang");
        var denied = await Run(["dangers", "plan", "--from", "2026-07-01", "--to", "2026-09-30", "--seed", "7", "--token", staff, .. server]);
        Assert.NotEqual(0, denied.Exit);
        Assert.Contains("inspections.plan", denied.Err);
    }
}
