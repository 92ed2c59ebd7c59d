using CityTwin.Domain.Chemicals;
using CityTwin.Domain.Risk.Explanations;
using CityTwin.Domain.Units;
using K = CityTwin.Domain.Risk.Explanations.ReasonKeys;

namespace CityTwin.Domain.Risk;

/// <summary>
/// The inherent level of any unit from its registry data (DOMAIN.md §3.2 step 0, §3.3, §5):
/// hazard sources by GB 18218 (working faces of a coal mine by the mine's classification), enterprises by
/// diagnostic grading, LEC, L×S and coal-mine classification (the worst that applies) and by their hazard
/// sources, chemical parks by their A–D grade.
/// </summary>
public static class InherentLevels
{
    /// <summary>
    /// One unit. <paramref name="parent"/> lets a hazard source without an inventory take its coal mine's
    /// classification; <paramref name="hazardSources"/> (the enterprise's children's assessments) lets an
    /// enterprise's inherent level include them: inherent_ent = max(own assessments, its hazard sources).
    /// </summary>
    public static InherentAssessment Of(Unit unit, ChemicalCatalog? catalog = null, RiskRules? rules = null,
        Unit? parent = null, IReadOnlyList<InherentAssessment>? hazardSources = null)
    {
        catalog ??= ChemicalCatalog.Default;
        rules ??= RiskRules.Default;
        return unit.Kind switch
        {
            UnitKind.HazardSource => OfHazardSource(unit, catalog, rules, parent),
            UnitKind.Enterprise => OfEnterprise(unit, rules, hazardSources ?? []),
            UnitKind.Park => OfPark(unit, rules.Assessment),
            _ => new InherentAssessment(unit.Code, RiskLevel.Blue, [], []) { Applies = false },
        };
    }

    /// <summary>Every unit of a city: hazard sources first, so each enterprise includes its own.</summary>
    public static IReadOnlyDictionary<string, InherentAssessment> OfAll(IReadOnlyList<Unit> units, ChemicalCatalog? catalog = null, RiskRules? rules = null)
    {
        var byCode = new Dictionary<string, Unit>(StringComparer.Ordinal);
        foreach (var u in units) byCode.TryAdd(u.Code, u);
        var result = new Dictionary<string, InherentAssessment>(StringComparer.Ordinal);
        var sourcesOf = new Dictionary<string, List<InherentAssessment>>(StringComparer.Ordinal);
        foreach (var hs in units.Where(u => u.Kind == UnitKind.HazardSource))
        {
            var parent = hs.Parent is { } p && byCode.TryGetValue(p, out var pu) ? pu : null;
            var a = Of(hs, catalog, rules, parent);
            result[hs.Code] = a;
            if (hs.Parent is { } code)
                (sourcesOf.TryGetValue(code, out var list) ? list : sourcesOf[code] = []).Add(a);
        }
        foreach (var u in units.Where(u => u.Kind != UnitKind.HazardSource))
            result[u.Code] = Of(u, catalog, rules, null, sourcesOf.TryGetValue(u.Code, out var hs) ? hs : null);
        return result;
    }

    public static InherentAssessment OfHazardSource(Unit unit, ChemicalCatalog catalog, RiskRules rules, Unit? parent = null)
    {
        if (unit.HazardSource is not { } profile)
            return Missing(unit, "hazard source has no hazard-source profile (GB 18218 needs its inventory and the people within 500 m)");

        if (profile.Inventory.Count == 0)
        {
            // A working face or roadway of a coal mine holds no GB 18218 chemicals: it carries the mine's class (§3.3).
            if (parent?.Enterprise?.CoalMine is { } mine)
            {
                var reason = CoalMine(unit, mine, rules.Assessment);
                return new InherentAssessment(unit.Code, reason.Level, [reason], []);
            }
            return Missing(unit, "hazard source has an empty inventory: GB 18218 needs each chemical and its design maximum quantity (t)");
        }

        var gb = Gb18218.Assess(profile.Inventory, profile.PeopleWithin500m, catalog, rules.Gb18218);
        RiskReason why = gb.Grade is { } g
            ? new(RuleCodes.Gb18218Grade, unit.Code, unit.Name, gb.Level, null,
                [ReasonInput.Of(K.S, gb.S), ReasonInput.Of(K.Alpha, gb.Alpha), ReasonInput.Of(K.R, gb.R), ReasonInput.Of(K.Grade, g),
                 ReasonInput.Of(K.People, profile.PeopleWithin500m)])
            : new(RuleCodes.Gb18218NotMajor, unit.Code, unit.Name, gb.Level, null, [ReasonInput.Of(K.S, gb.S)]);
        return new InherentAssessment(unit.Code, gb.Level, [why], [.. gb.Problems.Select(p => $"{unit.Code}: {p}")]) { Gb18218 = gb };
    }

