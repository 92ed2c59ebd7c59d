using CityTwin.Domain.Inspections;
using Xunit;
using static CityTwin.Domain.Tests.Inspections.InspectionTestData;

namespace CityTwin.Domain.Tests.Inspections;

/// <summary>The closed loops as they stood at a past time (a drill started "as of"; docs/drills.md): read back from the records' histories.</summary>
public sealed class AsOfTests
{
    /// <summary>A major record walked to CLOSED, one hour between steps from T0 (found 10:00, graded 11:00, … closed 17:00+).</summary>
    private static readonly HiddenDanger Closed = WalkTo(HiddenDangerState.Closed);

    [Fact]
    public void A_record_as_of_each_step_of_its_history_is_in_the_state_that_step_left()
    {
        Assert.Null(Closed.AsItWasAt(T0.AddTicks(-1)));
        Assert.Equal(HiddenDangerState.Closed, Closed.State);
        foreach (var step in Closed.History)
        {
            var then = Closed.AsItWasAt(step.At.AddMinutes(30))!;
            Assert.Equal(step.To, then.State);
            Assert.Equal(step.Sequence, then.History.Count);
            Assert.Equal(step.To == HiddenDangerState.Closed ? Closed.ClosedAt : null, then.ClosedAt);
            Assert.All(then.SignOffs, s => Assert.True(s.At <= step.At.AddMinutes(30)));
        }
        var rectifying = Closed.AsItWasAt(Closed.History.Single(h => h.To == HiddenDangerState.Rectifying).At)!;
        Assert.Null(rectifying.RectifiedAt);
        Assert.Empty(rectifying.SignOffs);
        Assert.True(rectifying.IsOpen);
        Assert.Same(Closed, Closed.AsItWasAt(Closed.History[^1].At));
    }

    [Fact]
    public void The_effect_as_of_then_counts_what_was_open_and_overdue_then()
    {
        var late = Closed with { Id = "hd-0002", Deadline = DateOnly.FromDateTime(T0.Date) };   // due 04-25 00:00 local
        HiddenDanger[] records = [Closed, late];

        var before = HiddenDangerEffects.AsOf(Enterprise, records, T0.AddMinutes(-1), Rules);
        Assert.Equal((0, 0), (before.Counts.OpenMajor, before.Counts.OverdueMajor));

        var found = HiddenDangerEffects.AsOf(Enterprise, records, T0.AddMinutes(30), Rules);
        Assert.Equal(["hd-0001", "hd-0002"], found.OpenMajorIds);
        Assert.Empty(found.OverdueMajorIds);

        // Closed since the evening of 04-24: nothing open on 04-25, though hd-0002's deadline passed (it was rectified).
        var now = HiddenDangerEffects.AsOf(Enterprise, records, Local(4, 25, 9), Rules);
        Assert.Empty(now.OpenMajorIds);
        Assert.Equal(HiddenDangerEffects.For(Enterprise, records, Local(4, 25, 9), Rules).Counts.OpenMajor, now.Counts.OpenMajor);
    }

    [Fact]
    public void The_commitment_in_force_then_is_the_latest_for_a_day_up_to_then_submitted_by_then()
    {
        DailyCommitment On(int day, int hour) => new(Enterprise, new DateOnly(2026, 4, day), "ent-qian", Roles.EnterprisePrincipal, Local(4, day, hour), [], [], true);
        DailyCommitment[] book = [On(22, 8), On(23, 8), On(24, 8)];

        Assert.Null(CommitmentRules.InForce(book, Local(4, 22, 7), Rules.Calendar));
        Assert.Equal(new DateOnly(2026, 4, 22), CommitmentRules.InForce(book, Local(4, 23, 7), Rules.Calendar)!.Day);   // the 23rd's came at 08:00
        Assert.Equal(new DateOnly(2026, 4, 23), CommitmentRules.InForce(book, Local(4, 23, 9), Rules.Calendar)!.Day);
        Assert.Equal(new DateOnly(2026, 4, 24), CommitmentRules.InForce(book, Local(4, 30, 9), Rules.Calendar)!.Day);
    }
}
