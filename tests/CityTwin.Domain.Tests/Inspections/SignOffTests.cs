using CityTwin.Domain.Inspections;
using Xunit;
using static CityTwin.Domain.Tests.Inspections.InspectionTestData;
using S = CityTwin.Domain.Inspections.HiddenDangerState;

namespace CityTwin.Domain.Tests.Inspections;

/// <summary>四级签字 (DOMAIN.md §4.4 [DESIGN]): order, roles, distinct people, and which chain closes which record.</summary>
public sealed class SignOffTests
{
    private static Outcome<HiddenDanger> Sign(HiddenDanger r, SignOffLevel level, Actor actor, string? key = null) =>
        HiddenDangerLifecycle.Apply(r, new SignHiddenDanger(key ?? $"s-{(int)level}-{actor.Subject}", level), actor, After(r), Rules);

    [Theory]
    [InlineData(HiddenDangerLevel.Major, FindingSource.SelfInspection, new[] { 1, 2, 3, 4 })]
    [InlineData(HiddenDangerLevel.Major, FindingSource.DepartmentInspection, new[] { 1, 2, 3, 4 })]
    [InlineData(HiddenDangerLevel.General, FindingSource.SelfInspection, new[] { 1, 2, 3 })]
    [InlineData(HiddenDangerLevel.General, FindingSource.DepartmentInspection, new[] { 1, 2, 3, 4 })]
    [InlineData(HiddenDangerLevel.General, FindingSource.Unannounced, new[] { 1, 2, 3, 4 })]
    [InlineData(HiddenDangerLevel.General, FindingSource.PublicReport, new[] { 1, 2, 3, 4 })]
    public void The_chain_that_closes_a_record(HiddenDangerLevel level, FindingSource source, int[] chain)
    {
        Assert.Equal(chain, SignOffPolicy.Required(level, source).Select(l => (int)l));
    }

    [Fact]
    public void A_major_closes_only_with_all_four_in_order()
    {
        var r = WalkTo(S.Verified);
        foreach (var level in new[] { SignOffLevel.Inspector, SignOffLevel.SafetyManager, SignOffLevel.Principal })
        {
            r = Sign(r, level, Signer(level)).Ok;
            Assert.Equal(S.Verified, r.State);
            Assert.Null(r.ClosedAt);
        }
        r = Sign(r, SignOffLevel.DepartmentHead, DepartmentHead).Ok;
        Assert.Equal(S.Closed, r.State);
        Assert.Equal(r.SignOffs[^1].At, r.ClosedAt);
        Assert.Equal(["insp-li", "ent-zhao", "ent-qian", "dept-zhou"], r.SignOffs.Select(s => s.Subject));
        Assert.Equal([Roles.Inspector, Roles.EnterpriseSafetyManager, Roles.EnterprisePrincipal, Roles.DepartmentHead], r.SignOffs.Select(s => s.Role));
        Assert.Equal("level 4, closed (销号)", r.History[^1].Note);
    }

    [Theory]
    [InlineData(SignOffLevel.SafetyManager, "sign-off level 1")]
    [InlineData(SignOffLevel.Principal, "sign-off level 1")]
    [InlineData(SignOffLevel.DepartmentHead, "sign-off level 1")]
    public void A_level_needs_every_earlier_one(SignOffLevel level, string missing)
    {
        var outcome = Sign(WalkTo(S.Verified), level, Signer(level));
        Assert.Equal((OutcomeStatus.FailedPrecondition, missing), (outcome.Status, outcome.Problem!.Subject));
        Assert.Contains($"needs level 1 ({Roles.Inspector}) first", outcome.Problem.Message);
    }

    [Fact]
    public void The_missing_level_named_is_the_first_gap()
    {
        var r = Sign(Sign(WalkTo(S.Verified), SignOffLevel.Inspector, InspectorLi).Ok, SignOffLevel.SafetyManager, SafetyManager).Ok;
        var outcome = Sign(r, SignOffLevel.DepartmentHead, DepartmentHead);
        Assert.Equal("sign-off level 3", outcome.Problem!.Subject);
        Assert.Equal("sign-off level 4 of hd-0001 needs level 3 (enterprise-principal) first", outcome.Problem.Message);
    }

    [Fact]
    public void A_general_found_by_the_enterprise_closes_after_level_3()
    {
        var r = WalkTo(S.Verified, HiddenDangerLevel.General, FindingSource.SelfInspection);
        r = Sign(r, SignOffLevel.Inspector, InspectorLi).Ok; // the verifier: staff found it
        r = Sign(r, SignOffLevel.SafetyManager, SafetyManager).Ok;
        r = Sign(r, SignOffLevel.Principal, Principal).Ok;
        Assert.Equal(S.Closed, r.State);
        var extra = Sign(r, SignOffLevel.DepartmentHead, DepartmentHead);
        Assert.Equal((OutcomeStatus.FailedPrecondition, "state"), (extra.Status, extra.Problem!.Subject));
    }

