using System.Globalization;
using System.Text;
using System.Text.Json;
using CityTwin.Domain.Chemicals;
using CityTwin.Domain.Drills.Dispersion;
using CityTwin.Domain.Drills.Explosion;
using CityTwin.Domain.Drills.Weather;

namespace CityTwin.Domain.Drills.Scenarios;

/// <summary>A read scenario: the scenario when there were no problems, every problem found, and the line map.</summary>
public sealed record ScenarioParse(DrillScenario? Scenario, IReadOnlyList<ScenarioProblem> Problems, JsonLineMap Lines)
{
    public bool Ok => Scenario is not null && Problems.Count == 0;
}

/// <summary>
/// Reads and validates a scenario file (JSON, comments and trailing commas allowed; docs/drills.md). Every problem
/// is collected — unknown fields, wrong types, missing or out-of-range values, materials the event cannot use — each
/// with its field path and line, so a planner fixes the file in one pass. Checks against a city's registry (does the
/// hazard source exist, is the sensor its own) are <see cref="ScenarioCityCheck"/>.
/// </summary>
public static class ScenarioReader
{
    public const string Format = "citytwin-drill/1";
    public const int MaxBytes = 1 << 20;
    public const double MaxDurationMin = 24 * 60;
    public const int MaxSteps = 10_000;
    public const int MaxInjects = 1_000;

    public static readonly IReadOnlyDictionary<string, EventType> EventTypes = new Dictionary<string, EventType>(StringComparer.Ordinal)
    {
        ["toxic-continuous"] = EventType.ToxicContinuous,
        ["toxic-instantaneous"] = EventType.ToxicInstantaneous,
        ["pool-fire"] = EventType.PoolFire,
        ["jet-fire"] = EventType.JetFire,
        ["bleve"] = EventType.Bleve,
        ["vapour-cloud-explosion"] = EventType.VapourCloudExplosion,
    };

    public static readonly IReadOnlyDictionary<string, InjectType> InjectTypes = new Dictionary<string, InjectType>(StringComparer.Ordinal)
    {
        ["sensor-readings"] = InjectType.SensorReadings,
        ["team-unavailable"] = InjectType.TeamUnavailable,
        ["second-release"] = InjectType.SecondRelease,
        ["weather-change"] = InjectType.WeatherChange,
    };

    public static readonly IReadOnlyDictionary<string, BlastMethod> BlastMethods = new Dictionary<string, BlastMethod>(StringComparer.Ordinal)
    {
        ["swisdak"] = BlastMethod.Swisdak, ["mills"] = BlastMethod.Mills, ["safety-assessment"] = BlastMethod.SafetyAssessment,
    };

    private static readonly IReadOnlyDictionary<string, SkyCondition> Skies = new Dictionary<string, SkyCondition>(StringComparer.Ordinal)
    {
        ["day-strong"] = SkyCondition.DayStrong, ["day-moderate"] = SkyCondition.DayModerate, ["day-slight"] = SkyCondition.DaySlight,
        ["night-cloudy"] = SkyCondition.NightCloudy, ["night-clear"] = SkyCondition.NightClear, ["overcast"] = SkyCondition.Overcast,
        ["twilight"] = SkyCondition.Twilight,
    };

    private static readonly IReadOnlyDictionary<string, StabilityClass> Stabilities =
        Enum.GetValues<StabilityClass>().ToDictionary(s => s.ToString(), s => s, StringComparer.Ordinal);

    private static readonly IReadOnlyDictionary<string, Terrain> Terrains = new Dictionary<string, Terrain>(StringComparer.Ordinal)
    {
        ["rural"] = Terrain.Rural, ["urban"] = Terrain.Urban,
    };

    private static readonly IReadOnlyDictionary<string, EndpointSet> EndpointSets = new Dictionary<string, EndpointSet>(StringComparer.Ordinal)
    {
        ["aegl-60"] = EndpointSet.Aegl60, ["aegl-10"] = EndpointSet.Aegl10, ["erpg"] = EndpointSet.Erpg,
    };

    public static ScenarioParse Read(string text, ChemicalCatalog? catalog = null) => Read(Encoding.UTF8.GetBytes(text), catalog);

