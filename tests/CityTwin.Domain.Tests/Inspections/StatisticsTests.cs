using CityTwin.Domain.Inspections;
using Xunit;
using static CityTwin.Domain.Tests.Inspections.FixedLedger;
using static CityTwin.Domain.Tests.Inspections.InspectionTestData;

namespace CityTwin.Domain.Tests.Inspections;

/// <summary>Statistics on the fixed ledger; every expected number is worked out in the comments.</summary>
public sealed class StatisticsTests
{
    [Fact]
    public void City_totals()
    {
        var s = HiddenDangerStatistics.ForScope(Records, Placements, "150600", Now, Rules);
        // 11 records, hd-04 rejected → 10 found; majors hd-01, 02, 07, 08.
        Assert.Equal((10, 4, 6, 1), (s.Found, s.FoundMajor, s.FoundGeneral, s.Rejected));
        // Rectified (VERIFIED/CLOSED): 01, 03, 05, 07, 10; on time all but hd-03 (06-10 after its 06-08 deadline).
        Assert.Equal((5, 4, 3), (s.Rectified, s.RectifiedOnTime, s.Closed));
        // Open: the 7 not closed; overdue: hd-02 (RECTIFYING, due 05-31) and hd-09 (FOUND, due 06-17).
        // hd-11 is RECTIFIED (awaiting verification) and hd-06/hd-08 are not yet due.
        Assert.Equal((7, 2, 1), (s.Open, s.Overdue, s.OverdueMajor));
        Assert.Equal(4.0 / 7.0, s.OnTimeRate!.Value, 12); // 4 / (5 + 2)
        Assert.Equal((2, 0.5), (s.MajorSelfFound, s.SelfFoundMajorShare)); // hd-01, hd-07 of 4
        // E1 found HC2017-05 (equipment) on 04-01 and 05-01: 30 days ≤ 90. E2's HC2017-12 came back after 116 days: not a repeat.
        var repeat = Assert.Single(s.RepeatOffences);
        Assert.Equal(("E1", HazardCategory.Equipment, "HC2017-05"), (repeat.EnterpriseCode, repeat.Category, repeat.CriterionCode));
        Assert.Equal(["hd-01", "hd-02"], repeat.RecordIds);
        Assert.Equal(["E1"], s.RepeatOffenders);
    }

    [Fact]
    public void A_banner()
    {
        var s = HiddenDangerStatistics.ForScope(Records, Placements, "150600/150602", Now, Rules);
        // E1 + E2: 01, 02, 03, 05, 06, 07 (04 rejected).
        Assert.Equal((6, 3, 1), (s.Found, s.FoundMajor, s.Rejected));
        Assert.Equal((4, 3, 1), (s.Rectified, s.RectifiedOnTime, s.Overdue));
        Assert.Equal(0.6, s.OnTimeRate!.Value, 12); // 3 / (4 + 1)
        Assert.Equal(2.0 / 3.0, s.SelfFoundMajorShare!.Value, 12);
        // The path prefix is matched by whole codes: "150600/15060" is not a scope of E1.
        Assert.Equal(0, HiddenDangerStatistics.ForScope(Records, Placements, "150600/15060", Now, Rules).Found);
    }

    [Fact]
    public void Per_department_and_sector()
    {
        var byDepartment = HiddenDangerStatistics.ByDepartment(Records, Placements, Now, Rules);
        Assert.Equal(["emergency", "energy"], byDepartment.Keys);
        var energy = byDepartment["energy"];
        // E3: 08, 09, 10, 11; major hd-08 found unannounced; rectified hd-10 on time; overdue hd-09.
        Assert.Equal((4, 1, 1, 1, 1), (energy.Found, energy.FoundMajor, energy.Rectified, energy.RectifiedOnTime, energy.Overdue));
        Assert.Equal((0.5, 0.0), (energy.OnTimeRate, energy.SelfFoundMajorShare));
        Assert.Empty(energy.RepeatOffences); // E3's records name no criterion but hd-08

        var bySector = HiddenDangerStatistics.BySector(Records, Placements, Now, Rules);
        Assert.Equal(["coal", "hazchem"], bySector.Keys);
        Assert.Equal(byDepartment["emergency"], bySector["hazchem"] with { RepeatOffences = byDepartment["emergency"].RepeatOffences });
        Assert.Equal(6, bySector["hazchem"].Found);
    }

    [Fact]
    public void Per_ledger_summaries_merge_to_the_summary_of_the_union()
    {
        var perEnterprise = Records.GroupBy(r => r.EnterpriseCode).Select(g => HiddenDangerStatistics.Summarise(g, Now, Rules)).ToList();
        var merged = HiddenDangerStatistics.Merge(perEnterprise);
        var whole = HiddenDangerStatistics.Summarise(Records, Now, Rules);
        Assert.Equal(whole with { RepeatOffences = [] }, merged with { RepeatOffences = [] });
        Assert.Equal(whole.RepeatOffences.Select(o => (o.EnterpriseCode, string.Join(",", o.RecordIds))), merged.RepeatOffences.Select(o => (o.EnterpriseCode, string.Join(",", o.RecordIds))));
        // Open majors: hd-02 (rectifying), hd-07 (verified, awaiting sign-offs), hd-08 (assigned).
        Assert.Equal(3, merged.OpenMajor);
        Assert.Equal(HiddenDangerStats.Empty with { RepeatOffences = [] }, HiddenDangerStatistics.Merge([]) with { RepeatOffences = [] });
    }

    [Fact]
    public void Rates_are_null_when_there_is_nothing_to_rate()
    {
        var s = HiddenDangerStatistics.Summarise([Records[5]], Now, Rules); // hd-06: general, assigned, not due
        Assert.Null(s.OnTimeRate);
        Assert.Null(s.SelfFoundMajorShare);
    }

    [Fact]
    public void The_repeat_window_is_configurable()
    {
        var wide = Rules with { Statistics = new StatisticsOptions { RepeatWindowDays = 120 } };
        Assert.Equal(["E1", "E2"], HiddenDangerStatistics.Summarise(Records, Now, wide).RepeatOffenders);
        var narrow = Rules with { Statistics = new StatisticsOptions { RepeatWindowDays = 29 } };
        Assert.Empty(HiddenDangerStatistics.Summarise(Records, Now, narrow).RepeatOffenders);
    }

    [Fact]
    public void A_reopened_record_is_a_repeat_of_itself()
    {
        var closed = WalkTo(HiddenDangerState.Closed);
        var reopened = Do(closed, new ReopenHiddenDanger("r", "再次发现"), DepartmentStaff, Local(6, 1));
        var repeat = Assert.Single(HiddenDangerStatistics.Repeats([reopened], Local(6, 2), Rules));
        Assert.Equal((Enterprise, "HC2017-05", "hd-0001"), (repeat.EnterpriseCode, repeat.CriterionCode, Assert.Single(repeat.RecordIds)));
        // Reopened 4+ months after it was found is not a repeat within 90 days.
        var late = Do(closed, new ReopenHiddenDanger("r", "再次发现"), DepartmentStaff, Local(9, 1));
        Assert.Empty(HiddenDangerStatistics.Repeats([late], Local(9, 2), Rules));
    }

    [Fact]
    public void Records_found_after_now_are_not_counted()
    {
        Assert.Equal(7, HiddenDangerStatistics.Summarise(Records, Local(6, 15), Rules).Found); // not hd-06, 08, 11 (later), nor hd-04 (rejected)
    }
}
