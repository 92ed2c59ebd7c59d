namespace CityTwin.Domain.Inspections;

/// <summary>In what capacity a hidden danger was found (DOMAIN.md §4.3 <c>source</c>).</summary>
public enum FindingSource
{
    /// <summary>企业自查: the enterprise's own inspection.</summary>
    SelfInspection,
    /// <summary>部门检查: an announced inspection by a supervising department.</summary>
    DepartmentInspection,
    /// <summary>四不两直: an unannounced department inspection.</summary>
    Unannounced,
    /// <summary>举报: a public report, recorded by the department that received it.</summary>
    PublicReport,
}

public static class FindingSources
{
    /// <summary>
    /// [DESIGN] "found by the department" for the sign-off rule of §4.4: anything but the enterprise's own
    /// inspection. A public report is followed up by the department, which answers for its closure.
    /// </summary>
    public static bool IsDepartmentFinding(this FindingSource source) => source != FindingSource.SelfInspection;

    public static string Zh(this FindingSource source) => source switch
    {
        FindingSource.SelfInspection => "企业自查",
        FindingSource.DepartmentInspection => "部门检查",
        FindingSource.Unannounced => "四不两直",
        FindingSource.PublicReport => "群众举报",
        _ => source.ToString(),
    };
}