    [Fact]
    public void Level_4_is_not_part_of_an_enterprise_found_general_chain()
    {
        var r = WalkTo(S.Verified, HiddenDangerLevel.General, FindingSource.SelfInspection);
        r = Sign(Sign(r, SignOffLevel.Inspector, InspectorLi).Ok, SignOffLevel.SafetyManager, SafetyManager).Ok;
        var outcome = Sign(r, SignOffLevel.DepartmentHead, DepartmentHead);
        Assert.Equal((OutcomeStatus.FailedPrecondition, "sign-off level 4"), (outcome.Status, outcome.Problem!.Subject));
        Assert.Contains("levels 1, 2, 3", outcome.Problem.Message);
    }

    [Fact]
    public void A_general_found_by_the_department_needs_the_department_head()
    {
        var r = WalkTo(S.Verified, HiddenDangerLevel.General, FindingSource.Unannounced);
        r = Sign(Sign(Sign(r, SignOffLevel.Inspector, InspectorLi).Ok, SignOffLevel.SafetyManager, SafetyManager).Ok, SignOffLevel.Principal, Principal).Ok;
        Assert.Equal(S.Verified, r.State);
        Assert.Equal(S.Closed, Sign(r, SignOffLevel.DepartmentHead, DepartmentHead).Ok.State);
    }

    [Theory]
    [InlineData(SignOffLevel.Inspector, Roles.EnterpriseSafetyManager)]
    [InlineData(SignOffLevel.SafetyManager, Roles.EnterprisePrincipal)]
    [InlineData(SignOffLevel.SafetyManager, Roles.Enterprise)]
    [InlineData(SignOffLevel.Principal, Roles.EnterpriseSafetyManager)]
    [InlineData(SignOffLevel.DepartmentHead, Roles.Department)]
    [InlineData(SignOffLevel.DepartmentHead, Roles.CityAdmin)]
    public void Each_level_has_its_own_role(SignOffLevel level, string wrongRole)
    {
        var outcome = Sign(WalkTo(S.Verified), level, new Actor("someone", wrongRole));
        Assert.Equal(OutcomeStatus.PermissionDenied, outcome.Status);
        Assert.Equal(SignOffPolicy.RoleFor(level), outcome.Problem!.Subject);
    }

    [Fact]
    public void Level_1_is_for_the_inspector_who_found_or_verified_it()
    {
        var r = WalkTo(S.Verified);
        var other = Sign(r, SignOffLevel.Inspector, InspectorWang);
        Assert.Equal((OutcomeStatus.PermissionDenied, Roles.Inspector), (other.Status, other.Problem!.Subject));
        Assert.Contains("(insp-li)", other.Problem.Message);

        // Found by enterprise staff, verified by insp-wang: insp-wang signs.
        var self = Reported(HiddenDangerLevel.General, FindingSource.SelfInspection);
        self = Do(self, new GradeHiddenDanger("g", HiddenDangerLevel.General, "ent-zhao"), SafetyManager);
        self = Do(self, new StartRectification("s"), Staff);
        self = Do(self, new SubmitRectification("u", ["x.jpg"]), Staff);
        self = Do(self, new VerifyRectification("v", true), InspectorWang);
        Assert.True(Sign(self, SignOffLevel.Inspector, InspectorWang).IsOk);
        Assert.Equal(OutcomeStatus.PermissionDenied, Sign(self, SignOffLevel.Inspector, InspectorLi).Status);
    }

    [Fact]
    public void A_level_is_signed_once_and_each_by_a_different_person()
    {
        var r = Sign(WalkTo(S.Verified), SignOffLevel.Inspector, InspectorLi).Ok;
        var twice = Sign(r, SignOffLevel.Inspector, InspectorLi, key: "another-key");
        Assert.Equal("sign-off level 1", twice.Problem!.Subject);
        Assert.Contains("already signed by insp-li", twice.Problem.Message);

        r = Sign(r, SignOffLevel.SafetyManager, SafetyManager).Ok;
        var samePerson = Sign(r, SignOffLevel.Principal, new Actor(SafetyManager.Subject, Roles.EnterprisePrincipal));
        Assert.Equal((OutcomeStatus.FailedPrecondition, "distinct-signer"), (samePerson.Status, samePerson.Problem!.Subject));
    }

    [Theory]
    [InlineData(S.Rectified)]
    [InlineData(S.Rectifying)]
    [InlineData(S.Assigned)]
    public void Sign_offs_need_a_verified_rectification(S state)
    {
        var outcome = Sign(WalkTo(state), SignOffLevel.Inspector, InspectorLi);
        Assert.Equal((OutcomeStatus.FailedPrecondition, "state"), (outcome.Status, outcome.Problem!.Subject));
    }
}
