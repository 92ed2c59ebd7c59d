using IWarningBookGrain = CityTwin.Abstractions.Inspections.IWarningBookGrain;
using WarningSignal = CityTwin.Abstractions.Inspections.WarningSignal;
using CityTwin.Abstractions.Worlds;
using CityTwin.Protos.V1;
using Microsoft.Extensions.DependencyInjection;
using DomainTrigger = CityTwin.Domain.Inspections.WarningTrigger;

namespace CityTwin.EndToEnd.Tests.Security;

/// <summary>
/// Warning and commitment calls for the security tests, on enterprise <see cref="Identities.Enterprise"/>. The
/// platform raises the warnings (a missing commitment: addressed to the supervising department, so the enterprise
/// and the department may answer), each with its own key, so every case has a fresh warning to act on.
/// </summary>
public static class WarningCalls
{
    public static WarningService.WarningServiceClient Client(RunningHost host) => new(host.Channel);

    public static CommitmentService.CommitmentServiceClient Commitments(RunningHost host) => new(host.Channel);

    /// <summary>The platform raises a fresh warning (as the missing-commitment check does) and returns its id.</summary>
    public static async Task<string> RaiseAsync(RunningHost host, string key, string enterprise = Identities.Enterprise)
    {
        var book = host.Services.GetRequiredService<IGrainFactory>().GetGrain<IWarningBookGrain>(GrainKey.For(GrainKey.Live, enterprise));
        var reply = await book.RaiseAsync(new WarningSignal(DomainTrigger.MissingCommitment, enterprise, Domain.Risk.RiskLevel.Yellow, "安全承诺未按时提交", key));
        return reply.Warning?.Id ?? throw new InvalidOperationException($"no warning raised: {reply.Problem}");
    }

    public static AnswerWarningRequest Answer(string id, string key, string enterprise = Identities.Enterprise) => new()
    {
        IdempotencyKey = key, EnterpriseCode = enterprise, Id = id, Cause = "值班人员交接遗漏", Measures = "已补报并明确专人每日 8:30 前提交",
    };

    public static VerifyWarningRequest Verify(string id, string key, bool passed = true, string enterprise = Identities.Enterprise) => new()
    {
        IdempotencyKey = key, EnterpriseCode = enterprise, Id = id, Passed = passed, Note = passed ? "核查属实" : "措施不具体",
    };

    /// <summary>A fresh warning answered by the enterprise principal, ready to verify.</summary>
    public static async Task<string> AnsweredAsync(RunningHost host, string key, CancellationToken ct)
    {
        var id = await RaiseAsync(host, key);
        await Client(host).AnswerWarningAsync(Answer(id, $"{key}-answer"), Identities.Principal.Headers, cancellationToken: ct);
        return id;
    }

    public static Task<WarningRecord> GetAsync(RunningHost host, string id, CancellationToken ct) =>
        Client(host).GetWarningAsync(new GetWarningRequest { EnterpriseCode = Identities.Enterprise, Id = id }, Identities.CityAdmin.Headers, cancellationToken: ct).ResponseAsync;

    public static SubmitCommitmentRequest Commitment(string key, string enterprise = Identities.Enterprise) => new()
    {
        IdempotencyKey = key, EnterpriseCode = enterprise, MajorHazardsUnderControl = true, Note = "今日无特殊作业",
    };

    /// <summary>Today's commitment of the enterprise, submitted by its principal (GetCommitment needs one).</summary>
    public static Task<Protos.V1.CommitmentReply> CommitTodayAsync(RunningHost host, CancellationToken ct) =>
        Commitments(host).SubmitCommitmentAsync(Commitment("k-commit-principal-today"), Identities.Principal.Headers, cancellationToken: ct).ResponseAsync;
}