    public static ScenarioParse Read(byte[] utf8, ChemicalCatalog? catalog = null)
    {
        if (utf8.Length > MaxBytes)
            return new ScenarioParse(null, [new ScenarioProblem("", 0, $"the file is {utf8.Length} bytes; at most {MaxBytes} are accepted")], new JsonLineMap());
        JsonLineMap lines;
        JsonDocument document;
        try
        {
            lines = JsonLineMap.Build(utf8);
            document = JsonDocument.Parse(utf8, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = 32 });
        }
        catch (JsonException e)
        {
            return new ScenarioParse(null, [new ScenarioProblem(e.Path ?? "", (int)(e.LineNumber ?? -1) + 1, $"not valid JSON: {FirstSentence(e.Message)}")], new JsonLineMap());
        }
        using (document)
        {
            var f = new Fields(lines);
            var scenario = f.Scenario(document.RootElement, catalog ?? ChemicalCatalog.Default);
            return new ScenarioParse(f.Problems.Count == 0 ? scenario : null, f.Problems, lines);
        }
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(". ", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }

    /// <summary>Field readers that record a problem (path + line) instead of throwing.</summary>
    private sealed class Fields(JsonLineMap lines)
    {
        public List<ScenarioProblem> Problems { get; } = [];

        public void Problem(string path, string message) => Problems.Add(new ScenarioProblem(path, lines.LineOf(path), message));

        private static string Join(string parent, string name) => parent.Length == 0 ? name : $"{parent}.{name}";

        private bool Object(JsonElement e, string path, IReadOnlyCollection<string> allowed)
        {
            if (e.ValueKind != JsonValueKind.Object)
            {
                Problem(path, $"must be an object, not {Kind(e)}");
                return false;
            }
            foreach (var p in e.EnumerateObject())
                if (!allowed.Contains(p.Name)) Problem(Join(path, p.Name), $"unknown field; expected one of {string.Join(", ", allowed)}");
            return true;
        }

        private static string Kind(JsonElement e) => e.ValueKind switch
        {
            JsonValueKind.Object => "an object", JsonValueKind.Array => "an array", JsonValueKind.String => "a string",
            JsonValueKind.Number => "a number", JsonValueKind.True or JsonValueKind.False => "a boolean", _ => "null",
        };

        private static JsonElement? Get(JsonElement obj, string name) =>
            obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v : null;

        public string? String(JsonElement obj, string parent, string name, bool required, int maxLength = 200)
        {
            var path = Join(parent, name);
            if (Get(obj, name) is not { } v)
            {
                if (required) Problem(path, "is required");
                return null;
            }
            if (v.ValueKind != JsonValueKind.String) { Problem(path, $"must be a string, not {Kind(v)}"); return null; }
            var s = v.GetString()!;
            if (required && s.Trim().Length == 0) { Problem(path, "must not be empty"); return null; }
            if (s.Length > maxLength) { Problem(path, $"is {s.Length} characters; at most {maxLength}"); return null; }
            return s;
        }

        public string? Code(JsonElement obj, string parent, string name, bool required)
        {
            var s = String(obj, parent, name, required, 64);
            if (s is not null && Units.UnitCode.Problem(s) is { } why) { Problem(Join(parent, name), $"'{s}' {why}"); return null; }
            return s;
        }

        public double? Number(JsonElement obj, string parent, string name, bool required, double min, double max, bool minExclusive = false)
        {
            var path = Join(parent, name);
            if (Get(obj, name) is not { } v)
            {
                if (required) Problem(path, "is required");
                return null;
            }
            if (v.ValueKind != JsonValueKind.Number || !v.TryGetDouble(out var d) || !double.IsFinite(d)) { Problem(path, $"must be a number, not {Kind(v)}"); return null; }
            if (d < min || d > max || (minExclusive && d <= min))
            {
                Problem(path, string.Create(CultureInfo.InvariantCulture, $"{d} is out of range: must be {(minExclusive ? "more than" : "at least")} {min} and at most {max}"));
                return null;
            }
            return d;
        }

        public bool? Bool(JsonElement obj, string parent, string name)
        {
            if (Get(obj, name) is not { } v) return null;
            if (v.ValueKind is JsonValueKind.True or JsonValueKind.False) return v.GetBoolean();
            Problem(Join(parent, name), $"must be true or false, not {Kind(v)}");
            return null;
        }

        public T? Choice<T>(JsonElement obj, string parent, string name, bool required, IReadOnlyDictionary<string, T> names) where T : struct
        {
            var s = String(obj, parent, name, required, 64);
            if (s is null) return null;
            if (names.TryGetValue(s, out var value)) return value;
            Problem(Join(parent, name), $"'{s}' is not one of {string.Join(", ", names.Keys)}");
            return null;
        }

