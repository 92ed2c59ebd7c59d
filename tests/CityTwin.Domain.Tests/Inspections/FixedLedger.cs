using CityTwin.Domain.Inspections;
using static CityTwin.Domain.Tests.Inspections.InspectionTestData;

namespace CityTwin.Domain.Tests.Inspections;

/// <summary>
/// A fixed ledger of eleven records over three enterprises, two banners, two sectors and two departments, with its
/// expected statistics worked out by hand in <see cref="StatisticsTests"/>. "Now" is 2026-06-30 12:00 local.
/// </summary>
internal static class FixedLedger
{
    public static readonly DateTimeOffset Now = Local(6, 30, 12);

    public static readonly IReadOnlyDictionary<string, EnterprisePlacement> Placements = new Dictionary<string, EnterprisePlacement>
    {
        ["E1"] = new("E1", "150600/150602/park-150602-01/E1", "hazchem", "emergency"),
        ["E2"] = new("E2", "150600/150602/town-150602-01/E2", "hazchem", "emergency"),
        ["E3"] = new("E3", "150600/150603/town-150603-01/E3", "coal", "energy"),
    };

    public static HiddenDanger Record(string id, string enterprise, HiddenDangerLevel level, FindingSource source, HiddenDangerState state,
        DateOnly found, DateOnly deadline, DateOnly? rectified = null, string? criterion = null, HazardCategory category = HazardCategory.Equipment) =>
        new()
        {
            Id = id,
            EnterpriseCode = enterprise,
            Level = level,
            CriterionCode = criterion,
            FoundBy = "someone",
            FoundByRole = Roles.Inspector,
            Source = source,
            FoundAt = new DateTimeOffset(found.ToDateTime(new TimeOnly(10, 0)), Cst),
            Location = new FindingLocation("现场"),
            Description = "隐患",
            Category = category,
            Deadline = deadline,
            RectifiedAt = rectified is { } d ? new DateTimeOffset(d.ToDateTime(new TimeOnly(15, 0)), Cst) : null,
            State = state,
        };

    private static DateOnly D(int month, int day) => new(2026, month, day);

    public static readonly IReadOnlyList<HiddenDanger> Records =
    [
        Record("hd-01", "E1", HiddenDangerLevel.Major, FindingSource.SelfInspection, HiddenDangerState.Closed, D(4, 1), D(4, 30), D(4, 20), "HC2017-05"),
        Record("hd-02", "E1", HiddenDangerLevel.Major, FindingSource.DepartmentInspection, HiddenDangerState.Rectifying, D(5, 1), D(5, 31), null, "HC2017-05"),
        Record("hd-03", "E1", HiddenDangerLevel.General, FindingSource.SelfInspection, HiddenDangerState.Verified, D(6, 1), D(6, 8), D(6, 10), category: HazardCategory.Management),
        Record("hd-04", "E1", HiddenDangerLevel.General, FindingSource.SelfInspection, HiddenDangerState.Rejected, D(6, 2), D(6, 9)),
        Record("hd-05", "E2", HiddenDangerLevel.General, FindingSource.Unannounced, HiddenDangerState.Closed, D(3, 1), D(3, 8), D(3, 5), "HC2017-12", HazardCategory.People),
        Record("hd-06", "E2", HiddenDangerLevel.General, FindingSource.SelfInspection, HiddenDangerState.Assigned, D(6, 25), D(7, 2), null, "HC2017-12", HazardCategory.People),
        Record("hd-07", "E2", HiddenDangerLevel.Major, FindingSource.SelfInspection, HiddenDangerState.Verified, D(5, 10), D(6, 9), D(6, 5), "HC2017-18", HazardCategory.Management),
        Record("hd-08", "E3", HiddenDangerLevel.Major, FindingSource.Unannounced, HiddenDangerState.Assigned, D(6, 20), D(7, 20), null, "COAL2020-03"),
        Record("hd-09", "E3", HiddenDangerLevel.General, FindingSource.DepartmentInspection, HiddenDangerState.Found, D(6, 10), D(6, 17), category: HazardCategory.Environment),
        Record("hd-10", "E3", HiddenDangerLevel.General, FindingSource.DepartmentInspection, HiddenDangerState.Closed, D(6, 11), D(6, 18), D(6, 12), category: HazardCategory.Environment),
        Record("hd-11", "E3", HiddenDangerLevel.General, FindingSource.SelfInspection, HiddenDangerState.Rectified, D(6, 20), D(6, 27), D(6, 26), category: HazardCategory.Environment),
    ];
}
