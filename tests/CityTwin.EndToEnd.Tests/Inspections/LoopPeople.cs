using CityTwin.EndToEnd.Tests.Security;
using CityTwin.Protos.V1;
using Grpc.Core;
using Unit = CityTwin.Domain.Units.Unit;

namespace CityTwin.EndToEnd.Tests.Inspections;

/// <summary>
/// The people of the closed loops for one sample-city enterprise, as tokens: its staff, safety manager and
/// principal (scoped to the enterprise), an inspector of its sector and the head of its supervising department.
/// </summary>
public sealed class LoopPeople(Unit enterprise)
{
    public Unit Enterprise { get; } = enterprise;
    public Metadata Staff { get; } = Identities.Bearer(Identities.Token("enterprise", enterprise.Path, "ent-zhang"));
    public Metadata SafetyManager { get; } = Identities.Bearer(Identities.Token("enterprise-safety-manager", enterprise.Path, "safety.zhao"));
    public Metadata Principal { get; } = Identities.Bearer(Identities.Token("enterprise-principal", enterprise.Path, "principal.qian"));
    public Metadata Inspector { get; } = Identities.Bearer(Identities.Token("inspector", $"sector:{enterprise.Enterprise!.Sector}", "inspector.li"));
    public Metadata DepartmentHead { get; } = Identities.Bearer(Identities.Token("department-head", $"department:{enterprise.Enterprise!.Department}", "head.zhou"));
    public Metadata Admin { get; } = Identities.CityAdmin.Headers!;

    public Metadata Signer(int level) => level switch { 1 => Inspector, 2 => SafetyManager, 3 => Principal, _ => DepartmentHead };

    public ReportHiddenDangerRequest Major(string id, string key) => new()
    {
        IdempotencyKey = key, Id = id, EnterpriseCode = Enterprise.Code, Level = HiddenDangerLevel.Major, Source = FindingSource.Unannounced,
        Location = "罐区T-101北侧", Description = "一级重大危险源储罐区未配备紧急切断功能", Category = HazardCategory.Equipment, CriterionCode = "HC2017-05",
        InterimMeasures = "限制液位不超过50%", Photos = { "before.jpg" },
    };

    public static RectificationPlan Plan(DateOnly deadline) => new()
    {
        Objective = "消除储罐区紧急切断缺失", Measures = "加装紧急切断阀并接入SIS", ResponsibleOrganisation = "设备部", ResponsiblePerson = "safety.zhao",
        Deadline = deadline.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), Funds = 120000,
    };

    public TransitionHiddenDangerRequest Step(string id, string key) => new() { IdempotencyKey = key, EnterpriseCode = Enterprise.Code, Id = id };

    public SignHiddenDangerRequest Sign(string id, int level) => new() { IdempotencyKey = $"k-{id}-sign-{level}", EnterpriseCode = Enterprise.Code, Id = id, Level = level };

    public GetHiddenDangerRequest Get(string id) => new() { EnterpriseCode = Enterprise.Code, Id = id };
}
