using CityTwin.Domain.Risk;
using CityTwin.Domain.Risk.Alarms;
using Xunit;
using static CityTwin.Domain.Tests.Risk.RiskTestData;

namespace CityTwin.Domain.Tests.Risk;

/// <summary>Each rule of DOMAIN.md §3.2 step 2 and the downgrade hold.</summary>
public sealed class HazardSourceRiskTests
{
    private static readonly RiskRules Rules = RiskRules.Default;
    private static readonly SensorAlarmConfig A = Config(LevelSensor("LT-A"));
    private static readonly SensorAlarmConfig B = Config(LevelSensor("LT-B"));
    private static readonly SensorAlarmConfig Optional = SensorAlarmConfig.From(LevelSensor("LT-X") with { Mandatory = false }, Rules.Alarms);

    private static HazardSourceBase Source(RiskLevel inherent, int? grade = null) => new("T1", "储罐T1", inherent, grade, []);

    private static HazardSourceAssessment Eval(HazardSourceBase source, SensorAlarmConfig[] configs, SensorState[] states, double nowSeconds, LevelHold? previous = null) =>
        HazardSourceRisk.Evaluate(source, configs, states, previous, At(nowSeconds), Rules);

    [Fact]
    public void No_alarms_keeps_the_inherent_level()
    {
        var r = Eval(Source(RiskLevel.Yellow, 3), [A], [After(A, (0, 50))], 10);
        Assert.Equal(RiskLevel.Yellow, r.Level);
        Assert.Equal(25, r.Score);
        Assert.Empty(r.Reasons);
    }

    [Fact]
    public void ALARM_HIGH_raises_to_yellow()
    {
        var r = Eval(Source(RiskLevel.Blue), [A, B], [After(A, (0, 85)), After(B, (0, 50))], 10);
        Assert.Equal(RiskLevel.Yellow, r.Level);
        Assert.Equal(RuleCodes.AlarmHigh, Assert.Single(r.Reasons).Rule);
        Assert.Equal(new AlarmCounts(0, 1, 0), r.Counts);
        Assert.Equal(25 + 2, r.Score);
    }

    [Fact]
    public void A_low_alarm_counts_as_a_first_level_alarm()
    {
        var r = Eval(Source(RiskLevel.Blue), [A], [After(A, (0, 15))], 10);
        Assert.Equal(RiskLevel.Yellow, r.Level);
        Assert.Equal("Low", r.Reasons[0].Text("state"));
    }

    [Fact]
    public void ALARM_HH_raises_to_orange_and_lists_the_lower_step_after_it()
    {
        var r = Eval(Source(RiskLevel.Blue), [A, B], [After(A, (0, 95)), After(B, (0, 85))], 10);
        Assert.Equal(RiskLevel.Orange, r.Level);
        Assert.Equal([RuleCodes.AlarmHighHigh, RuleCodes.AlarmHigh], r.Reasons.Select(x => x.Rule));
        Assert.Equal(25 * 2 + 5 + 2, r.Score);
    }

    [Fact]
    public void ALARM_HH_CONFIRMED_by_two_sensors_is_red()
    {
        var r = Eval(Source(RiskLevel.Blue), [A, B], [After(A, (0, 95)), After(B, (30, 95))], 40);
        Assert.Equal(RiskLevel.Red, r.Level);
        var confirmed = r.Reasons[0];
        Assert.Equal(RuleCodes.AlarmHighHighConfirmed, confirmed.Rule);
        Assert.Equal(2, confirmed.Number("sensors"));
        Assert.Equal(At(30), confirmed.Since); // confirmed when the second sensor went high-high
        Assert.Equal(75 + 10, r.Score);
    }

    [Fact]
    public void ALARM_HH_CONFIRMED_by_one_sensor_held_ten_minutes_is_red()
    {
        var states = new[] { After(A, (0, 95), (300, 96), (590, 96)) };
        Assert.Equal(RiskLevel.Orange, Eval(Source(RiskLevel.Blue), [A], states, 599).Level);

        var r = Eval(Source(RiskLevel.Blue), [A], states, 600);
        Assert.Equal(RiskLevel.Red, r.Level);
        Assert.Equal(RuleCodes.AlarmHighHighConfirmed, r.Reasons[0].Rule);
        Assert.Equal(10, r.Reasons[0].Number("minutes"));
        Assert.Equal(At(600), r.Reasons[0].Since);
    }

    [Fact]
    public void MONITORING_BLIND_after_thirty_minutes_of_a_mandatory_point()
    {
        var offline = After(A, (0, 50));
        AlarmStateMachine.Tick(A, ref offline, At(300)); // offline since 300 s
        Assert.Equal(AlarmState.Offline, offline.State);

        Assert.Equal(RiskLevel.Blue, Eval(Source(RiskLevel.Blue), [A], [offline], 300 + 1799).Level);
        var r = Eval(Source(RiskLevel.Blue), [A], [offline], 300 + 1800);
        Assert.Equal(RiskLevel.Yellow, r.Level);
        Assert.Equal(RuleCodes.MonitoringBlind, Assert.Single(r.Reasons).Rule);
        Assert.Equal(new AlarmCounts(0, 0, 1), r.Counts);
        Assert.Equal(25 + 2, r.Score);

        var optional = After(Optional, (0, 0), (1, 200)); // fault, but not a mandatory point
        Assert.Equal(RiskLevel.Blue, Eval(Source(RiskLevel.Blue), [Optional], [optional], 4000).Level);
    }

