using CityTwin.Domain.Chemicals;
using CityTwin.Domain.Units;

namespace CityTwin.Domain.Risk;

/// <summary>One chemical's share of S and R: q/Q and β·q/Q.</summary>
public sealed record Gb18218Term(string Chemical, double QuantityT, double CriticalQuantityT, double Beta)
{
    public double Ratio => QuantityT / CriticalQuantityT;
    public double Weighted => Beta * Ratio;
}

/// <summary>
/// GB 18218-2018 identification and grading of one unit (DOMAIN.md §1.2–1.4): S = Σ q/Q, α from the people
/// within 500 m, R = α·Σ β·q/Q, grade 1–4 when S ≥ 1 (null otherwise), and the inherent colour (§3.2 step 0).
/// </summary>
public sealed record Gb18218Result(
    IReadOnlyList<Gb18218Term> Terms,
    double S,
    double Alpha,
    double R,
    int? Grade,
    RiskLevel Level,
    IReadOnlyList<string> Problems)
{
    public bool IsMajor => Grade is not null;
}

public static class Gb18218
{
    /// <summary>α by permanent residents within 500 m outside the boundary (Table 5).</summary>
    public static double Alpha(int peopleWithin500m, Gb18218Rules rules) => rules.Alpha.Classify(peopleWithin500m);

    /// <summary>Grade by R (Table 6): 1 when R ≥ 100, 2 when ≥ 50, 3 when ≥ 10, else 4.</summary>
    public static int Grade(double r, Gb18218Rules rules) => rules.Grade.Classify(r);

    /// <summary>Grades an inventory; chemicals missing from the catalog are named in <see cref="Gb18218Result.Problems"/> and left out.</summary>
    public static Gb18218Result Assess(IEnumerable<InventoryItem> inventory, int peopleWithin500m, ChemicalCatalog catalog, Gb18218Rules rules)
    {
        var terms = new List<Gb18218Term>();
        var problems = new List<string>();
        foreach (var item in inventory)
        {
            if (!catalog.TryGet(item.Chemical, out var chemical))
            {
                problems.Add($"chemical '{item.Chemical}' is not in the chemical catalog {catalog.Version}");
                continue;
            }
            if (!(item.QuantityT >= 0) || !double.IsFinite(item.QuantityT))
            {
                problems.Add($"quantity of '{item.Chemical}' must be a finite number ≥ 0 t, was {item.QuantityT}");
                continue;
            }
            terms.Add(new Gb18218Term(chemical.Id, item.QuantityT, chemical.CriticalQuantityT, chemical.Beta));
        }
        return Assess(terms, peopleWithin500m, rules, problems);
    }

    public static Gb18218Result Assess(IReadOnlyList<Gb18218Term> terms, int peopleWithin500m, Gb18218Rules rules, IReadOnlyList<string>? problems = null)
    {
        double s = 0, weighted = 0;
        foreach (var term in terms)
        {
            s += term.Ratio;
            weighted += term.Weighted;
        }
        var alpha = Alpha(peopleWithin500m, rules);
        var r = alpha * weighted;
        int? grade = s >= rules.MajorThresholdS ? Grade(r, rules) : null;
        var level = grade is { } g ? rules.ColourOf(g) : rules.NotMajorColour;
        return new Gb18218Result(terms, s, alpha, r, grade, level, problems ?? []);
    }
}
