using CityTwin.Protos.V1;
using Grpc.Core;

namespace CityTwin.EndToEnd.Tests.Security;

/// <summary>
/// Hidden-danger calls for the security tests, on enterprise <see cref="Identities.Enterprise"/>. Each caller takes
/// a step its role fits where one exists, so what decides in the matrix is the permission table (and, for sign-offs,
/// that signing is personal).
/// </summary>
public static class DangerCalls
{
    public static InspectionService.InspectionServiceClient Client(RunningHost host) => new(host.Channel);

    private static Metadata Admin => Identities.CityAdmin.Headers!;

    public static ReportHiddenDangerRequest General(string id, FindingSource source, string key) => new()
    {
        IdempotencyKey = key, Id = id, EnterpriseCode = Identities.Enterprise, Level = HiddenDangerLevel.General, Source = source,
        Location = "装卸区", Description = "消防通道被占用", Category = HazardCategory.Management,
    };

    /// <summary>The finding source a role may report (self-inspection for the enterprise side, inspection for departments, else a public report).</summary>
    public static FindingSource SourceFor(string role) => role switch
    {
        "enterprise" or "enterprise-safety-manager" or "enterprise-principal" => FindingSource.SelfInspection,
        "inspector" or "department" or "department-head" => FindingSource.DepartmentInspection,
        _ => FindingSource.PublicReport,
    };

    public static Task<HiddenDangerReply> ReportAsync(RunningHost host, Metadata? headers, string role, string id, CancellationToken ct) =>
        Client(host).ReportHiddenDangerAsync(General(id, SourceFor(role), $"k-{id}"), headers, cancellationToken: ct).ResponseAsync;

    /// <summary>A step from FOUND that the role fits: 立即整改 for enterprise staff and inspectors, reject for the administrator, grading otherwise.</summary>
    public static TransitionHiddenDangerRequest StepFor(string role, string id) => role switch
    {
        "enterprise" or "inspector" => new() { IdempotencyKey = $"k-{id}-step", EnterpriseCode = Identities.Enterprise, Id = id, Submit = new SubmitStep { Evidence = { "photo.jpg" } } },
        "city-admin" => new() { IdempotencyKey = $"k-{id}-step", EnterpriseCode = Identities.Enterprise, Id = id, Reject = new RejectStep { Reason = "不构成隐患" } },
        _ => new() { IdempotencyKey = $"k-{id}-step", EnterpriseCode = Identities.Enterprise, Id = id, Grade = new GradeStep { Level = HiddenDangerLevel.General, ResponsiblePerson = "safety.zhao" } },
    };

    public static async Task<HiddenDanger> AdminReportAsync(RunningHost host, string id, CancellationToken ct) =>
        (await Client(host).ReportHiddenDangerAsync(General(id, FindingSource.PublicReport, $"k-{id}"), Admin, cancellationToken: ct)).Record;

    public static Task<HiddenDanger> GetAsync(RunningHost host, string id, CancellationToken ct) =>
        Client(host).GetHiddenDangerAsync(new GetHiddenDangerRequest { EnterpriseCode = Identities.Enterprise, Id = id }, Admin, cancellationToken: ct).ResponseAsync;

    /// <summary>The sign-off level a role signs; 1 for roles that sign none (they are refused).</summary>
    public static int LevelFor(string role) => role switch
    {
        "enterprise-safety-manager" => 2,
        "enterprise-principal" => 3,
        "department-head" => 4,
        _ => 1,
    };

    /// <summary>A publicly reported general record walked to VERIFIED, with every level below <paramref name="upTo"/> signed.</summary>
    public static async Task VerifiedAsync(RunningHost host, string id, int upTo, CancellationToken ct)
    {
        var c = Client(host);
        await AdminReportAsync(host, id, ct);
        async Task Step(Identity who, TransitionHiddenDangerRequest r) => await c.TransitionHiddenDangerAsync(r, who.Headers, cancellationToken: ct);
        await Step(Identities.DepartmentHead, new() { IdempotencyKey = $"k-{id}-grade", EnterpriseCode = Identities.Enterprise, Id = id, Grade = new GradeStep { Level = HiddenDangerLevel.General, ResponsiblePerson = "safety.zhao" } });
        await Step(Identities.SafetyManager, new() { IdempotencyKey = $"k-{id}-start", EnterpriseCode = Identities.Enterprise, Id = id, Start = new StartStep() });
        await Step(Identities.SafetyManager, new() { IdempotencyKey = $"k-{id}-submit", EnterpriseCode = Identities.Enterprise, Id = id, Submit = new SubmitStep { Evidence = { "after.jpg" } } });
        await Step(Identities.Inspector, new() { IdempotencyKey = $"k-{id}-verify", EnterpriseCode = Identities.Enterprise, Id = id, Verify = new VerifyStep { Passed = true } });
        Identity[] signers = [Identities.Inspector, Identities.SafetyManager, Identities.Principal, Identities.DepartmentHead];
        for (var level = 1; level < upTo; level++)
            await c.SignHiddenDangerAsync(new SignHiddenDangerRequest { IdempotencyKey = $"k-{id}-sign-{level}", EnterpriseCode = Identities.Enterprise, Id = id, Level = level }, signers[level - 1].Headers, cancellationToken: ct);
    }

    public static Task<HiddenDangerReply> SignAsync(RunningHost host, Metadata? headers, string id, int level, CancellationToken ct) =>
        Client(host).SignHiddenDangerAsync(new SignHiddenDangerRequest { IdempotencyKey = $"k-{id}-sign-{level}", EnterpriseCode = Identities.Enterprise, Id = id, Level = level }, headers, cancellationToken: ct).ResponseAsync;
}
