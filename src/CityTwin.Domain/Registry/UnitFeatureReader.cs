using System.Text.Json;
using CityTwin.Domain.Units;
using NetTopologySuite.Geometries;

namespace CityTwin.Domain.Registry;

/// <summary>
/// Reads one unit from its GeoJSON feature and its details object, collecting every problem with the
/// unit's code and the field's name rather than stopping at the first.
/// </summary>
internal sealed class UnitFeatureReader(List<BundleProblem> problems)
{
    private string _unit = "?";

    public Unit? Read(JsonElement feature, JsonElement? details, string where)
    {
        _unit = where;
        if (feature.ValueKind != JsonValueKind.Object || !feature.TryGetProperty("properties", out var props) || props.ValueKind != JsonValueKind.Object)
        {
            Add(ProblemKind.Malformed, "properties", "a unit feature needs a 'properties' object");
            return null;
        }

        var code = String(props, "code", required: true);
        if (code is not null)
        {
            _unit = code;
            if (UnitCode.Problem(code) is { } why) Add(ProblemKind.InvalidValue, "code", why);
        }
        var kindName = String(props, "kind", required: true);
        UnitKind kind = default;
        if (kindName is not null && !UnitKinds.TryParse(kindName, out kind))
        {
            Add(ProblemKind.InvalidValue, "kind", $"'{kindName}' is not one of {string.Join(", ", UnitKinds.Names)}");
            kindName = null;
        }
        var name = String(props, "name", required: true);
        var parent = String(props, "parent", required: false);
        var path = String(props, "path", required: false) ?? "";
        var people = Int(props, "people") ?? 0;
        if (people < 0) Add(ProblemKind.InvalidValue, "people", "must not be negative");
        var geometry = ReadGeometry(feature);

        if (props.TryGetProperty("details", out var inline) && inline.ValueKind == JsonValueKind.Object) details ??= inline;

        if (code is null || kindName is null || name is null || geometry is null) return null;

        var unit = new Unit { Code = code, Kind = kind, Name = name, Parent = parent, Path = path, Geometry = geometry, People = people };
        return kind switch
        {
            UnitKind.Town => unit with { Town = new TownProfile(Enum(props, "townType", JsonNames.TownTypes) ?? TownType.Town) },
            UnitKind.Park => unit with { Park = new ParkProfile(Enum(props, "parkType", JsonNames.ParkTypes) ?? ParkType.Industrial, Number(props, "assessmentScore")) },
            UnitKind.Enterprise => unit with { Enterprise = ReadEnterprise(props, details) },
            UnitKind.HazardSource => unit with { HazardSource = ReadHazardSource(details) },
            UnitKind.RescueTeam => unit with { RescueTeam = ReadTeam(props, details) },
            _ => unit,
        };
    }

    private Geometry? ReadGeometry(JsonElement feature)
    {
        if (!feature.TryGetProperty("geometry", out var g) || g.ValueKind != JsonValueKind.Object)
        {
            Add(ProblemKind.MissingField, "geometry", "is missing");
            return null;
        }
        Geometry? geometry;
        try
        {
            geometry = g.Deserialize<Geometry>(BundleJson.Options);
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException or NotSupportedException)
        {
            Add(ProblemKind.BadCoordinates, "geometry", $"is not valid GeoJSON: {e.Message}");
            return null;
        }
        if (geometry is null || geometry.IsEmpty)
        {
            Add(ProblemKind.BadCoordinates, "geometry", "is empty");
            return null;
        }
        if (geometry is not (Point or Polygon or MultiPolygon))
        {
            Add(ProblemKind.BadCoordinates, "geometry", $"must be a Point, Polygon or MultiPolygon, not {geometry.GeometryType}");
            return null;
        }
        foreach (var c in geometry.Coordinates)
        {
            if (!double.IsFinite(c.X) || !double.IsFinite(c.Y) || c.X is < -180 or > 180 || c.Y is < -90 or > 90)
            {
                Add(ProblemKind.BadCoordinates, "geometry", $"coordinate ({c.X}, {c.Y}) is outside WGS84 longitude [-180, 180] / latitude [-90, 90]");
                return null;
            }
        }
        if (geometry is not Point && !geometry.IsValid)
        {
            Add(ProblemKind.BadCoordinates, "geometry", "polygon is not valid (self-intersecting or unclosed ring)");
            return null;
        }
        geometry.SRID = 4326;
        return geometry;
    }

