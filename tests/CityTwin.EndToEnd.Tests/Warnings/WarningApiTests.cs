using CityTwin.Domain.Units;
using CityTwin.EndToEnd.Tests.Inspections;
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

namespace CityTwin.EndToEnd.Tests.Warnings;

/// <summary>Warnings and daily commitments over real gRPC with real identities, on memory and on a throwaway PostgreSQL.</summary>
public class WarningApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A sample enterprise below orange with a hazard source (a major-hazard enterprise), so its changes show.</summary>
    private static async Task<LoopPeople> QuietEnterpriseAsync(RunningHost host)
    {
        var query = new QueryService.QueryServiceClient(host.Channel);
        var withSources = Identities.Sample.Where(u => u.Kind == UnitKind.HazardSource).Select(u => u.Parent).ToHashSet(StringComparer.Ordinal);
        foreach (var e in Identities.Sample.Where(u => u.Kind == UnitKind.Enterprise && withSources.Contains(u.Code)).Take(300))
        {
            var level = await query.GetLevelAsync(new GetLevelRequest { Code = e.Code }, Identities.CityAdmin.Headers, cancellationToken: Ct);
            if (level.Level <= RiskLevel.Yellow) return new LoopPeople(e);
        }
        throw new Xunit.Sdk.XunitException("no major-hazard enterprise below orange in the sample city");
    }

    private static async Task<T> Eventually<T>(Func<Task<T?>> probe, string what) where T : class
    {
        for (var i = 0; i < 300; i++)
        {
            if (await probe() is { } found) return found;
            await Task.Delay(50, Ct);
        }
        throw new Xunit.Sdk.XunitException($"{what} never happened");
    }

    private static Task<WarningRecord> RaisedWarningAsync(RunningHost host, LoopPeople p, WarningTrigger trigger) => Eventually(async () =>
    {
        var list = await WarningCalls.Client(host).ListWarningsAsync(new ListWarningsRequest { EnterpriseCode = p.Enterprise.Code }, p.Principal, cancellationToken: Ct);
        return list.Warnings.FirstOrDefault(w => w.Trigger == trigger);
    }, $"a {trigger} warning for {p.Enterprise.Code}");

    [Fact]
    public async Task An_enterprise_turning_orange_is_warned_and_an_unanswered_warning_escalates_one_level_with_a_notice_on_the_watch_stream()
    {
        await using var host = await RunningHost.StartAsync(configuration: [.. Identities.AuthConfiguration(), "--CityTwin:Warnings:OrangeAnswerWithin=00:00:03"]);
        var p = await QuietEnterpriseAsync(host);
        using var watch = new WatchService.WatchServiceClient(host.Channel).Watch(new WatchRequest { PathPrefix = p.Enterprise.Path }, p.DepartmentHead, cancellationToken: Ct);

        await DangerCalls.Client(host).ReportHiddenDangerAsync(p.Major("hd-w-1", "k-w-report"), p.Inspector, cancellationToken: Ct);
        var raised = await RaisedWarningAsync(host, p, WarningTrigger.RiskLevel);
        Assert.Equal((RiskLevel.Orange, WarningState.Raised, "enterprise", p.Enterprise.Code), (raised.Level, raised.State, raised.AtLevel, raised.UnitCode));
        Assert.Equal("hd-w-1", raised.EvidenceId);      // the reason that turned it: the open major hidden danger
        Assert.Contains("hd-w-1", raised.Reason, StringComparison.Ordinal);
        Assert.Equal(raised.RaisedAt.ToDateTimeOffset().AddSeconds(3), raised.AnswerDueAt.ToDateTimeOffset());

        // Nobody answers within 3 s: the warning climbs to the supervising department, announced on the stream. (It
        // climbs a rung every 3 s: a reader slowed by a loaded machine may first see a later rung, the stream having
        // folded the notices of the unit to the latest.)
        LoopNotice? escalated = null;
        var raisedNotice = false;
        await foreach (var e in watch.ResponseStream.ReadAllAsync(Ct))
        {
            if (e.Type != WatchEvent.Types.Type.Notice || e.Notice.RecordId != raised.Id) continue;
            if (e.Notice.Kind == "warning-raised") raisedNotice = true;
            if (e.Notice.Kind == "warning-escalated") { escalated = e.Notice; break; }
        }
        Assert.NotNull(escalated);
        if (escalated.Reaches == "supervising-department") Assert.True(raisedNotice);   // in time for the first rung, in time for the raise
        Assert.Equal((p.Enterprise.Code, RiskLevel.Orange, "risk-level", p.Enterprise.Code),
            (escalated.EnterpriseCode, escalated.WarningLevel, escalated.Trigger, escalated.UnitCode));

        var after = await WarningCalls.Client(host).GetWarningAsync(new GetWarningRequest { EnterpriseCode = p.Enterprise.Code, Id = raised.Id }, p.DepartmentHead, cancellationToken: Ct);
        var first = after.Escalations[0];
        Assert.Equal(("enterprise", "supervising-department", raised.AnswerDueAt), (first.From, first.To, first.At));
        // One rung at a time: each step starts where the last one ended, 3 s later.
        for (var i = 1; i < after.Escalations.Count; i++)
        {
            Assert.Equal(after.Escalations[i - 1].To, after.Escalations[i].From);
            Assert.Equal(after.Escalations[i - 1].At.ToDateTimeOffset().AddSeconds(3), after.Escalations[i].At.ToDateTimeOffset());
        }
        var step = after.Escalations.First(s => s.To == escalated.Reaches);
        Assert.Equal(step.At, escalated.At);
        if (escalated.Reaches == "supervising-department") Assert.Contains("行业监管部门", escalated.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_answered_and_verified_warning_closes_wrong_roles_and_states_are_refused_and_retries_do_not_duplicate()
    {
        await using var host = await RunningHost.StartAsync(configuration: Identities.AuthConfiguration());
        var p = await QuietEnterpriseAsync(host);
        var api = WarningCalls.Client(host);
        await DangerCalls.Client(host).ReportHiddenDangerAsync(p.Major("hd-w-2", "k-w2-report"), p.Inspector, cancellationToken: Ct);
        var w = await RaisedWarningAsync(host, p, WarningTrigger.RiskLevel);
        var answer = new AnswerWarningRequest { IdempotencyKey = "k-w2-answer", EnterpriseCode = p.Enterprise.Code, Id = w.Id, Cause = "储罐区紧急切断缺失", Measures = "限制液位并加装紧急切断阀" };
        var verify = new VerifyWarningRequest { IdempotencyKey = "k-w2-verify", EnterpriseCode = p.Enterprise.Code, Id = w.Id, Passed = true, Note = "现场核查属实" };

        // Verifying before an answer: FAILED_PRECONDITION naming the state; an inspector may not answer.
        var early = await Assert.ThrowsAsync<RpcException>(() => api.VerifyWarningAsync(verify, p.DepartmentHead, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, early.StatusCode);
        Assert.StartsWith("state missing: verify needs ANSWERED", early.Status.Detail, StringComparison.Ordinal);
        var wrongRole = await Assert.ThrowsAsync<RpcException>(() => api.AnswerWarningAsync(answer, p.Inspector, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, wrongRole.StatusCode);
        Assert.Contains("enterprise-principal", wrongRole.Status.Detail, StringComparison.Ordinal);
        // A missing cause is the caller's mistake, named.
        var noCause = await Assert.ThrowsAsync<RpcException>(() => api.AnswerWarningAsync(new AnswerWarningRequest(answer) { Cause = "" }, p.Principal, cancellationToken: Ct).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, noCause.StatusCode);
        Assert.Contains("cause", noCause.Status.Detail, StringComparison.Ordinal);

        var answered = await api.AnswerWarningAsync(answer, p.Principal, cancellationToken: Ct);
        Assert.Equal((WarningState.Answered, false, true, "principal.qian"), (answered.Warning.State, answered.Replayed, answered.Warning.AnsweredOnTime, answered.Warning.AnsweredBy));
        var retried = await api.AnswerWarningAsync(answer, p.Principal, cancellationToken: Ct);
        Assert.True(retried.Replayed);
        Assert.Equal(answered.Warning.History.Count, retried.Warning.History.Count);
        // An enterprise may not verify its own answer.
        Assert.Equal(StatusCode.PermissionDenied, (await Assert.ThrowsAsync<RpcException>(() => api.VerifyWarningAsync(verify, p.Principal, cancellationToken: Ct).ResponseAsync)).StatusCode);

        var closed = await api.VerifyWarningAsync(verify, p.DepartmentHead, cancellationToken: Ct);
        Assert.Equal((WarningState.Closed, "head.zhou"), (closed.Warning.State, closed.Warning.VerifiedBy));
        Assert.NotNull(closed.Warning.ClosedAt);
        Assert.Equal(["raise", "answer", "verify", "close"], closed.Warning.History.Select(h => h.Command));
        var again = await api.VerifyWarningAsync(verify, p.DepartmentHead, cancellationToken: Ct);
        Assert.True(again.Replayed);
        Assert.Equal(4, again.Warning.History.Count);

        var stats = await api.GetWarningStatsAsync(new GetWarningStatsRequest { PathPrefix = p.Enterprise.Path }, p.DepartmentHead, cancellationToken: Ct);
        Assert.Equal((1, 1, 0, 0, 0, 1), (stats.Raised, stats.AnsweredOnTime, stats.AnsweredLate, stats.Escalated, stats.Open, stats.Closed));
        Assert.Equal(1, stats.ByLevel.Single(l => l.Level == RiskLevel.Orange).Count);
        Assert.True(stats.HasOnTimeRate);
        Assert.Equal(1.0, stats.OnTimeRate);
    }

    [Fact]
    public async Task A_commitment_declaring_an_overhaul_lifts_its_enterprise_naming_the_commitment_and_a_missing_one_raises_a_warning_to_the_department()
    {
        // 08:00 in the sample city; the check for today's commitment (due 09:00) runs two hours later, after a restart.
        var cst = TimeSpan.FromHours(8);
        var today = DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(cst).DateTime);
        var t0 = new DateTimeOffset(today.ToDateTime(new TimeOnly(8, 0)), cst);
        var clock = new FakeTimeProvider(t0);
        await using var host = await RunningHost.StartAsync(configuration: Identities.AuthConfiguration(),
            configure: b => b.Services.AddSingleton(new LoopClock(clock)));
        var p = await QuietEnterpriseAsync(host);
        var source = Identities.Sample.First(u => u.Parent == p.Enterprise.Code && u.Kind == UnitKind.HazardSource);
        var commitments = WarningCalls.Commitments(host);
        var query = new QueryService.QueryServiceClient(host.Channel);
        var before = (await query.GetLevelAsync(new GetLevelRequest { Code = p.Enterprise.Code }, Identities.CityAdmin.Headers, cancellationToken: Ct)).Level;
        var request = new SubmitCommitmentRequest
        {
            IdempotencyKey = "k-c-1", EnterpriseCode = p.Enterprise.Code, MajorHazardsUnderControl = true,
            Units = { new UnitOperatingState { UnitCode = source.Code, State = OperatingState.Overhaul } },
            Operations = { new PlannedOperation { Kind = SpecialOperationKind.HotWorkGrade1, HazardSourceCode = source.Code, Count = 2, PermitId = "DH-01" } },
        };
        // Only the enterprise's heads commit.
        Assert.Equal(StatusCode.PermissionDenied, (await Assert.ThrowsAsync<RpcException>(() => commitments.SubmitCommitmentAsync(request, p.Staff, cancellationToken: Ct).ResponseAsync)).StatusCode);
        var submitted = await commitments.SubmitCommitmentAsync(request, p.Principal, cancellationToken: Ct);
        var id = $"{p.Enterprise.Code}/{today:yyyy-MM-dd}";
        Assert.Equal((id, "principal.qian", false), (submitted.Commitment.Id, submitted.Commitment.CommittedBy, submitted.Replayed));
        Assert.True((await commitments.SubmitCommitmentAsync(request, p.Principal, cancellationToken: Ct)).Replayed);

        var lifted = await Eventually(async () =>
        {
            var l = await query.GetLevelAsync(new GetLevelRequest { Code = p.Enterprise.Code }, Identities.CityAdmin.Headers, cancellationToken: Ct);
            return l.Reasons.Any(r => r.Rule == "ABNORMAL_STATE") ? l : null;
        }, "the overhaul lifting the enterprise");
        Assert.Equal(before + 1, lifted.Level);   // one step up, at most to orange (DOMAIN.md §3.2 step 3)
        var reason = lifted.Reasons.Single(r => r.Rule == "ABNORMAL_STATE");
        Assert.Equal(id, reason.EvidenceId);
        Assert.Contains($"安全承诺 {id}", reason.TextZh, StringComparison.Ordinal);

        // Another major-hazard enterprise has not committed: nothing is due before 09:00; at 10:00 the check raises its warning.
        var list = await commitments.ListCommitmentsAsync(new ListCommitmentsRequest { PathPrefix = p.Enterprise.Path }, p.DepartmentHead, cancellationToken: Ct);
        Assert.Equal([id], list.Commitments.Select(c => c.Id));
        Assert.Empty(list.Missing);
        var banner = string.Join('/', UnitPath.Codes(p.Enterprise.Path).Take(2));
        var other = Identities.Sample.First(u => u.Kind == UnitKind.HazardSource && u.Parent != p.Enterprise.Code && UnitPath.IsWithin(u.Path, banner)).Parent!;
        clock.Advance(TimeSpan.FromHours(2));
        var checker = host.Services.GetRequiredService<IGrainFactory>().GetGrain<CityTwin.Abstractions.Inspections.ICommitmentWatchGrain>(CityTwin.Abstractions.Worlds.GrainKey.Live);
        Assert.True(await checker.CatchUpAsync() > 0);
        var missing = await WarningCalls.Client(host).ListWarningsAsync(new ListWarningsRequest { EnterpriseCode = other }, Identities.CityAdmin.Headers, cancellationToken: Ct);
        var warning = Assert.Single(missing.Warnings);
        Assert.Equal((WarningTrigger.MissingCommitment, RiskLevel.Yellow, "supervising-department", $"{other}/{today:yyyy-MM-dd}"),
            (warning.Trigger, warning.Level, warning.AtLevel, warning.EvidenceId));
        // Checking again raises nothing new; the committed enterprise has no such warning.
        Assert.Equal(0, await checker.CatchUpAsync());
        var own = await WarningCalls.Client(host).ListWarningsAsync(new ListWarningsRequest { EnterpriseCode = p.Enterprise.Code }, Identities.CityAdmin.Headers, cancellationToken: Ct);
        Assert.DoesNotContain(own.Warnings, w => w.Trigger == WarningTrigger.MissingCommitment);
        var day = await commitments.ListCommitmentsAsync(new ListCommitmentsRequest { PathPrefix = banner }, Identities.CityAdmin.Headers, cancellationToken: Ct);
        Assert.Contains(day.Missing, m => m.EnterpriseCode == other && m.DuePassed);
    }

    [Fact]
    public async Task Warnings_and_commitments_survive_a_restart_on_PostgreSQL_and_retries_after_it_do_not_duplicate()
    {
        await using var postgres = await PostgresServer.CreateAsync(cancellationToken: Ct);
        LoopPeople p;
        string id;
        var answer = (AnswerWarningRequest?)null;
        var commit = (SubmitCommitmentRequest?)null;
        await using (var first = await RunningHost.StartAsync(postgres: postgres.ConnectionString, configuration: Identities.AuthConfiguration()))
        {
            p = await QuietEnterpriseAsync(first);
            await DangerCalls.Client(first).ReportHiddenDangerAsync(p.Major("hd-w-pg", "k-wpg-report"), p.Inspector, cancellationToken: Ct);
            id = (await RaisedWarningAsync(first, p, WarningTrigger.RiskLevel)).Id;
            answer = new AnswerWarningRequest { IdempotencyKey = "k-wpg-answer", EnterpriseCode = p.Enterprise.Code, Id = id, Cause = "紧急切断缺失", Measures = "已限液位" };
            await WarningCalls.Client(first).AnswerWarningAsync(answer, p.SafetyManager, cancellationToken: Ct);
            commit = new SubmitCommitmentRequest { IdempotencyKey = "k-wpg-commit", EnterpriseCode = p.Enterprise.Code, MajorHazardsUnderControl = true, Note = "正常运行" };
            await WarningCalls.Commitments(first).SubmitCommitmentAsync(commit, p.Principal, cancellationToken: Ct);
        }

        await using var second = await RunningHost.StartAsync(postgres: postgres.ConnectionString, sampleCity: "", configuration: Identities.AuthConfiguration());
        var api = WarningCalls.Client(second);
        var stored = await api.GetWarningAsync(new GetWarningRequest { EnterpriseCode = p.Enterprise.Code, Id = id }, p.DepartmentHead, cancellationToken: Ct);
        Assert.Equal((WarningState.Answered, "紧急切断缺失", "safety.zhao"), (stored.State, stored.Cause, stored.AnsweredBy));
        var retry = await api.AnswerWarningAsync(answer, p.SafetyManager, cancellationToken: Ct);
        Assert.True(retry.Replayed);
        Assert.Equal(stored.History.Count, retry.Warning.History.Count);
        // Still one warning for the enterprise: the restart did not raise another for the same orange.
        var all = await api.ListWarningsAsync(new ListWarningsRequest { EnterpriseCode = p.Enterprise.Code }, p.DepartmentHead, cancellationToken: Ct);
        Assert.Single(all.Warnings, w => w.Trigger == WarningTrigger.RiskLevel);

        var commitments = WarningCalls.Commitments(second);
        var kept = await commitments.GetCommitmentAsync(new GetCommitmentRequest { EnterpriseCode = p.Enterprise.Code }, p.DepartmentHead, cancellationToken: Ct);
        Assert.Equal(("principal.qian", "正常运行"), (kept.CommittedBy, kept.Note));
        Assert.True((await commitments.SubmitCommitmentAsync(commit, p.Principal, cancellationToken: Ct)).Replayed);
    }
}
