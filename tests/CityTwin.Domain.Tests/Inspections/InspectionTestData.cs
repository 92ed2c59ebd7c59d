using CityTwin.Domain.Inspections;

namespace CityTwin.Domain.Tests.Inspections;

/// <summary>Fixed people, times and builders for the inspection tests. Times are Asia/Shanghai (+08:00).</summary>
internal static class InspectionTestData
{
    public static readonly InspectionRules Rules = InspectionRules.Default;
    public static readonly TimeSpan Cst = TimeSpan.FromHours(8);

    /// <summary>2026-04-24 10:00 local.</summary>
    public static readonly DateTimeOffset T0 = new(2026, 4, 24, 10, 0, 0, Cst);

    public static DateTimeOffset Local(int month, int day, int hour = 0, int minute = 0) => new(2026, month, day, hour, minute, 0, Cst);

    public static readonly Actor InspectorLi = new("insp-li", Roles.Inspector);
    public static readonly Actor InspectorWang = new("insp-wang", Roles.Inspector);
    public static readonly Actor Staff = new("ent-zhang", Roles.Enterprise);
    public static readonly Actor SafetyManager = new("ent-zhao", Roles.EnterpriseSafetyManager);
    public static readonly Actor Principal = new("ent-qian", Roles.EnterprisePrincipal);
    public static readonly Actor DepartmentStaff = new("dept-sun", Roles.Department);
    public static readonly Actor DepartmentHead = new("dept-zhou", Roles.DepartmentHead);
    public static readonly Actor Supervisor = new("sup-wu", Roles.ScopeSupervisor);
    public static readonly Actor Admin = new("admin-chen", Roles.CityAdmin);

    public const string Enterprise = "ent-150602-0042";

    public static RectificationPlan Plan(DateOnly? deadline = null) =>
        new("消除储罐区紧急切断缺失", "加装紧急切断阀并接入SIS", "设备部", "ent-zhao", deadline ?? new DateOnly(2026, 5, 20), 120_000m, "作业前隔离置换", "储罐区泄漏专项预案");

    public static ReportHiddenDanger Report(HiddenDangerLevel level = HiddenDangerLevel.Major, FindingSource source = FindingSource.DepartmentInspection,
        string id = "hd-0001", string key = "k-report") =>
        new(key, id, Enterprise, level, source, new FindingLocation("罐区T-101北侧", 109.95, 39.80), "一级重大危险源储罐区未配备紧急切断功能", HazardCategory.Equipment)
        {
            HazardSourceCode = "hs-150602-0042-t1",
            CriterionCode = level == HiddenDangerLevel.Major ? "HC2017-05" : null,
            Photos = ["photo-1.jpg"],
            InterimMeasures = "限制液位不超过50%",
            ReportedTo = "emergency",
        };

    /// <summary>A record reported by <paramref name="finder"/> at T0.</summary>
    public static HiddenDanger Reported(HiddenDangerLevel level = HiddenDangerLevel.Major, FindingSource source = FindingSource.DepartmentInspection, Actor? finder = null) =>
        HiddenDangerLifecycle.Report(Report(level, source), finder ?? (source == FindingSource.SelfInspection ? Staff : InspectorLi), T0, Rules).Ok;

    /// <summary>The time one hour after the record's last change.</summary>
    public static DateTimeOffset After(HiddenDanger r, double hours = 1) => r.History[^1].At.AddHours(hours);

    public static HiddenDanger Do(HiddenDanger r, HiddenDangerCommand c, Actor actor, DateTimeOffset? at = null) =>
        HiddenDangerLifecycle.Apply(r, c, actor, at ?? After(r), Rules).Ok;

    /// <summary>Walk a record through the lifecycle to <paramref name="target"/> with the people whose roles fit each step.</summary>
    public static HiddenDanger WalkTo(HiddenDangerState target, HiddenDangerLevel level = HiddenDangerLevel.Major, FindingSource source = FindingSource.DepartmentInspection)
    {
        var r = Reported(level, source);
        if (target == HiddenDangerState.Found) return r;
        if (target == HiddenDangerState.Rejected) return Do(r, new RejectHiddenDanger("k-reject", "不构成隐患"), DepartmentStaff);
        r = Do(r, new GradeHiddenDanger("k-grade", level, "ent-zhao") { Plan = level == HiddenDangerLevel.Major ? Plan() : null }, SafetyManager);
        if (target == HiddenDangerState.Assigned) return r;
        r = Do(r, new StartRectification("k-start"), Staff);
        if (target == HiddenDangerState.Rectifying) return r;
        r = Do(r, new SubmitRectification("k-submit", ["after-1.jpg"]), Staff);
        if (target == HiddenDangerState.Rectified) return r;
        r = Do(r, new VerifyRectification("k-verify", true), InspectorLi);
        if (target == HiddenDangerState.Verified) return r;
        return SignAll(r);
    }

    public static HiddenDanger SignAll(HiddenDanger r)
    {
        foreach (var level in r.RequiredSignOffs)
            r = Do(r, new SignHiddenDanger($"k-sign-{(int)level}", level), Signer(level));
        return r;
    }

    public static Actor Signer(SignOffLevel level) => level switch
    {
        SignOffLevel.Inspector => InspectorLi,
        SignOffLevel.SafetyManager => SafetyManager,
        SignOffLevel.Principal => Principal,
        _ => DepartmentHead,
    };
}
