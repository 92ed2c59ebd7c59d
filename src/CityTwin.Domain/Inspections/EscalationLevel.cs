namespace CityTwin.Domain.Inspections;

/// <summary>
/// Who a deadline notification or a warning reaches, from the enterprise up the administrative levels
/// (DOMAIN.md §4.4: enterprise principal → supervising department → 县/旗区 安委办 → 市安委办).
/// </summary>
public enum EscalationLevel
{
    /// <summary>The enterprise (its responsible person for the record).</summary>
    Enterprise,
    /// <summary>The enterprise principal (主要负责人).</summary>
    EnterprisePrincipal,
    /// <summary>The supervising department (三管三必须).</summary>
    SupervisingDepartment,
    /// <summary>The banner/district work-safety committee office (旗区安委办).</summary>
    DistrictCommittee,
    /// <summary>The city work-safety committee office (市安委办; 挂牌督办).</summary>
    CityCommittee,
}

public static class EscalationLevels
{
    public static string Zh(this EscalationLevel level) => level switch
    {
        EscalationLevel.Enterprise => "企业",
        EscalationLevel.EnterprisePrincipal => "企业主要负责人",
        EscalationLevel.SupervisingDepartment => "行业监管部门",
        EscalationLevel.DistrictCommittee => "旗区安委办",
        EscalationLevel.CityCommittee => "市安委办",
        _ => level.ToString(),
    };

    /// <summary>
    /// The roles that act for a level (answer a warning addressed to it). The enterprise's roles may always act on
    /// their own warning; the city administrator acts for the city committee office.
    /// </summary>
    public static IReadOnlyList<string> ActingRoles(this EscalationLevel level) => level switch
    {
        EscalationLevel.Enterprise or EscalationLevel.EnterprisePrincipal => Roles.EnterpriseSide,
        EscalationLevel.SupervisingDepartment => Roles.DepartmentSide,
        EscalationLevel.DistrictCommittee => [Roles.ScopeSupervisor],
        EscalationLevel.CityCommittee => [Roles.CityAdmin],
        _ => [],
    };
}