    public static InherentAssessment OfEnterprise(Unit unit, RiskRules rules, IReadOnlyList<InherentAssessment> hazardSources)
    {
        var reasons = new List<RiskReason>();
        var problems = new List<string>();
        DiagnosticResult? diagnostic = null;
        var a = rules.Assessment;
        if (unit.Enterprise is { } e)
        {
            if (e.Diagnostic is { } d)
            {
                diagnostic = DiagnosticGrading.Evaluate(d, a);
                problems.AddRange(diagnostic.Problems.Select(p => $"{unit.Code}: {p}"));
                foreach (var veto in diagnostic.Vetoes)
                {
                    var def = a.DiagnosticSheet.Veto(veto);
                    reasons.Add(new(RuleCodes.DiagnosticVeto, unit.Code, unit.Name, RiskLevel.Red, null,
                        [ReasonInput.Of(K.Veto, veto), ReasonInput.Of(K.VetoZh, def?.Zh ?? veto), ReasonInput.Of(K.VetoEn, def?.En ?? veto)]));
                }
                reasons.Add(new(RuleCodes.DiagnosticBand, unit.Code, unit.Name, a.Diagnostic.Classify(diagnostic.Score), null,
                    [ReasonInput.Of(K.Score, diagnostic.Score)]));
            }
            if (e.Lec is { } lec)
            {
                if (!(lec.L > 0 && lec.E > 0 && lec.C > 0))
                    problems.Add($"{unit.Code}: LEC factors must be positive, were L={lec.L}, E={lec.E}, C={lec.C}");
                var dv = lec.L * lec.E * lec.C;
                reasons.Add(new(RuleCodes.LecBand, unit.Code, unit.Name, a.Lec.Classify(dv), null,
                    [ReasonInput.Of(K.L, lec.L), ReasonInput.Of(K.E, lec.E), ReasonInput.Of(K.C, lec.C), ReasonInput.Of(K.D, dv)]));
            }
            if (e.Ls is { } ls)
            {
                if (ls.L is < 1 or > 5 || ls.S is < 1 or > 5)
                    problems.Add($"{unit.Code}: L×S factors must lie in 1–5, were L={ls.L}, S={ls.S}");
                var rv = ls.L * ls.S;
                reasons.Add(new(RuleCodes.LsBand, unit.Code, unit.Name, a.Ls.Classify(rv), null,
                    [ReasonInput.Of(K.L, ls.L), ReasonInput.Of(K.S, ls.S), ReasonInput.Of(K.R, rv)]));
            }
            if (e.CoalMine is { } mine) reasons.Add(CoalMine(unit, mine, a));
        }
        else
        {
            problems.Add($"{unit.Code}: enterprise has no enterprise profile");
        }

        foreach (var hs in hazardSources)
            reasons.AddRange(hs.Reasons);

        if (reasons.Count == 0 && problems.Count == 0)
            problems.Add($"{unit.Code}: enterprise has no diagnostic grading, LEC, L×S or coal-mine classification and no graded hazard source");

        var level = reasons.Count == 0 ? RiskLevel.Blue : reasons.Max(r => r.Level);
        // Keep only what decides the level (plus every veto): a long list of lower findings explains nothing.
        var deciding = reasons.Where(r => r.Level == level || r.Rule == RuleCodes.DiagnosticVeto).Ordered();
        return new InherentAssessment(unit.Code, level, deciding, problems) { Diagnostic = diagnostic };
    }

    public static InherentAssessment OfPark(Unit unit, AssessmentRules rules)
    {
        if (unit.Park is not { } park)
            return new InherentAssessment(unit.Code, RiskLevel.Blue, [], []) { Applies = false };
        if (park.Type != ParkType.Chemical)
            return new InherentAssessment(unit.Code, RiskLevel.Blue, [], []) { Applies = false };
        if (park.AssessmentScore is not { } score)
            return Missing(unit, "chemical park has no safety-risk assessment score (§5 grades A–D from it)");
        var grade = rules.ParkGrade.Classify(score);
        var level = rules.ParkGradeColour[grade];
        var why = new RiskReason(RuleCodes.ParkGrade, unit.Code, unit.Name, level, null,
            [ReasonInput.Of(K.Score, score), ReasonInput.Of(K.ParkGrade, grade.ToString())]);
        return new InherentAssessment(unit.Code, level, [why], []) { ParkGrade = grade };
    }

    /// <summary>Coal-mine inherent colour (§3.3) [DESIGN]: by gas class, one step up for rock burst or major water hazard.</summary>
    public static RiskLevel CoalMineLevel(CoalMineProfile mine, AssessmentRules rules)
    {
        var level = rules.CoalMineGasClass[mine.GasClass];
        return mine.RockBurst || mine.MajorWaterHazard ? level.Raise(rules.CoalMineHazardRaise) : level;
    }

    private static RiskReason CoalMine(Unit unit, CoalMineProfile mine, AssessmentRules rules) =>
        new(RuleCodes.CoalMineClass, unit.Code, unit.Name, CoalMineLevel(mine, rules), null,
            [ReasonInput.Of(K.GasClass, mine.GasClass.ToString()), ReasonInput.Of(K.RockBurst, mine.RockBurst ? 1 : 0),
             ReasonInput.Of(K.WaterHazard, mine.MajorWaterHazard ? 1 : 0)]);

    private static InherentAssessment Missing(Unit unit, string problem) =>
        new(unit.Code, RiskLevel.Blue, [], [$"{unit.Code}: {problem}"]);
}
