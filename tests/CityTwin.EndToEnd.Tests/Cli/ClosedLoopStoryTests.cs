using System.Text.RegularExpressions;
using CityTwin.Cli;
using CityTwin.EndToEnd.Tests.Inspections;
using CityTwin.EndToEnd.Tests.Security;
using CityTwin.TestSupport;
using Xunit;

namespace CityTwin.EndToEnd.Tests.Cli;

/// <summary>
/// Issue 7's "done when", with the CLI alone on PostgreSQL: a major hidden danger turns a quiet enterprise and its
/// park, banner and city orange with the reason; the warning it raises is answered and closed; the record is walked
/// through rectification and the four sign-offs to closure; the colours return to blue; and after a restart every
/// step is still there.
/// </summary>
public class ClosedLoopStoryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<string> Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await CliApp.RunAsync(args, output, error);
        Assert.True(exit == 0, $"citytwin {string.Join(' ', args.TakeWhile(a => a != "--token"))}: exit {exit}: {error}");
        return output.ToString();
    }

    /// <summary>Asks `citytwin explain` until its first line shows the colour (the roll-up is asynchronous).</summary>
    private static async Task<string> ExplainUntil(string[] as_, string code, string colour)
    {
        var last = "";
        for (var i = 0; i < 200; i++)
        {
            last = await Run(["explain", code, "--en", .. as_]);
            if (last.Split('\n')[0].Contains($": {colour}", StringComparison.OrdinalIgnoreCase)) return last;
            await Task.Delay(50, Ct);
        }
        throw new Xunit.Sdk.XunitException($"{code} never turned {colour}; last:\n{last}");
    }

    [Fact]
    public async Task A_major_hidden_danger_is_walked_to_closure_with_its_warning_answered_and_nothing_is_lost_on_restart()
    {
        await using var postgres = await PostgresServer.CreateAsync(cancellationToken: Ct);
        var quiet = QuietCity.Create();
        try
        {
            const string e = QuietCity.Enterprise;
            string[] chain = [e, QuietCity.Park, QuietCity.Banner, QuietCity.City];
            var path = $"{QuietCity.City}/{QuietCity.Banner}/{QuietCity.Park}/{e}";
            var inspector = Identities.Token("inspector", "sector:hazchem", "inspector.li");
            var manager = Identities.Token("enterprise-safety-manager", path, "safety.zhao");
            var principal = Identities.Token("enterprise-principal", path, "principal.qian");
            var head = Identities.Token("department-head", "department:emergency", "head.zhou");
            var admin = Identities.Token("city-admin");

            await using (var host = await RunningHost.StartAsync(postgres: postgres.ConnectionString, sampleCity: quiet, configuration: Identities.AuthConfiguration()))
            {
                string[] server = ["--server", host.Address];
                string[] asAdmin = ["--token", admin, .. server];
                foreach (var code in chain) await ExplainUntil(asAdmin, code, "blue");

                await Run(["dangers", "report", e, "hd-story", "--level", "major", "--source", "unannounced", "--location", "罐区T-101北侧",
                    "--description", "储罐区未配备紧急切断功能", "--criterion", "HC2017-05", "--key", "k-story-report", "--token", inspector, .. server]);
                await Run(["dangers", "transition", e, "hd-story", "grade", "--level", "major", "--responsible", "safety.zhao", "--deadline", "2099-12-31",
                    "--key", "k-story-grade", "--token", manager, .. server]);

                // The chain turns orange, each level explaining itself down to the record.
                var enterprise = await ExplainUntil(asAdmin, e, "orange");
                Assert.Contains("hd-story", enterprise, StringComparison.Ordinal);
                foreach (var code in chain.Skip(1)) Assert.Contains(chain[Array.IndexOf(chain, code) - 1], await ExplainUntil(asAdmin, code, "orange"), StringComparison.Ordinal);

                // The enterprise turning orange raised a warning to it: answered by its safety manager, closed by the department head.
                string? warning = null;
                for (var i = 0; i < 100 && warning is null; i++)
                {
                    warning = Regex.Match(await Run(["warnings", "list", "--enterprise", e, "--state", "raised", "--token", manager, .. server]), @"\bw-\d+\b") is { Success: true } m ? m.Value : null;
                    if (warning is null) await Task.Delay(50, Ct);
                }
                Assert.NotNull(warning);
                Assert.Contains("answered", await Run(["warnings", "answer", e, warning, "--cause", "紧急切断缺失", "--measures", "限制液位，加装切断阀",
                    "--key", "k-story-answer", "--token", manager, .. server]), StringComparison.Ordinal);
                Assert.Contains("closed", await Run(["warnings", "verify", e, warning, "--key", "k-story-verify", "--token", head, .. server]), StringComparison.Ordinal);

                // Rectification and the four sign-offs (四级签字) to closure (销号).
                await Run(["dangers", "transition", e, "hd-story", "start", "--plan-objective", "消除紧急切断缺失", "--plan-measures", "加装紧急切断阀并接入SIS",
                    "--plan-org", "设备部", "--plan-person", "safety.zhao", "--plan-deadline", "2099-12-31", "--plan-funds", "120000",
                    "--key", "k-story-start", "--token", manager, .. server]);
                await Run(["dangers", "transition", e, "hd-story", "submit", "--evidence", "after.jpg", "--key", "k-story-submit", "--token", manager, .. server]);
                await Run(["dangers", "transition", e, "hd-story", "verify", "--note", "现场复核合格", "--key", "k-story-verify", "--token", inspector, .. server]);
                await Run(["dangers", "sign", e, "hd-story", "1", "--key", "k-story-sign-1", "--token", inspector, .. server]);
                await Run(["dangers", "sign", e, "hd-story", "2", "--key", "k-story-sign-2", "--token", manager, .. server]);
                await Run(["dangers", "sign", e, "hd-story", "3", "--key", "k-story-sign-3", "--token", principal, .. server]);
                Assert.Contains("closed", await Run(["dangers", "sign", e, "hd-story", "4", "--key", "k-story-sign-4", "--token", head, .. server]), StringComparison.Ordinal);

                // The colours return.
                foreach (var code in chain) await ExplainUntil(asAdmin, code, "blue");
            }

            // Restarted on the same database: the record with every step and signature, and the closed warning, are there.
            await using (var again = await RunningHost.StartAsync(postgres: postgres.ConnectionString, sampleCity: "", configuration: Identities.AuthConfiguration()))
            {
                string[] server = ["--server", again.Address];
                var shown = await Run(["dangers", "show", e, "hd-story", "--token", head, .. server]);
                foreach (var key in new[] { "k-story-report", "k-story-grade", "k-story-start", "k-story-submit", "k-story-verify" })
                    Assert.Contains(key, shown, StringComparison.Ordinal);
                foreach (var signer in new[] { "inspector.li", "safety.zhao", "principal.qian", "head.zhou" }) Assert.Contains(signer, shown, StringComparison.Ordinal);
                Assert.Contains("closed", shown, StringComparison.Ordinal);
                var warnings = await Run(["warnings", "list", "--enterprise", e, "--token", head, .. server]);
                Assert.Contains("closed", warnings, StringComparison.Ordinal);
                foreach (var code in chain) await ExplainUntil(["--token", admin, .. server], code, "blue");
            }
        }
        finally
        {
            Directory.Delete(quiet, recursive: true);
        }
    }
}
