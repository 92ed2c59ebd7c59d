using CityTwin.Domain.Risk.Alarms;
using CityTwin.Domain.Risk.Explanations;
using K = CityTwin.Domain.Risk.Explanations.ReasonKeys;

namespace CityTwin.Domain.Risk;

/// <summary>What a hazard source is before its sensors speak: identity, inherent level and GB 18218 grade, and why.</summary>
public sealed record HazardSourceBase(string Code, string Name, RiskLevel Inherent, int? Grade, IReadOnlyList<RiskReason> InherentReasons)
{
    public static HazardSourceBase From(Units.Unit unit, InherentAssessment inherent) =>
        new(unit.Code, unit.Name, inherent.Level, inherent.Grade, inherent.Reasons);
}

/// <summary>Sensor counts that drive the score (§3.2 step 4); a sensor is counted once, in its one state.</summary>
public readonly record struct AlarmCounts(int HighHigh, int High, int Blind)
{
    public static AlarmCounts operator +(AlarmCounts a, AlarmCounts b) => new(a.HighHigh + b.HighHigh, a.High + b.High, a.Blind + b.Blind);
}

/// <summary>A hazard source's dynamic level at one instant, with its reasons and the hold state to carry forward.</summary>
public sealed record HazardSourceAssessment(
    string Code,
    string Name,
    RiskLevel Level,
    RiskLevel Computed,
    RiskLevel Inherent,
    int? Grade,
    LevelHold Hold,
    AlarmCounts Counts,
    double Score,
    IReadOnlyList<RiskReason> Reasons);

/// <summary>
/// Hazard-source dynamic level (DOMAIN.md §3.2 step 2) [DESIGN]. The rules are applied in order from the inherent
/// level; a rule contributes a reason when it raised the level at the moment it was applied:
/// <code>
/// any HIGH/LOW                          → ≥ Yellow  ALARM_HIGH
/// any HIGH-HIGH/LOW-LOW                 → ≥ Orange  ALARM_HH
/// HH on ≥ 2 sensors, or one HH ≥ 10 min → Red       ALARM_HH_CONFIRMED
/// mandatory point FAULT/OFFLINE ≥ 30 min→ ≥ Yellow  MONITORING_BLIND
/// any HH                                → ≥ min(Red, inherent + 1)  ALARM_HH_ON_GRADED_SOURCE
/// then the downgrade hold                           DOWNGRADE_HOLD
/// </code>
/// </summary>
public static class HazardSourceRisk
{
    /// <param name="configs">The source's sensors, parallel to <paramref name="states"/>.</param>
    /// <param name="previous">The hold carried from the last evaluation; null on the first.</param>
    /// <param name="now">The evaluation instant (event time or an explicit tick), never the wall clock.</param>
    public static HazardSourceAssessment Evaluate(HazardSourceBase source, IReadOnlyList<SensorAlarmConfig> configs,
        IReadOnlyList<SensorState> states, LevelHold? previous, DateTimeOffset now, RiskRules rules)
    {
        if (configs.Count != states.Count) throw new ArgumentException("configs and states must be parallel", nameof(states));
        var hsRules = rules.HazardSource;

        int hh = 0, high = 0, blind = 0;
        int firstHigh = -1, firstHh = -1, firstBlind = -1;
        for (var i = 0; i < states.Count; i++)
        {
            var s = states[i];
            switch (s.State.Severity())
            {
                case 2:
                    hh++;
                    if (firstHh < 0 || s.SinceTicks < states[firstHh].SinceTicks) firstHh = i;
                    break;
                case 1:
                    high++;
                    if (firstHigh < 0 || s.SinceTicks < states[firstHigh].SinceTicks) firstHigh = i;
                    break;
                default:
                    if (s.State.IsBlind() && configs[i].Mandatory && s.HeldFor(now) >= hsRules.BlindAfter)
                    {
                        blind++;
                        if (firstBlind < 0 || s.SinceTicks < states[firstBlind].SinceTicks) firstBlind = i;
                    }
                    break;
            }
        }

        var level = source.Inherent;
        var reasons = new List<RiskReason>();
        void Apply(RiskLevel effect, Func<RiskLevel, RiskReason> reason)
        {
            if (effect <= level) return;
            level = effect;
            reasons.Add(reason(effect));
        }

        if (high > 0)
            Apply(RiskLevel.Yellow, l => AlarmReason(RuleCodes.AlarmHigh, source, configs[firstHigh], states[firstHigh], l, high));
        if (hh > 0)
            Apply(RiskLevel.Orange, l => AlarmReason(RuleCodes.AlarmHighHigh, source, configs[firstHh], states[firstHh], l, hh));
        if (hh >= hsRules.ConfirmedHighHighSensors)
        {
            var members = new List<string>();
            var sinceOrder = new List<long>();
            for (var i = 0; i < states.Count; i++)
                if (states[i].State.Severity() == 2) { members.Add(configs[i].Code); sinceOrder.Add(states[i].SinceTicks); }
            sinceOrder.Sort();
            var confirmedAt = sinceOrder[hsRules.ConfirmedHighHighSensors - 1];
            Apply(RiskLevel.Red, l => new RiskReason(RuleCodes.AlarmHighHighConfirmed, source.Code, source.Name, l,
                new DateTimeOffset(confirmedAt, TimeSpan.Zero),
                [ReasonInput.Of(K.Sensors, hh), ReasonInput.Of(K.Members, string.Join(", ", members))]));
        }
        else if (hh > 0 && states[firstHh].HeldFor(now) >= hsRules.ConfirmedHighHighAfter)
        {
            var s = states[firstHh];
            var c = configs[firstHh];
            Apply(RiskLevel.Red, l => new RiskReason(RuleCodes.AlarmHighHighConfirmed, source.Code, source.Name, l,
                s.Since + hsRules.ConfirmedHighHighAfter,
                [.. SensorInputs(c, s), ReasonInput.Of(K.Minutes, Math.Floor(s.HeldFor(now).TotalMinutes)),
                 ReasonInput.Of(K.LimitMinutes, hsRules.ConfirmedHighHighAfter.TotalMinutes)], c.Code));
        }
        if (blind > 0)
        {
            var s = states[firstBlind];
            var c = configs[firstBlind];
            Apply(RiskLevel.Yellow, l => new RiskReason(RuleCodes.MonitoringBlind, source.Code, source.Name, l,
                s.Since + hsRules.BlindAfter,
                [ReasonInput.Of(K.Sensor, c.Code), ReasonInput.Of(K.Kind, c.Kind), ReasonInput.Of(K.State, s.State.ToString()),
                 ReasonInput.Of(K.Minutes, Math.Floor(s.HeldFor(now).TotalMinutes)), ReasonInput.Of(K.LimitMinutes, hsRules.BlindAfter.TotalMinutes),
                 ReasonInput.Of(K.Count, blind)], c.Code));
        }
        if (hh > 0)
        {
            var s = states[firstHh];
            var c = configs[firstHh];
            Apply(source.Inherent.Raise(), l => new RiskReason(RuleCodes.AlarmHighHighOnGradedSource, source.Code, source.Name, l, s.Since,
                [.. SensorInputs(c, s), ReasonInput.Of(K.Inherent, source.Inherent.ToString()), .. GradeInput(source)], c.Code));
        }

        var computed = level;
        var hold = (previous ?? LevelHold.Initial(computed, now)).Next(computed, now, hsRules.DowngradeHold);
        if (hold.Level > computed)
        {
            reasons.Add(new RiskReason(RuleCodes.DowngradeHold, source.Code, source.Name, hold.Level, hold.PendingSince,
                [ReasonInput.Of(K.Computed, computed.ToString()), ReasonInput.Of(K.LimitMinutes, hsRules.DowngradeHold.TotalMinutes)]));
        }
        reasons.AddRange(source.InherentReasons);

        var counts = new AlarmCounts(hh, high, blind);
        var score = Score(hold.Level, rules.Score, hh, high, blind, 0, 0, 0);
        return new HazardSourceAssessment(source.Code, source.Name, hold.Level, computed, source.Inherent, source.Grade, hold, counts, score,
            reasons.Ordered());
    }

