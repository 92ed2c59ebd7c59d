using CityTwin.Domain.Inspections;
using Xunit;
using static CityTwin.Domain.Tests.Inspections.InspectionTestData;
using S = CityTwin.Domain.Inspections.HiddenDangerState;

namespace CityTwin.Domain.Tests.Inspections;

/// <summary>Every step × every role: a role that does not fit gets PermissionDenied naming the roles needed; one that fits does not.</summary>
public sealed class RoleTests
{
    private static readonly Dictionary<string, (S State, HiddenDangerLevel Level, HiddenDangerCommand Command, string[] Allowed)> Steps = new()
    {
        ["grade"] = (S.Found, HiddenDangerLevel.Major, new GradeHiddenDanger("r", HiddenDangerLevel.Major, "p") { Plan = Plan() },
            [Roles.EnterpriseSafetyManager, Roles.EnterprisePrincipal, Roles.Department, Roles.DepartmentHead, Roles.ScopeSupervisor]),
        ["start"] = (S.Assigned, HiddenDangerLevel.Major, new StartRectification("r"), [Roles.Enterprise, Roles.EnterpriseSafetyManager, Roles.EnterprisePrincipal]),
        ["submit"] = (S.Rectifying, HiddenDangerLevel.Major, new SubmitRectification("r", ["e.jpg"]), [Roles.Enterprise, Roles.EnterpriseSafetyManager, Roles.EnterprisePrincipal]),
        ["on-the-spot"] = (S.Found, HiddenDangerLevel.General, new SubmitRectification("r", ["e.jpg"]),
            [Roles.Enterprise, Roles.EnterpriseSafetyManager, Roles.EnterprisePrincipal, Roles.Inspector]),
        ["verify"] = (S.Rectified, HiddenDangerLevel.Major, new VerifyRectification("r", true), [Roles.Inspector]),
        ["sign-2"] = (S.Verified, HiddenDangerLevel.Major, new SignHiddenDanger("r", SignOffLevel.SafetyManager), [Roles.EnterpriseSafetyManager]),
        ["reject"] = (S.Found, HiddenDangerLevel.Major, new RejectHiddenDanger("r", "误报"), [Roles.Department, Roles.DepartmentHead, Roles.ScopeSupervisor, Roles.CityAdmin]),
        ["reopen"] = (S.Closed, HiddenDangerLevel.Major, new ReopenHiddenDanger("r", "再次发现"),
            [Roles.Inspector, Roles.Department, Roles.DepartmentHead, Roles.ScopeSupervisor, Roles.CityAdmin]),
    };

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var step in Steps.Keys)
            foreach (var role in Roles.All)
                data.Add(step, role);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Step_by_role(string step, string role)
    {
        var (state, level, command, allowed) = Steps[step];
        var r = WalkTo(state, level);
        if (step == "sign-2") r = Do(r, new SignHiddenDanger("s1", SignOffLevel.Inspector), InspectorLi);
        var outcome = HiddenDangerLifecycle.Apply(r, command, new Actor("person-x", role), After(r), Rules);
        if (allowed.Contains(role))
        {
            Assert.True(outcome.IsOk, outcome.Problem?.ToString());
        }
        else
        {
            Assert.Equal(OutcomeStatus.PermissionDenied, outcome.Status);
            Assert.Equal(string.Join(",", allowed), outcome.Problem!.Subject);
            Assert.Contains($"person-x has the role {role}", outcome.Problem.Message);
        }
    }

    [Theory]
    [InlineData(FindingSource.SelfInspection, Roles.Enterprise, true)]
    [InlineData(FindingSource.SelfInspection, Roles.Inspector, true)]
    [InlineData(FindingSource.SelfInspection, Roles.Department, false)]
    [InlineData(FindingSource.DepartmentInspection, Roles.Inspector, true)]
    [InlineData(FindingSource.DepartmentInspection, Roles.Enterprise, false)]
    [InlineData(FindingSource.Unannounced, Roles.DepartmentHead, true)]
    [InlineData(FindingSource.Unannounced, Roles.EnterprisePrincipal, false)]
    [InlineData(FindingSource.PublicReport, Roles.ScopeSupervisor, true)]
    [InlineData(FindingSource.PublicReport, Roles.Inspector, false)]
    [InlineData(FindingSource.PublicReport, Roles.System, false)]
    public void Who_may_report_depends_on_the_capacity(FindingSource source, string role, bool allowed)
    {
        var outcome = HiddenDangerLifecycle.Report(Report(source: source), new Actor("p", role), T0, Rules);
        Assert.Equal(allowed ? OutcomeStatus.Ok : OutcomeStatus.PermissionDenied, outcome.Status);
    }

    [Fact]
    public void Permission_is_checked_before_the_state()
    {
        // An enterprise trying to verify an ASSIGNED record hears about its role, not the state.
        var r = WalkTo(S.Assigned);
        var outcome = HiddenDangerLifecycle.Apply(r, new VerifyRectification("v", true), Staff, After(r), Rules);
        Assert.Equal(OutcomeStatus.PermissionDenied, outcome.Status);
        Assert.Equal("verify needs the role inspector; ent-zhang has the role enterprise", outcome.Problem!.Message);
    }
}
