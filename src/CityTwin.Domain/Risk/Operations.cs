namespace CityTwin.Domain.Risk;

/// <summary>Special operations of GB 30871-2022 reported in the daily risk commitment (DOMAIN.md §3.1 item 5).</summary>
public enum SpecialOperationKind
{
    /// <summary>特级动火</summary>
    HotWorkSpecial,
    /// <summary>一级动火</summary>
    HotWorkGrade1,
    /// <summary>二级动火</summary>
    HotWorkGrade2,
    /// <summary>受限空间作业</summary>
    ConfinedSpace,
    /// <summary>高处、吊装、盲板抽堵、动土、断路、临时用电 and the rest.</summary>
    Other,
}

/// <summary>An abnormal operating state declared in the daily commitment (§3.2 step 3).</summary>
public enum AbnormalStateKind
{
    /// <summary>开停车</summary>
    StartUpShutDown,
    /// <summary>试生产</summary>
    TrialProduction,
    /// <summary>大检修</summary>
    MajorOverhaul,
}

/// <summary>
/// An active special operation: what, where (the hazard source it is inside, if any), since when; the daily
/// commitment that declared it, if any, so the explanation can name it.
/// </summary>
public sealed record SpecialOperation(SpecialOperationKind Kind, string? HazardSourceCode, DateTimeOffset Since, string? Id = null, string? Commitment = null);

/// <summary>A declared abnormal state with its start and the daily commitment that declared it, if any.</summary>
public sealed record AbnormalState(AbnormalStateKind Kind, DateTimeOffset Since, string? Commitment = null);

public static class OperationNames
{
    public static string Zh(this SpecialOperationKind kind) => kind switch
    {
        SpecialOperationKind.HotWorkSpecial => "特级动火作业",
        SpecialOperationKind.HotWorkGrade1 => "一级动火作业",
        SpecialOperationKind.HotWorkGrade2 => "二级动火作业",
        SpecialOperationKind.ConfinedSpace => "受限空间作业",
        _ => "特殊作业",
    };

    public static string En(this SpecialOperationKind kind) => kind switch
    {
        SpecialOperationKind.HotWorkSpecial => "special-grade hot work",
        SpecialOperationKind.HotWorkGrade1 => "grade-1 hot work",
        SpecialOperationKind.HotWorkGrade2 => "grade-2 hot work",
        SpecialOperationKind.ConfinedSpace => "confined-space entry",
        _ => "special operation",
    };

    public static string Zh(this AbnormalStateKind kind) => kind switch
    {
        AbnormalStateKind.StartUpShutDown => "开停车",
        AbnormalStateKind.TrialProduction => "试生产",
        AbnormalStateKind.MajorOverhaul => "大检修",
        _ => "异常工况",
    };

    public static string En(this AbnormalStateKind kind) => kind switch
    {
        AbnormalStateKind.StartUpShutDown => "start-up/shut-down",
        AbnormalStateKind.TrialProduction => "trial production",
        AbnormalStateKind.MajorOverhaul => "major overhaul",
        _ => "abnormal operation",
    };
}