    /// <summary>§3.2 step 4: 25·levelIndex + min(24.9, 5·#HH + 2·#HIGH + 8·#majorOpen + 1·#generalOpen + 4·#overdue + 2·#blind).</summary>
    public static double Score(RiskLevel level, ScoreRules w, int hh, int high, int blind, int majorOpen, int generalOpen, int overdue) =>
        w.PerLevel * level.Index()
        + Math.Min(w.Cap, w.HighHigh * hh + w.High * high + w.MajorOpen * majorOpen + w.GeneralOpen * generalOpen + w.Overdue * overdue + w.Blind * blind);

    private static RiskReason AlarmReason(string rule, HazardSourceBase source, SensorAlarmConfig c, SensorState s, RiskLevel level, int count) =>
        new(rule, source.Code, source.Name, level, s.Since, [.. SensorInputs(c, s), ReasonInput.Of(K.Count, count)], c.Code);

    private static IEnumerable<ReasonInput> SensorInputs(SensorAlarmConfig c, SensorState s)
    {
        yield return ReasonInput.Of(K.Sensor, c.Code);
        yield return ReasonInput.Of(K.Kind, c.Kind);
        if (c.Chemical is { } chem) yield return ReasonInput.Of(K.Chemical, chem);
        yield return ReasonInput.Of(K.State, s.State.ToString());
        yield return ReasonInput.Of(K.Value, s.Value, c.Unit);
        yield return ReasonInput.Of(K.Threshold, c.ThresholdOf(s.State), c.Unit);
    }

    private static IEnumerable<ReasonInput> GradeInput(HazardSourceBase source)
    {
        if (source.Grade is { } g) yield return ReasonInput.Of(K.Grade, g);
    }
}
