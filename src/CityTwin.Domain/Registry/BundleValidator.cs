using CityTwin.Domain.Chemicals;
using CityTwin.Domain.Units;

namespace CityTwin.Domain.Registry;

/// <summary>
/// Checks a whole bundle before anything is applied: hierarchy (unknown parent, wrong parent kind, cycles,
/// duplicates), codes, chemicals, quantities, sensors and set-points. A valid bundle comes back with every
/// unit's materialised path resolved.
/// </summary>
public static class BundleValidator
{
    public static ValidationResult Validate(CityBundle bundle, ChemicalCatalog? chemicals = null)
    {
        chemicals ??= ChemicalCatalog.Default;
        var problems = new List<BundleProblem>(bundle.Problems);
        var byCode = new Dictionary<string, Unit>(StringComparer.Ordinal);
        foreach (var unit in bundle.Units)
        {
            if (!byCode.TryAdd(unit.Code, unit))
                problems.Add(new BundleProblem(ProblemKind.DuplicateCode, unit.Code, "code", "is used by more than one unit"));
        }

        var cities = bundle.Units.Where(u => u.Kind == UnitKind.City).ToList();
        if (cities.Count != 1)
            problems.Add(new BundleProblem(ProblemKind.InvalidValue, cities.Count == 0 ? "(bundle)" : cities[1].Code, "kind",
                $"a bundle holds exactly one city; found {cities.Count}"));

        var sensorOwners = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var unit in byCode.Values)
        {
            CheckParent(unit, byCode, problems);
            CheckUnit(unit, chemicals, cities.FirstOrDefault()?.Code, sensorOwners, problems);
        }