        private IEnumerable<(JsonElement Item, string Path)> Array(JsonElement obj, string parent, string name, int max)
        {
            var path = Join(parent, name);
            if (Get(obj, name) is not { } v) yield break;
            if (v.ValueKind != JsonValueKind.Array) { Problem(path, $"must be an array, not {Kind(v)}"); yield break; }
            if (v.GetArrayLength() > max) { Problem(path, $"has {v.GetArrayLength()} items; at most {max}"); yield break; }
            var i = 0;
            foreach (var item in v.EnumerateArray()) yield return (item, $"{path}[{i++}]");
        }

        public DrillScenario? Scenario(JsonElement root, ChemicalCatalog catalog)
        {
            if (!Object(root, "", ["format", "name", "description", "seed", "start", "durationMin", "stepSeconds", "event", "weather", "response", "injects", "objectives"]))
                return null;
            var format = String(root, "", "format", true, 64);
            if (format is not null && format != Format) Problem("format", $"'{format}' is not supported; use \"{Format}\"");
            var name = String(root, "", "name", true);
            var description = String(root, "", "description", false, 4000) ?? "";
            var seed = Number(root, "", "seed", false, int.MinValue, int.MaxValue);
            if (seed is { } s && s != Math.Floor(s)) Problem("seed", "must be a whole number");
            DateTimeOffset? start = null;
            if (String(root, "", "start", true, 64) is { } startText)
            {
                if (DateTimeOffset.TryParseExact(startText, "yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture, DateTimeStyles.None, out var at)
                    && (startText.EndsWith('Z') || startText.Length > 19)) start = at;
                else Problem("start", $"'{startText}' is not a time with its offset, e.g. 2026-06-12T10:00:00+08:00");
            }
            var duration = Number(root, "", "durationMin", false, 0, MaxDurationMin, minExclusive: true) ?? 60;
            var step = Number(root, "", "stepSeconds", false, 1, 3600) ?? 60;
            if (duration * 60 / step > MaxSteps) Problem("stepSeconds", string.Create(CultureInfo.InvariantCulture, $"{duration} min at {step} s makes more than {MaxSteps} steps"));

            var ev = Get(root, "event") is { } e ? Event(e, "event", catalog) : Missing<InitiatingEvent>("event");
            var weather = Get(root, "weather") is { } w ? Weather(w, "weather") : Missing<ScenarioWeather>("weather");
            var response = Get(root, "response") is { } r ? Response(r, "response") : new ResponseSettings();
            var injects = new List<Inject>();
            foreach (var (item, path) in Array(root, "", "injects", MaxInjects))
                if (Inject(item, path, catalog, duration) is { } inject) injects.Add(inject);
            var objectives = new List<Objective>();
            foreach (var (item, path) in Array(root, "", "objectives", 100))
                if (Objective(item, path) is { } objective) objectives.Add(objective);

            if (name is null || start is null || ev is null || weather is null || response is null) return null;
            return new DrillScenario
            {
                Name = name, Description = description, Seed = (int)(seed ?? 0), Start = start.Value, DurationMin = duration, StepSeconds = step,
                Event = ev, Weather = weather, Response = response,
                Injects = [.. injects.OrderBy(i => i.AtMin)], Objectives = objectives,
            };
        }

        private T? Missing<T>(string path) where T : class
        {
            Problem(path, "is required");
            return null;
        }

        private InitiatingEvent? Event(JsonElement e, string path, ChemicalCatalog catalog)
        {
            if (!Object(e, path, ["type", "hazardSource", "material", "amountKg", "rateKgS", "durationMin", "heightM", "poolDiameterM", "endpoints", "blastMethod", "yield"])) return null;
            var type = Choice(e, path, "type", true, EventTypes);
            var source = Code(e, path, "hazardSource", true);
            var material = String(e, path, "material", true, 64);
            var amount = Number(e, path, "amountKg", false, 0, 1e9, minExclusive: true);
            var rate = Number(e, path, "rateKgS", false, 0, 1e6, minExclusive: true);
            var duration = Number(e, path, "durationMin", false, 0, MaxDurationMin, minExclusive: true);
            var height = Number(e, path, "heightM", false, 0, 500) ?? 0;
            var diameter = Number(e, path, "poolDiameterM", false, 0, 500, minExclusive: true);
            var endpoints = Choice(e, path, "endpoints", false, EndpointSets) ?? EndpointSet.Aegl60;
            var blastMethod = Choice(e, path, "blastMethod", false, BlastMethods);
            var yield = Number(e, path, "yield", false, 0, 1, minExclusive: true);

            Chemical? chemical = null;
            if (material is not null && !catalog.TryGet(material, out chemical!))
            {
                Problem(Join(path, "material"), $"'{material}' is not in the chemical catalog");
                chemical = null;
            }
            if (type is { } t)
            {
                void Need(object? value, string field, string why) { if (value is null) Problem(Join(path, field), $"is required for {why}"); }
                void Forbid(object? value, string field, string why) { if (value is not null) Problem(Join(path, field), $"does not apply to {why}"); }
                var kind = EventTypes.First(p => p.Value == t).Key;
                switch (t)
                {
                    case EventType.ToxicContinuous:
                        Need(duration, "durationMin", kind);
                        if (amount is null && rate is null) Problem(Join(path, "amountKg"), $"{kind} needs amountKg or rateKgS (with durationMin)");
                        if (amount is not null && rate is not null) Problem(Join(path, "rateKgS"), "give amountKg or rateKgS, not both");
                        break;
                    case EventType.ToxicInstantaneous:
                        Need(amount, "amountKg", kind); Forbid(rate, "rateKgS", kind); Forbid(duration, "durationMin", kind);
                        break;
                    case EventType.PoolFire:
                        Need(diameter, "poolDiameterM", kind);
                        break;
                    case EventType.JetFire:
                        Need(rate, "rateKgS", kind);
                        break;
                    case EventType.Bleve:
                    case EventType.VapourCloudExplosion:
                        Need(amount, "amountKg", kind); Forbid(rate, "rateKgS", kind);
                        break;
                }
                if (t != EventType.VapourCloudExplosion) { Forbid(blastMethod, "blastMethod", kind); Forbid(yield, "yield", kind); }
                if (chemical is not null)
                {
                    var m = Join(path, "material");
                    if (t is EventType.ToxicContinuous or EventType.ToxicInstantaneous && chemical.Aegl60Ppm is null && chemical.ErpgPpm is null && chemical.Aegl10Ppm is null)
                        Problem(m, $"'{chemical.Id}' has no toxic endpoints (AEGL/ERPG) to draw zones with");
                    if (t is EventType.ToxicContinuous or EventType.ToxicInstantaneous && chemical.MolarMass <= 0)
                        Problem(m, $"'{chemical.Id}' has no molar mass");
                    if (t is EventType.PoolFire && chemical.BurningRateKgPerM2S is null) Problem(m, $"'{chemical.Id}' has no burning rate for a pool fire");
                    if (t is EventType.PoolFire or EventType.JetFire or EventType.VapourCloudExplosion && chemical.HeatOfCombustionKjPerKg is null)
                        Problem(m, $"'{chemical.Id}' has no heat of combustion for {kind}");
                }
            }
            if (type is null || source is null || material is null || chemical is null) return null;
            return new InitiatingEvent
            {
                Type = type.Value, HazardSource = source, Material = material, AmountKg = amount, RateKgS = rate, DurationMin = duration,
                HeightM = height, PoolDiameterM = diameter, Endpoints = endpoints, BlastMethod = blastMethod ?? BlastMethod.Swisdak, Yield = yield,
            };
        }

        private ScenarioWeather? Weather(JsonElement w, string path)
        {
            if (!Object(w, path, ["windSpeedMs", "windFromDeg", "stability", "sky", "terrain", "temperatureC"])) return null;
            var speed = Number(w, path, "windSpeedMs", true, 0, 60);
            var from = Number(w, path, "windFromDeg", true, 0, 360);
            var stability = Choice(w, path, "stability", false, Stabilities);
            var sky = Choice(w, path, "sky", false, Skies);
            if (Get(w, "stability") is null && Get(w, "sky") is null) Problem(Join(path, "stability"), "give a stability class (A–F) or the sky to derive it from");
            if (Get(w, "stability") is not null && Get(w, "sky") is not null) Problem(Join(path, "sky"), "give stability or sky, not both");
            var terrain = Choice(w, path, "terrain", false, Terrains) ?? Terrain.Rural;
            var temperature = Number(w, path, "temperatureC", false, -60, 60);
            if (speed is null || from is null) return null;
            return new ScenarioWeather { WindSpeedMs = speed.Value, WindFromDeg = from.Value, Stability = stability, Sky = sky, Terrain = terrain, TemperatureC = temperature };
        }

        private ResponseSettings? Response(JsonElement r, string path)
        {
            if (!Object(r, path, ["callAtMin", "activationDelayMin", "evacuationRatePerMin", "travelVariation", "controlAfterMin", "rural", "expectedSeriousCasualties"])) return null;
            var d = new ResponseSettings();
            var casualties = Number(r, path, "expectedSeriousCasualties", false, 0, 10_000);
            if (casualties is { } c && c != Math.Floor(c)) Problem(Join(path, "expectedSeriousCasualties"), "must be a whole number");
            return new ResponseSettings
            {
                CallAtMin = Number(r, path, "callAtMin", false, 0, MaxDurationMin),
                ActivationDelayMin = Number(r, path, "activationDelayMin", false, 0, 600) ?? d.ActivationDelayMin,
                EvacuationRatePerMin = Number(r, path, "evacuationRatePerMin", false, 0, 100_000, minExclusive: true) ?? d.EvacuationRatePerMin,
                TravelVariation = Number(r, path, "travelVariation", false, 0, 0.9) ?? d.TravelVariation,
                ControlAfterMin = Number(r, path, "controlAfterMin", false, 0, 600) ?? d.ControlAfterMin,
                Rural = Bool(r, path, "rural") ?? false,
                ExpectedSeriousCasualties = (int)(casualties ?? 0),
            };
        }

        private Inject? Inject(JsonElement i, string path, ChemicalCatalog catalog, double durationMin)
        {
            if (!Object(i, path, ["atMin", "type", "hazardSource", "readings", "team", "reason", "event", "weather"])) return null;
            var at = Number(i, path, "atMin", true, 0, MaxDurationMin);
            if (at is { } a && a > durationMin) Problem(Join(path, "atMin"), string.Create(CultureInfo.InvariantCulture, $"{a} is after the drill ends ({durationMin} min)"));
            var type = Choice(i, path, "type", true, InjectTypes);
            string? source = null, team = null, reason = null;
            var readings = new List<InjectReading>();
            InitiatingEvent? ev = null;
            ScenarioWeather? weather = null;
            var fieldsOk = true;
            void Only(params string[] fields)
            {
                foreach (var p in i.EnumerateObject())
                    if (p.Name is not ("atMin" or "type") && !fields.Contains(p.Name)) Problem(Join(path, p.Name), $"does not apply to a {Get(i, "type")?.GetString()} inject");
            }
            switch (type)
            {
                case InjectType.SensorReadings:
                    Only("hazardSource", "readings");
                    source = Code(i, path, "hazardSource", true);
                    if (Get(i, "readings") is null) Problem(Join(path, "readings"), "is required");
                    foreach (var (item, p) in Array(i, path, "readings", 10_000))
                    {
                        if (!Object(item, p, ["sensor", "value", "fault"])) { fieldsOk = false; continue; }
                        var sensor = String(item, p, "sensor", true, 100);
                        var value = Number(item, p, "value", true, -1e9, 1e9);
                        var fault = Bool(item, p, "fault") ?? false;
                        if (sensor is null || value is null) fieldsOk = false;
                        else readings.Add(new InjectReading(sensor, value.Value, fault));
                    }
                    if (readings.Count == 0) fieldsOk = false;
                    break;
                case InjectType.TeamUnavailable:
                    Only("team", "reason");
                    team = Code(i, path, "team", true);
                    reason = String(i, path, "reason", false, 500);
                    fieldsOk = team is not null;
                    break;
                case InjectType.SecondRelease:
                    Only("event");
                    ev = Get(i, "event") is { } e ? Event(e, Join(path, "event"), catalog) : Missing<InitiatingEvent>(Join(path, "event"));
                    fieldsOk = ev is not null;
                    break;
                case InjectType.WeatherChange:
                    Only("weather");
                    weather = Get(i, "weather") is { } w ? Weather(w, Join(path, "weather")) : Missing<ScenarioWeather>(Join(path, "weather"));
                    fieldsOk = weather is not null;
                    break;
            }
            if (at is null || type is null || !fieldsOk) return null;
            return new Inject { AtMin = at.Value, Type = type.Value, HazardSource = source, Readings = readings, Team = team, Reason = reason, Event = ev, Weather = weather };
        }

        private Objective? Objective(JsonElement o, string path)
        {
            if (!Object(o, path, ["kpi", "withinMin", "text"])) return null;
            var kpi = String(o, path, "kpi", true, 64);
            if (kpi is not null && !ObjectiveKpis.Names.Contains(kpi)) { Problem(Join(path, "kpi"), $"'{kpi}' is not one of {string.Join(", ", ObjectiveKpis.Names)}"); kpi = null; }
            var within = Number(o, path, "withinMin", true, 0, MaxDurationMin);
            var text = String(o, path, "text", false, 500) ?? "";
            return kpi is null || within is null ? null : new Objective(kpi, within.Value, text);
        }
    }
}
