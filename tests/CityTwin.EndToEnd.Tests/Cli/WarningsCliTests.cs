using CityTwin.Cli;
using CityTwin.EndToEnd.Tests.Security;
using Xunit;

using static CityTwin.EndToEnd.Tests.Cli.CliRun;

namespace CityTwin.EndToEnd.Tests.Cli;

/// <summary><c>citytwin warnings</c> and <c>citytwin commitments</c> against a real host with authentication.</summary>
public class WarningsCliTests
{
    [Fact]
    public async Task A_warning_is_listed_answered_retried_verified_and_counted_and_a_commitment_submitted_and_shown_with_the_cli()
    {
        await using var host = await RunningHost.StartAsync(configuration: Identities.AuthConfiguration());
        var id = await WarningCalls.RaiseAsync(host, "k-cli-raise");
        var e = Identities.Sample.Single(u => u.Code == Identities.Enterprise);
        var principal = Identities.Token("enterprise-principal", e.Path, "principal.chen");
        var head = Identities.Token("department-head", $"department:{e.Enterprise!.Department}", "head.zhou");
        string[] server = ["--server", host.Address];

        var list = await Run(["warnings", "list", "--enterprise", e.Code, "--token", head, .. server]);
        Assert.True(list.Exit == 0, list.Err);
        Assert.Contains(id, list.Out, StringComparison.Ordinal);
        Assert.Contains("supervising-department", list.Out, StringComparison.Ordinal);

        string[] answer = ["warnings", "answer", e.Code, id, "--cause", "交接遗漏", "--measures", "已补报", "--key", "k-cli-answer", "--token", principal, .. server];
        var answered = await Run(answer);
        Assert.True(answered.Exit == 0, answered.Err);
        Assert.Contains($"{e.Code}/{id}: yellow answered", answered.Out, StringComparison.Ordinal);
        var retried = await Run(answer);
        Assert.Contains("already done", retried.Out, StringComparison.Ordinal);

        var wrong = await Run(["warnings", "verify", e.Code, id, "--key", "k-cli-verify-p", "--token", principal, .. server]);
        Assert.NotEqual(0, wrong.Exit);
        Assert.Contains("PermissionDenied", wrong.Err.Replace("_", "", StringComparison.Ordinal).Replace("PERMISSIONDENIED", "PermissionDenied", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);
        var verified = await Run(["warnings", "verify", e.Code, id, "--key", "k-cli-verify", "--token", head, .. server]);
        Assert.True(verified.Exit == 0, verified.Err);
        Assert.Contains($"{e.Code}/{id}: yellow closed", verified.Out, StringComparison.Ordinal);

        var stats = await Run(["warnings", "stats", "--scope", e.Path, "--token", head, .. server]);
        Assert.Contains("raised 1 (blue 0, yellow 1, orange 0, red 0)", stats.Out, StringComparison.Ordinal);
        Assert.Contains("answered on time 1, late 0; escalated 0; open 0; closed 1", stats.Out, StringComparison.Ordinal);

        var source = Identities.Sample.First(u => u.Parent == e.Code && u.Kind == Domain.Units.UnitKind.HazardSource);
        var submit = await Run(["commitments", "submit", e.Code, "--unit", $"{source.Code}=overhaul", "--operation", $"confined-space@{source.Code}x2#SX-7",
            "--key", "k-cli-commit", "--token", principal, .. server]);
        Assert.True(submit.Exit == 0, submit.Err);
        Assert.Contains($"unit {source.Code}: overhaul", submit.Out, StringComparison.Ordinal);
        Assert.Contains($"operation confined-space in {source.Code} ×2 permit SX-7", submit.Out, StringComparison.Ordinal);
        var show = await Run(["commitments", "show", e.Code, "--token", head, .. server]);
        Assert.Contains("committed by principal.chen (enterprise-principal)", show.Out, StringComparison.Ordinal);
        var missing = await Run(["commitments", "missing", "--scope", e.Path, "--token", head, .. server]);
        Assert.Contains("0 missing, 1 committed", missing.Out, StringComparison.Ordinal);
    }
}