        var paths = ResolvePaths(byCode, problems);
        if (problems.Count > 0) return new ValidationResult([], problems);
        var resolved = bundle.Units.Select(u => u with { Path = paths[u.Code] })
            .OrderBy(u => u.Path.Count(c => c == UnitPath.Separator)).ThenBy(u => u.Code, StringComparer.Ordinal).ToList();
        return new ValidationResult(resolved, []);
    }

    /// <summary>Checks one unit on its own (fields, chemicals, sensors) — used for single-unit upserts too.</summary>
    public static void CheckUnit(Unit unit, ChemicalCatalog chemicals, string? cityCode, IDictionary<string, string> sensorOwners, List<BundleProblem> problems)
    {
        void Add(ProblemKind k, string field, string message) => problems.Add(new BundleProblem(k, unit.Code, field, message));

        if (unit.Kind is UnitKind.City or UnitKind.District && !UnitCode.IsGb2260(unit.Code))
            Add(ProblemKind.InvalidValue, "code", $"a {unit.Kind.Name()} code must be a six-digit GB/T 2260 code");
        if (unit.Kind == UnitKind.District && cityCode is not null && UnitCode.IsGb2260(cityCode) && UnitCode.IsGb2260(unit.Code) && unit.Code[..4] != cityCode[..4])
            Add(ProblemKind.InvalidValue, "code", $"a district's GB/T 2260 code starts with its city's prefix {cityCode[..4]}");
        if (unit.Kind == UnitKind.Enterprise && unit.Enterprise is null)
            Add(ProblemKind.MissingField, "sector", "an enterprise needs a sector and a supervising department");
        if (unit.Kind == UnitKind.HazardSource && unit.HazardSource is null)
            Add(ProblemKind.MissingField, "details", "a hazard source needs its details (type, inventory, sensors)");
        if (unit.Park is { AssessmentScore: { } score } && score is < 0 or > 100)
            Add(ProblemKind.InvalidValue, "assessmentScore", "must lie between 0 and 100");

        if (unit.HazardSource is not { } hs) return;
        for (var i = 0; i < hs.Inventory.Count; i++)
        {
            var item = hs.Inventory[i];
            if (!chemicals.TryGet(item.Chemical, out _))
                Add(ProblemKind.UnknownChemical, $"inventory[{i}].chemical", $"'{item.Chemical}' is not in the chemical catalog {chemicals.Version}");
            if (item.QuantityT < 0)
                Add(ProblemKind.NegativeQuantity, $"inventory[{i}].quantityT", $"{item.QuantityT} t is negative");
        }
        for (var i = 0; i < hs.Sensors.Count; i++)
        {
            var s = hs.Sensors[i];
            var f = $"sensors[{i}]";
            if (UnitCode.Problem(s.Code) is { } why) Add(ProblemKind.InvalidValue, $"{f}.code", why);
            else if (sensorOwners.TryGetValue(s.Code, out var owner) && owner != unit.Code)
                Add(ProblemKind.DuplicateSensor, $"{f}.code", $"sensor '{s.Code}' is already registered on {owner}");
            else if (sensorOwners.TryGetValue(s.Code, out _))
                Add(ProblemKind.DuplicateSensor, $"{f}.code", $"sensor '{s.Code}' appears twice");
            else sensorOwners[s.Code] = unit.Code;

            if (!(s.RangeMin < s.RangeMax))
                Add(ProblemKind.InvalidValue, $"{f}.range", $"rangeMin {s.RangeMin} must be below rangeMax {s.RangeMax}");
            if (s.Deadband is < 0) Add(ProblemKind.InvalidValue, $"{f}.deadband", "must not be negative");
            var ordered = new (string Name, double? Value)[]
                { ("lowLow", s.SetPoints.LowLow), ("low", s.SetPoints.Low), ("high", s.SetPoints.High), ("highHigh", s.SetPoints.HighHigh) }
                .Where(p => p.Value is not null).ToList();
            for (var k = 1; k < ordered.Count; k++)
            {
                if (ordered[k - 1].Value > ordered[k].Value)
                    Add(ProblemKind.SetPointsOutOfOrder, $"{f}.setPoints",
                        $"{ordered[k - 1].Name} {ordered[k - 1].Value} is above {ordered[k].Name} {ordered[k].Value}");
            }
            foreach (var (name, value) in ordered)
            {
                if (value < s.RangeMin || value > s.RangeMax)
                    Add(ProblemKind.SetPointsOutOfOrder, $"{f}.setPoints.{name}", $"{value} lies outside the instrument range [{s.RangeMin}, {s.RangeMax}]");
            }
        }
    }

    private static void CheckParent(Unit unit, IReadOnlyDictionary<string, Unit> byCode, List<BundleProblem> problems)
    {
        var allowed = unit.Kind.AllowedParents();
        if (unit.Parent is null)
        {
            if (allowed.Count > 0)
                problems.Add(new BundleProblem(ProblemKind.MissingField, unit.Code, "parent", $"a {unit.Kind.Name()} needs a parent ({string.Join(" or ", allowed.Select(k => k.Name()))})"));
            return;
        }
        if (allowed.Count == 0)
        {
            problems.Add(new BundleProblem(ProblemKind.WrongParentKind, unit.Code, "parent", $"a {unit.Kind.Name()} has no parent"));
            return;
        }
        if (!byCode.TryGetValue(unit.Parent, out var parent))
        {
            problems.Add(new BundleProblem(ProblemKind.UnknownParent, unit.Code, "parent", $"'{unit.Parent}' is not a unit of this bundle"));
            return;
        }
        if (!allowed.Contains(parent.Kind))
            problems.Add(new BundleProblem(ProblemKind.WrongParentKind, unit.Code, "parent",
                $"a {unit.Kind.Name()} cannot be under {parent.Kind.Name()} '{parent.Code}' (allowed: {string.Join(", ", allowed.Select(k => k.Name()))})"));
    }

    private static Dictionary<string, string> ResolvePaths(IReadOnlyDictionary<string, Unit> byCode, List<BundleProblem> problems)
    {
        var paths = new Dictionary<string, string>(StringComparer.Ordinal);
        var onCycle = new HashSet<string>(StringComparer.Ordinal);
        foreach (var unit in byCode.Values)
        {
            if (paths.ContainsKey(unit.Code) || onCycle.Contains(unit.Code)) continue;
            var chain = new List<Unit>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var current = unit;
            string? basePath = null;
            while (true)
            {
                if (paths.TryGetValue(current.Code, out var known)) { basePath = known; break; }
                if (!seen.Add(current.Code))
                {
                    var cycle = chain.SkipWhile(u => u.Code != current.Code).Select(u => u.Code).ToList();
                    foreach (var code in cycle.Where(onCycle.Add))
                        problems.Add(new BundleProblem(ProblemKind.Cycle, code, "parent", $"is part of a cycle: {string.Join(" -> ", cycle)} -> {cycle[0]}"));
                    chain.Clear();
                    break;
                }
                chain.Add(current);
                if (current.Parent is null || !byCode.TryGetValue(current.Parent, out var parent)) break;
                current = parent;
            }
            for (var i = chain.Count - 1; i >= 0; i--)
            {
                basePath = UnitPath.Child(basePath, chain[i].Code);
                paths[chain[i].Code] = basePath;
            }
        }
        return paths;
    }
}

/// <summary>Either the bundle's units with paths resolved (parents before children), or its problems.</summary>
public sealed record ValidationResult(IReadOnlyList<Unit> Units, IReadOnlyList<BundleProblem> Problems)
{
    public bool IsValid => Problems.Count == 0;
}