    [Fact]
    public void ALARM_HH_ON_GRADED_SOURCE_lifts_a_grade_2_source_to_red()
    {
        var r = Eval(Source(RiskLevel.Orange, 2), [A], [After(A, (0, 95))], 10);
        Assert.Equal(RiskLevel.Red, r.Level);
        Assert.Equal(RuleCodes.AlarmHighHighOnGradedSource, r.Reasons[0].Rule);
        Assert.Equal(2, r.Reasons[0].Number("grade"));
        Assert.Equal("Orange", r.Reasons[0].Text("inherent"));
    }

    [Theory]
    [InlineData(RiskLevel.Blue, RiskLevel.Orange)]
    [InlineData(RiskLevel.Yellow, RiskLevel.Orange)]
    [InlineData(RiskLevel.Orange, RiskLevel.Red)]
    [InlineData(RiskLevel.Red, RiskLevel.Red)]
    public void One_high_high_on_each_inherent_level(RiskLevel inherent, RiskLevel expected) =>
        Assert.Equal(expected, Eval(Source(inherent), [A], [After(A, (0, 95))], 10).Level);

    [Fact]
    public void Worked_example_of_domain_3_2_with_the_downgrade_hold()
    {
        // Grade-2 chlorine tank (inherent Orange); Cl2 2.3 ≥ AH 2 for 3 min → Red, score 80; value falls to 1.85:
        // HH clears after 60 s, HIGH remains → computed Orange, shown Red until the 5-min hold runs out.
        var cl2 = Config(ChlorineDetector());
        var source = Source(RiskLevel.Orange, 2);
        var state = After(cl2, (0, 2.3));

        var red = Eval(source, [cl2], [state], 0, null);
        Assert.Equal(RiskLevel.Red, red.Level);
        Assert.Equal(80, red.Score);

        AlarmStateMachine.Apply(cl2, ref state, new SensorReading(2, At(180), 1.85));
        var stillRed = Eval(source, [cl2], [state], 180, red.Hold);
        Assert.Equal(RiskLevel.Red, stillRed.Level);

        AlarmStateMachine.Tick(cl2, ref state, At(240));
        Assert.Equal(AlarmState.High, state.State);
        var held = Eval(source, [cl2], [state], 240, stillRed.Hold);
        Assert.Equal(RiskLevel.Orange, held.Computed);
        Assert.Equal(RiskLevel.Red, held.Level);
        Assert.Equal(RuleCodes.DowngradeHold, held.Reasons[0].Rule);
        Assert.Equal(75 + 2, held.Score);

        var justBefore = Eval(source, [cl2], [state], 240 + 299, held.Hold);
        Assert.Equal(RiskLevel.Red, justBefore.Level);
        var after = Eval(source, [cl2], [state], 240 + 300, justBefore.Hold);
        Assert.Equal(RiskLevel.Orange, after.Level);
        Assert.Equal(At(540), after.Hold.Since);
        Assert.DoesNotContain(after.Reasons, x => x.Rule == RuleCodes.DowngradeHold);
    }

    [Fact]
    public void Increases_apply_at_once_and_a_rise_during_a_hold_cancels_it()
    {
        var hold = LevelHold.Initial(RiskLevel.Blue, At(0));
        hold = hold.Next(RiskLevel.Red, At(1), TimeSpan.FromMinutes(5));
        Assert.Equal(RiskLevel.Red, hold.Level);
        hold = hold.Next(RiskLevel.Yellow, At(10), TimeSpan.FromMinutes(5));
        Assert.Equal(RiskLevel.Red, hold.Level);
        Assert.Equal(RiskLevel.Yellow, hold.Pending);
        hold = hold.Next(RiskLevel.Red, At(100), TimeSpan.FromMinutes(5));
        Assert.Null(hold.Pending);
        hold = hold.Next(RiskLevel.Yellow, At(200), TimeSpan.FromMinutes(5));
        hold = hold.Next(RiskLevel.Orange, At(300), TimeSpan.FromMinutes(5));
        hold = hold.Next(RiskLevel.Blue, At(500), TimeSpan.FromMinutes(5));
        // The hold ran out (200 + 300 s): step down to the highest level computed meanwhile (Orange) and
        // start a new hold for the further decrease to Blue.
        Assert.Equal(RiskLevel.Orange, hold.Level);
        Assert.Equal(At(500), hold.Since);
        Assert.Equal(RiskLevel.Blue, hold.Pending);
        hold = hold.Next(RiskLevel.Blue, At(800), TimeSpan.FromMinutes(5));
        Assert.Equal(RiskLevel.Blue, hold.Level);
    }

    [Fact]
    public void The_score_is_capped_inside_its_colour()
    {
        var configs = Enumerable.Range(0, 8).Select(i => Config(LevelSensor($"S{i}"))).ToArray();
        var states = configs.Select(c => After(c, (0, 95))).ToArray();
        var r = Eval(Source(RiskLevel.Blue), configs, states, 1);
        Assert.Equal(RiskLevel.Red, r.Level);
        Assert.Equal(75 + 24.9, r.Score, 9);
    }
}