    private EnterpriseProfile? ReadEnterprise(JsonElement props, JsonElement? details)
    {
        var sector = String(props, "sector", required: true);
        var department = String(props, "department", required: true);
        if (sector is not null && !Sectors.All.Contains(sector))
            Add(ProblemKind.InvalidValue, "sector", $"'{sector}' is not one of {string.Join(", ", Sectors.All)}");
        if (department is not null && !Departments.All.Contains(department))
            Add(ProblemKind.InvalidValue, "department", $"'{department}' is not one of {string.Join(", ", Departments.All)}");
        if (sector is null || department is null) return null;

        var profile = new EnterpriseProfile { Sector = sector, Department = department, Benchmark = Bool(props, "benchmark") ?? false };
        if (details is not { } d) return profile;

        if (Object(d, "diagnostic") is { } diag)
        {
            var items = new List<DiagnosticItem>();
            foreach (var (item, i) in Array(diag, "items", "diagnostic.items"))
            {
                var itemCode = String(item, "code", required: true, $"diagnostic.items[{i}].code");
                var count = Number(item, "count", $"diagnostic.items[{i}].count") ?? 1;
                if (itemCode is not null) items.Add(new DiagnosticItem(itemCode, count));
            }
            var vetoes = Array(diag, "vetoes", "diagnostic.vetoes")
                .Select(v => v.Item1.ValueKind == JsonValueKind.String ? v.Item1.GetString()! : null)
                .OfType<string>().ToList();
            var score = Number(diag, "score", "diagnostic.score");
            if (score is < 0 or > 130) Add(ProblemKind.InvalidValue, "diagnostic.score", "must lie between 0 and 130");
            profile = profile with { Diagnostic = new DiagnosticAssessment(score, items, vetoes) };
        }
        if (Object(d, "lec") is { } lec)
        {
            double? l = Number(lec, "l", "lec.l"), e = Number(lec, "e", "lec.e"), c = Number(lec, "c", "lec.c");
            if (l is null || e is null || c is null) Add(ProblemKind.MissingField, "lec", "needs l, e and c");
            else if (l <= 0 || e <= 0 || c <= 0) Add(ProblemKind.InvalidValue, "lec", "l, e and c must be positive");
            else profile = profile with { Lec = new LecAssessment(l.Value, e.Value, c.Value) };
        }
        if (Object(d, "ls") is { } ls)
        {
            int? l = Int(ls, "l", "ls.l"), s = Int(ls, "s", "ls.s");
            if (l is not (>= 1 and <= 5) || s is not (>= 1 and <= 5)) Add(ProblemKind.InvalidValue, "ls", "l and s must be integers 1-5");
            else profile = profile with { Ls = new LsAssessment(l.Value, s.Value) };
        }
        if (Object(d, "coalMine") is { } mine)
        {
            var gas = Enum(mine, "gasClass", JsonNames.GasClasses, "coalMine.gasClass");
            if (gas is null) Add(ProblemKind.MissingField, "coalMine.gasClass", "is missing");
            else profile = profile with { CoalMine = new CoalMineProfile(gas.Value, Bool(mine, "rockBurst") ?? false, Bool(mine, "majorWaterHazard") ?? false) };
        }
        return profile;
    }

    private HazardSourceProfile? ReadHazardSource(JsonElement? details)
    {
        // A hazard source without details is reported by the validator, which sees single upserts too.
        if (details is not { } d) return null;
        var type = String(d, "type", required: true);
        var within = Int(d, "peopleWithin500m") ?? 0;
        if (within < 0) Add(ProblemKind.InvalidValue, "peopleWithin500m", "must not be negative");

        var inventory = new List<InventoryItem>();
        foreach (var (item, i) in Array(d, "inventory", "inventory"))
        {
            var chemical = String(item, "chemical", required: true, $"inventory[{i}].chemical");
            var q = Number(item, "quantityT", $"inventory[{i}].quantityT");
            if (q is null) Add(ProblemKind.MissingField, $"inventory[{i}].quantityT", "is missing");
            if (chemical is not null && q is not null) inventory.Add(new InventoryItem(chemical, q.Value));
        }

        var sensors = new List<Sensor>();
        foreach (var (s, i) in Array(d, "sensors", "sensors"))
        {
            var f = $"sensors[{i}]";
            var code = String(s, "code", required: true, $"{f}.code");
            var kind = String(s, "kind", required: true, $"{f}.kind");
            var unit = String(s, "unit", required: true, $"{f}.unit");
            var min = Number(s, "rangeMin", $"{f}.rangeMin");
            var max = Number(s, "rangeMax", $"{f}.rangeMax");
            if (min is null || max is null) Add(ProblemKind.MissingField, $"{f}.range", "rangeMin and rangeMax are required");
            SetPoints sp = new(null, null, null, null);
            if (Object(s, "setPoints") is { } p)
                sp = new SetPoints(Number(p, "lowLow", $"{f}.setPoints.lowLow"), Number(p, "low", $"{f}.setPoints.low"),
                    Number(p, "high", $"{f}.setPoints.high"), Number(p, "highHigh", $"{f}.setPoints.highHigh"));
            if (code is null || kind is null || unit is null || min is null || max is null) continue;
            sensors.Add(new Sensor
            {
                Code = code, Kind = kind, Unit = unit, RangeMin = min.Value, RangeMax = max.Value, SetPoints = sp,
                Deadband = Number(s, "deadband", $"{f}.deadband"), Mandatory = Bool(s, "mandatory") ?? true,
                Chemical = String(s, "chemical", required: false),
            });
        }

        ResponsiblePersons? responsible = null;
        if (Object(d, "responsible") is { } r)
        {
            var principal = String(r, "principal", required: true, "responsible.principal");
            var technical = String(r, "technical", required: true, "responsible.technical");
            var operational = String(r, "operational", required: true, "responsible.operational");
            if (principal is not null && technical is not null && operational is not null)
                responsible = new ResponsiblePersons(principal, technical, operational);
        }
        if (type is null) return null;
        return new HazardSourceProfile
        {
            Type = type, Pressurised = Bool(d, "pressurised") ?? false, PeopleWithin500m = within,
            Inventory = inventory, Sensors = sensors, Responsible = responsible,
        };
    }

    private RescueTeamProfile ReadTeam(JsonElement props, JsonElement? details)
    {
        var status = Enum(props, "status", JsonNames.TeamStatuses) ?? TeamStatus.Available;
        if (details is not { } d) return new RescueTeamProfile { Status = status };
        var capabilities = new List<string>();
        foreach (var (c, i) in Array(d, "capabilities", "capabilities"))
        {
            var cap = c.ValueKind == JsonValueKind.String ? c.GetString() : null;
            if (cap is null || !Capabilities.All.Contains(cap))
                Add(ProblemKind.InvalidValue, $"capabilities[{i}]", $"must be one of {string.Join(", ", Capabilities.All)}");
            else capabilities.Add(cap);
        }
        var equipment = new List<EquipmentItem>();
        foreach (var (e, i) in Array(d, "equipment", "equipment"))
        {
            var name = String(e, "name", required: true, $"equipment[{i}].name");
            var count = Int(e, "count", $"equipment[{i}].count") ?? 1;
            if (name is not null) equipment.Add(new EquipmentItem(name, count));
        }
        var headcount = Int(d, "headcount") ?? 0;
        if (headcount < 0) Add(ProblemKind.InvalidValue, "headcount", "must not be negative");
        return new RescueTeamProfile { Capabilities = capabilities, Headcount = headcount, Equipment = equipment, Status = status };
    }

    // ---- typed accessors that record a problem naming the field ----

    private void Add(ProblemKind kind, string field, string message) => problems.Add(new BundleProblem(kind, _unit, field, message));

    private string? String(JsonElement o, string name, bool required, string? field = null)
    {
        if (!o.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            if (required) Add(ProblemKind.MissingField, field ?? name, "is missing");
            return null;
        }
        if (v.ValueKind != JsonValueKind.String) { Add(ProblemKind.InvalidValue, field ?? name, "must be a string"); return null; }
        var s = v.GetString();
        if (required && string.IsNullOrWhiteSpace(s)) { Add(ProblemKind.MissingField, field ?? name, "is empty"); return null; }
        return s;
    }

    private double? Number(JsonElement o, string name, string? field = null)
    {
        if (!o.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind != JsonValueKind.Number || !v.TryGetDouble(out var d) || !double.IsFinite(d))
        {
            Add(ProblemKind.InvalidValue, field ?? name, "must be a finite number");
            return null;
        }
        return d;
    }

    private int? Int(JsonElement o, string name, string? field = null)
    {
        if (!o.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt32(out var i))
        {
            Add(ProblemKind.InvalidValue, field ?? name, "must be an integer");
            return null;
        }
        return i;
    }

    private bool? Bool(JsonElement o, string name)
    {
        if (!o.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind is JsonValueKind.True or JsonValueKind.False) return v.GetBoolean();
        Add(ProblemKind.InvalidValue, name, "must be true or false");
        return null;
    }

    private T? Enum<T>(JsonElement o, string name, IReadOnlyDictionary<string, T> names, string? field = null) where T : struct, Enum
    {
        var s = String(o, name, required: false, field);
        if (s is null) return null;
        if (names.TryGetValue(s, out var value)) return value;
        Add(ProblemKind.InvalidValue, field ?? name, $"'{s}' is not one of {string.Join(", ", names.Keys)}");
        return null;
    }

    private JsonElement? Object(JsonElement o, string name)
    {
        if (!o.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind == JsonValueKind.Object) return v;
        Add(ProblemKind.InvalidValue, name, "must be an object");
        return null;
    }

    private IEnumerable<(JsonElement, int)> Array(JsonElement o, string name, string field)
    {
        if (!o.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return [];
        if (v.ValueKind != JsonValueKind.Array) { Add(ProblemKind.InvalidValue, field, "must be an array"); return []; }
        return v.EnumerateArray().Select((e, i) => (e, i)).ToList();
    }
}
