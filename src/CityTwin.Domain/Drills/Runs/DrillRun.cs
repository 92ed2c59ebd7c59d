using CityTwin.Domain.Chemicals;
using CityTwin.Domain.Drills.Dispatch;
using CityTwin.Domain.Drills.Dispersion;
using CityTwin.Domain.Drills.Fire;
using CityTwin.Domain.Drills.Geo;
using CityTwin.Domain.Drills.Impact;
using CityTwin.Domain.Drills.Kpis;
using CityTwin.Domain.Drills.Scenarios;
using CityTwin.Domain.Drills.Weather;
using CityTwin.Domain.Drills.Zones;
using CityTwin.Domain.Risk;
using CityTwin.Domain.Units;
using NetTopologySuite.Geometries;

namespace CityTwin.Domain.Drills.Runs;

/// <summary>
/// A drill's simulated course, step by step, as a plain object the drill grain drives: it models the consequences
/// (zones, impact, domino), keeps the timeline, plans and re-plans dispatch, evacuates, and takes what the real
/// grains of the drill world observed (alarms, the roll-up reaching the enterprise, district and city) as the
/// detection and reporting events. Deterministic: the same scenario, snapshot and seed give the same timeline.
/// </summary>
public sealed class DrillRun
{
    private readonly DrillScenario _scenario;
    private readonly DrillSettings _settings;
    private readonly ChemicalCatalog _catalog;
    private readonly ImpactIndex _index;
    private readonly Dictionary<string, Unit> _units;
    private readonly List<Unit> _teams;
    private readonly List<TimelineEvent> _timeline = [];
    private readonly List<DrillConsequence> _consequences = [];
    private readonly List<(TimeSpan At, int Order, Action Act)> _agenda = [];
    private readonly Random _random;
    private readonly HashSet<string> _outBeforeDispatch = new(StringComparer.Ordinal);
    private readonly Dictionary<string, double> _actualTravel = new(StringComparer.Ordinal);
    private readonly HashSet<string> _arrivedSlots = new(StringComparer.Ordinal);
    private int _agendaOrder;
    private WeatherConditions _weather;
    private DispatchRequest? _request;
    private TimeSpan? _responseStart;
    private TimeSpan? _aware;
    private bool _controlScheduled;
    private double _lastEvacuated = -1;
    private double _lastRedPeople = -1;

    public DrillRun(DrillScenario scenario, IReadOnlyList<Unit> snapshot, DrillSettings settings, ChemicalCatalog? catalog = null)
    {
        _scenario = scenario;
        _settings = settings;
        _catalog = catalog ?? ChemicalCatalog.Default;
        _units = snapshot.ToDictionary(u => u.Code, StringComparer.Ordinal);
        _index = new ImpactIndex(snapshot);
        _teams = [.. snapshot.Where(u => u.Kind == UnitKind.RescueTeam && u.RescueTeam is not null).OrderBy(u => u.Code, StringComparer.Ordinal)];
        _random = new Random(scenario.Seed);
        _weather = scenario.Weather.Resolve(settings.Weather);
        Origin = _units.TryGetValue(scenario.Event.HazardSource, out var origin) ? origin
            : throw new ArgumentException($"the snapshot lacks the origin hazard source '{scenario.Event.HazardSource}'", nameof(snapshot));
        Step = TimeSpan.FromSeconds(scenario.StepSeconds);
        Duration = TimeSpan.FromMinutes(scenario.DurationMin);
        foreach (var inject in scenario.Injects.Where(i => i.Type != InjectType.SensorReadings))
            Schedule(TimeSpan.FromMinutes(inject.AtMin), () => Apply(inject));
        if (scenario.Response.CallAtMin is { } call)
            Schedule(TimeSpan.FromMinutes(call), () =>
            {
                Add(new TimelineEvent(Elapsed, TimelineEventKind.Inject, Origin.Code, null, "emergency call (119/110)"));
                if (!_timeline.Any(e => e.Kind == TimelineEventKind.FirstAlarm))
                    Add(new TimelineEvent(Elapsed, TimelineEventKind.FirstAlarm, Origin.Code, null, "emergency call"));
                Aware();
            });
    }

    public DrillScenario Scenario => _scenario;
    public DrillSettings Settings => _settings;
    public Unit Origin { get; }
    public TimeSpan Step { get; }
    public TimeSpan Duration { get; }
    public TimeSpan Elapsed { get; private set; }
    public bool Started { get; private set; }
    public bool Finished => Started && Elapsed >= Duration;
    public DateTimeOffset Now => _scenario.Start + Elapsed;
    public IReadOnlyList<TimelineEvent> Timeline => _timeline;
    public IReadOnlyList<DrillConsequence> Consequences => _consequences;
    public DispatchPlan? Plan { get; private set; }
    public IReadOnlyList<WorldLevel> ChainBefore { get; private set; } = [];
    public IReadOnlyList<WorldLevel> ChainAfter { get; private set; } = [];
    /// <summary>The highest level each chain unit reached during the drill.</summary>
    public IReadOnlyDictionary<string, WorldLevel> ChainPeak => _peak;
    private readonly Dictionary<string, WorldLevel> _peak = new(StringComparer.Ordinal);
    /// <summary>The highest score each chain unit reached (a unit already at Red can still get worse).</summary>
    public IReadOnlyDictionary<string, double> ChainHighestScore => _highestScore;
    private readonly Dictionary<string, double> _highestScore = new(StringComparer.Ordinal);
    public IReadOnlyDictionary<string, double> ActualTravelMin => _actualTravel;
    public TimeSpan? ResponseStart => _responseStart;
    public IReadOnlyCollection<Unit> Units => _units.Values;

    /// <summary>t0: the release. Returns the sensor readings due at t0 for the grain to apply.</summary>
    public IReadOnlyList<Inject> Begin(IReadOnlyList<WorldLevel> chainBefore)
    {
        if (Started) throw new InvalidOperationException("the drill has already begun");
        Started = true;
        ChainBefore = chainBefore;
        ChainAfter = chainBefore;
        foreach (var l in chainBefore)
        {
            _peak[l.Code] = l;
            _highestScore[l.Code] = l.Score;
        }
        Add(new TimelineEvent(TimeSpan.Zero, TimelineEventKind.Release, _scenario.Event.HazardSource, _scenario.Event.MassKg, Describe(_scenario.Event)));
        Model(_scenario.Event, "initial event");
        RunAgenda();
        return DueReadings(TimeSpan.MinValue, TimeSpan.Zero);
    }

    /// <summary>Advances one step (the last step is cut at the drill's end); returns the sensor readings due in it.</summary>
    public IReadOnlyList<Inject> Advance()
    {
        if (!Started) throw new InvalidOperationException("begin the drill first");
        if (Finished) return [];
        var from = Elapsed;
        var to = Elapsed + Step > Duration ? Duration : Elapsed + Step;
        // Agenda items inside the step happen at their own times.
        while (_agenda.Count > 0 && Next().At <= to)
        {
            var item = Next();
            _agenda.Remove(item);
            Elapsed = item.At < from ? from : item.At;
            item.Act();
        }
        Elapsed = to;
        ClearZones();
        Evacuate();
        return [.. DueReadings(from, to), .. PlumeReadings()];
    }

    private readonly Dictionary<string, double> _derived = new(StringComparer.Ordinal);
    private HashSet<string>? _scripted;

    /// <summary>
    /// Readings from the plume (docs/drills-models.md): every toxic-gas detector of the material, on a hazard source
    /// of the snapshot that is not releasing and whose sensors the scenario does not script, reads the summed ground
    /// concentration of the active releases of that material at its source's place now, in its own unit (ppm or
    /// mg/m³), capped at its range; a reading goes in when the value moved (and once back to 0 when the cloud passed).
    /// </summary>
    public IReadOnlyList<Inject> PlumeReadings()
    {
        var toxic = Active.Where(c => c.Exposure is not null).ToList();
        if (toxic.Count == 0) return [];
        _scripted ??= [.. _scenario.Injects.SelectMany(i => i.Readings).Select(r => r.Sensor)];
        var releasing = _consequences.Select(c => c.Event.HazardSource).ToHashSet(StringComparer.Ordinal);
        var materials = toxic.Select(c => c.Event.Material).ToHashSet(StringComparer.Ordinal);
        var injects = new List<Inject>();
        foreach (var unit in _units.Values.Where(u => u.HazardSource is not null && !releasing.Contains(u.Code)).OrderBy(u => u.Code, StringComparer.Ordinal))
        {
            var at = GeoMath.Anchor(unit.Geometry);
            var readings = new List<InjectReading>();
            foreach (var sensor in unit.HazardSource!.Sensors)
            {
                if (sensor.Kind != "toxic-gas" || sensor.Chemical is not { } material || !materials.Contains(material) || _scripted.Contains(sensor.Code)) continue;
                var kgM3 = toxic.Where(c => c.Event.Material == material).Sum(c => c.Exposure!.ConcentrationKgM3(at, (Elapsed - c.ReleasedAt).TotalSeconds));
                var exposure = toxic.First(c => c.Event.Material == material).Exposure!;
                double? value = sensor.Unit switch
                {
                    "ppm" => exposure.Ppm(kgM3),
                    "mg/m3" => ToxicExposure.MgM3(kgM3),
                    _ => null,
                };
                if (value is not { } v) continue;
                v = Math.Round(Math.Clamp(v, sensor.RangeMin, sensor.RangeMax), 3);
                var last = _derived.GetValueOrDefault(sensor.Code);
                if (v == last) continue;
                _derived[sensor.Code] = v;
                readings.Add(new InjectReading(sensor.Code, v));
            }
            if (readings.Count == 0) continue;
            injects.Add(new Inject { AtMin = Elapsed.TotalMinutes, Type = InjectType.SensorReadings, HazardSource = unit.Code, Readings = readings });
            Add(new TimelineEvent(Elapsed, TimelineEventKind.PlumeReadings, unit.Code, readings.Count,
                FormattableString.Invariant($"highest {readings.Max(r => r.Value)} ({string.Join(", ", readings.Select(r => r.Sensor))})")));
        }
        return injects;
    }

    /// <summary>
    /// After a toxic release stops, its cloud's tail moves downwind (docs/drills-models.md): each zone shrinks to the
    /// part beyond the cleared distance — a ZoneShrank event (value = cleared distance, m) in the step the tail passes
    /// another quarter of the zone's extent — and ends when the tail passes its far edge (ZoneEnded).
    /// </summary>
    private void ClearZones()
    {
        foreach (var c in Active.Where(c => c.Exposure is not null))
        {
            var t = (Elapsed - c.ReleasedAt).TotalSeconds;
            c.ClearedM = c.Exposure!.ClearedToM(t);
            foreach (var zone in c.Result.Zones.Where(z => z.ExtentM > 0 && !c.EndedAt.ContainsKey(z.Level)))
            {
                var edge = Math.Min(zone.ExtentM, _settings.Dispersion.SearchMaxM);
                if (t >= c.Exposure.EndsAfterS(edge))
                {
                    c.EndedAt[zone.Level] = Elapsed;
                    Add(new TimelineEvent(Elapsed, TimelineEventKind.ZoneEnded, c.Event.HazardSource, null, $"#{c.Number} {zone.Criterion}", zone.Level));
                    continue;
                }
                // The quarter marks use EndsAfterS, the same clock as the end: the tail passes k/4 of X at EndsAfterS(k·X/4).
                var quarters = Enumerable.Range(1, 3).LastOrDefault(k => t >= c.Exposure.EndsAfterS(k * edge / 4));
                if (!c.Shrinks.TryGetValue(zone.Level, out var shrinks)) c.Shrinks[zone.Level] = shrinks = [];
                if (quarters <= (shrinks.Count > 0 ? shrinks[^1].Quarters : 0)) continue;
                shrinks.Add(new ZoneShrink(Elapsed, quarters, c.ClearedM));
                Add(new TimelineEvent(Elapsed, TimelineEventKind.ZoneShrank, c.Event.HazardSource, Math.Round(c.ClearedM, 1),
                    FormattableString.Invariant($"#{c.Number} {zone.Criterion}: the tail has passed {quarters}/4 of it"), zone.Level));
            }
        }
    }

    /// <summary>What the drill world's grains showed after the step settled.</summary>
    public void Observe(DrillObservation observation)
    {
        ChainAfter = observation.Chain;
        foreach (var l in observation.Chain)
        {
            if (!_peak.TryGetValue(l.Code, out var p) || l.Level > p.Level) _peak[l.Code] = l;
            if (!_highestScore.TryGetValue(l.Code, out var h) || l.Score > h) _highestScore[l.Code] = l.Score;
        }
        if (observation.AlarmSubject is { } subject && !_timeline.Any(e => e.Kind == TimelineEventKind.FirstAlarm && e.Detail != "emergency call"))
        {
            if (!_timeline.Any(e => e.Kind == TimelineEventKind.FirstAlarm))
                Add(new TimelineEvent(Elapsed, TimelineEventKind.FirstAlarm, subject, null, "sensor alarm"));
            else Add(new TimelineEvent(Elapsed, TimelineEventKind.Inject, subject, null, "sensor alarm"));
        }
        if (observation.EnterpriseMoved) Once(TimelineEventKind.ReportToUnit, Origin.Parent, "the enterprise's level moved");
        if (observation.DistrictMoved) Once(TimelineEventKind.ReportToGovernment, DistrictCode, "the alarm reached the district (county-level government)");
        if (observation.CityMoved)
        {
            Once(TimelineEventKind.CityAwareness, CityCode, "the alarm reached the city's picture");
            Aware();
        }
        RunAgenda();
    }

    private string? CityCode => UnitPath.Codes(Origin.Path) is { Length: > 0 } c ? c[0] : null;
    private string? DistrictCode => UnitPath.Codes(Origin.Path) is { Length: > 1 } c ? c[1] : null;

    private void Once(TimelineEventKind kind, string? subject, string detail)
    {
        if (!_timeline.Any(e => e.Kind == kind)) Add(new TimelineEvent(Elapsed, kind, subject, null, detail));
    }

    /// <summary>Runs agenda items due at the current time (after an observation).</summary>
    private void RunAgenda()
    {
        while (_agenda.Count > 0 && Next().At <= Elapsed)
        {
            var item = Next();
            _agenda.Remove(item);
            item.Act();
        }
    }

    private (TimeSpan At, int Order, Action Act) Next() => _agenda.OrderBy(a => a.At).ThenBy(a => a.Order).First();

    private void Schedule(TimeSpan at, Action act) => _agenda.Add((at, _agendaOrder++, act));

    private void Add(TimelineEvent e) => _timeline.Add(e);

    private IReadOnlyList<Inject> DueReadings(TimeSpan from, TimeSpan to) =>
        [.. _scenario.Injects.Where(i => i.Type == InjectType.SensorReadings
            && TimeSpan.FromMinutes(i.AtMin) > from && TimeSpan.FromMinutes(i.AtMin) <= to)];

    private void Aware()
    {
        if (_aware is not null) return;
        _aware = Elapsed;
        Schedule(Elapsed + TimeSpan.FromMinutes(_scenario.Response.ActivationDelayMin), StartResponse);
    }

    private void Apply(Inject inject)
    {
        switch (inject.Type)
        {
            case InjectType.SecondRelease when inject.Event is { } ev:
                Add(new TimelineEvent(Elapsed, TimelineEventKind.Release, ev.HazardSource, ev.MassKg, "second release: " + Describe(ev)));
                Model(ev, $"second release at {inject.AtMin:0.#} min");
                Replan("zones changed");
                break;
            case InjectType.WeatherChange when inject.Weather is { } w:
                _weather = w.Resolve(_settings.Weather);
                Add(new TimelineEvent(Elapsed, TimelineEventKind.WeatherChanged, null, _weather.Wind10Ms,
                    FormattableString.Invariant($"wind {_weather.Wind10Ms} m/s from {_weather.WindFromDeg}°, class {_weather.Stability}")));
                foreach (var c in _consequences.Where(c => c.SupersededAt is null && c.Event.IsToxic).ToList())
                {
                    c.SupersededAt = Elapsed;
                    Model(c.Event, $"{c.Label}, redrawn after the weather change at {inject.AtMin:0.#} min", c.ReleasedAt);
                }
                break;
            case InjectType.TeamUnavailable when inject.Team is { } team:
                Add(new TimelineEvent(Elapsed, TimelineEventKind.TeamUnavailable, team, null, inject.Reason ?? "inject"));
                if (Plan is null || _request is null) _outBeforeDispatch.Add(team);
                else if (Plan.Assignments.Any(a => a.TeamCode == team)) Redispatch(team);
                else Plan = Plan with { UnavailableTeams = [.. Plan.UnavailableTeams.Append(team).Distinct(StringComparer.Ordinal)] };
                break;
        }
    }

    private static string Describe(InitiatingEvent e)
    {
        var type = ScenarioReader.EventTypes.First(p => p.Value == e.Type).Key;
        return FormattableString.Invariant($"{type} of {e.Material} at {e.HazardSource}");
    }

    /// <summary>Draws the zones of an event under the current weather, with impact and domino, and records them.</summary>
    private void Model(InitiatingEvent ev, string label, TimeSpan? releasedAt = null)
    {
        var source = _units.TryGetValue(ev.HazardSource, out var unit) ? GeoMath.Anchor(unit.Geometry) : GeoMath.Anchor(Origin.Geometry);
        var result = Compute(ev, _weather, source, _settings, _catalog);
        var impact = _index.Assess(result, _settings, ev.HazardSource);
        var c = new DrillConsequence(_consequences.Count + 1, label, Elapsed, ev, _weather, result, impact)
        {
            ReleasedAt = releasedAt ?? Elapsed,
            Exposure = ev.IsToxic ? new ToxicExposure(Release(ev), _weather, source, _catalog.Get(ev.Material), _settings) : null,
        };
        _consequences.Add(c);
        foreach (var (zone, i) in result.Zones.Select((z, i) => (z, i)))
        {
            Add(new TimelineEvent(Elapsed, TimelineEventKind.ZoneArea, ev.HazardSource, zone.AreaM2, $"#{c.Number} {zone.Criterion}", zone.Level));
            Add(new TimelineEvent(Elapsed, TimelineEventKind.ZonePeople, ev.HazardSource, impact.Zones[i].People, $"#{c.Number} {zone.Criterion}", zone.Level));
        }
        foreach (var team in impact.Zones.Where(z => z.Level is RiskLevel.Red or RiskLevel.Orange).SelectMany(z => z.ExposedTeams).Distinct(StringComparer.Ordinal))
            Add(new TimelineEvent(Elapsed, TimelineEventKind.TeamExposed, team, null, $"inside zone #{c.Number}"));
    }

    /// <summary>
    /// How far the drill can reach (m): the largest zone extent of any of its releases under any of its weathers
    /// (capped at the models' 10 km range), plus <paramref name="marginM"/>. The drill world copies what lies within.
    /// </summary>
    public static double ReachM(DrillScenario scenario, Point origin, DrillSettings settings, double marginM = 1_000, ChemicalCatalog? catalog = null)
    {
        catalog ??= ChemicalCatalog.Default;
        var events = scenario.Injects.Where(i => i.Event is not null).Select(i => i.Event!).Prepend(scenario.Event).ToList();
        var weathers = scenario.Injects.Where(i => i.Weather is not null).Select(i => i.Weather!).Prepend(scenario.Weather)
            .Select(w => w.Resolve(settings.Weather)).ToList();
        var extent = 0.0;
        foreach (var ev in events)
            foreach (var w in ev.IsToxic ? weathers : weathers.Take(1))
                extent = Math.Max(extent, Compute(ev, w, origin, settings, catalog).Zones.Max(z => Math.Min(z.ExtentM, settings.Dispersion.BeyondRangeAboveM)));
        return extent + marginM;
    }

    private static ToxicRelease Release(InitiatingEvent ev) => ev.Type == EventType.ToxicContinuous
        ? new ToxicRelease(ev.Material, ev.MassKg, (ev.DurationMin ?? 0) * 60, ReleaseMode.Continuous, ev.HeightM, ev.Endpoints)
        : new ToxicRelease(ev.Material, ev.MassKg, 0, ReleaseMode.Instantaneous, ev.HeightM, ev.Endpoints);

    public static ConsequenceResult Compute(InitiatingEvent ev, WeatherConditions weather, Point source, DrillSettings settings, ChemicalCatalog catalog)
    {
        var chemical = catalog.Get(ev.Material);
        return ev.Type switch
        {
            EventType.ToxicContinuous or EventType.ToxicInstantaneous => ConsequenceZones.ToxicRelease(Release(ev), weather, source, settings, catalog),
            EventType.PoolFire => ConsequenceZones.PoolFire(PoolFire.Of(chemical, ev.PoolDiameterM ?? 10), source, settings),
            EventType.JetFire => ConsequenceZones.JetFire(JetFire.Of(chemical, ev.RateKgS ?? 1), source, settings),
            EventType.Bleve => ConsequenceZones.Bleve(ev.MassKg, source, settings),
            _ => ConsequenceZones.Explosion(ev.BlastMethod, ev.MassKg, chemical.HeatOfCombustionKjPerKg ?? 0, source, settings, ev.Yield),
        };
    }

    private IReadOnlyList<DrillConsequence> Active => [.. _consequences.Where(c => c.SupersededAt is null)];

    private static ScenarioKind KindOf(EventType type) => type switch
    {
        EventType.ToxicContinuous or EventType.ToxicInstantaneous => ScenarioKind.ToxicRelease,
        EventType.VapourCloudExplosion => ScenarioKind.Explosion,
        _ => ScenarioKind.Fire,
    };

    private DispatchRequest Request()
    {
        var active = Active;
        var zones = active.SelectMany(c => c.Result.Zones).Where(z => z.Area is not null).Select(z => (Geometry)z.Area!).ToList();
        var reds = active.Select(c => c.Result.Red?.Area).OfType<Polygon>().ToList();
        Geometry? hot = reds.Count switch { 0 => null, 1 => reds[0], _ => NetTopologySuite.Operation.Union.CascadedPolygonUnion.Union(reds.ToArray()) };
        var teams = _teams.Select(t => _outBeforeDispatch.Contains(t.Code) ? t with { RescueTeam = t.RescueTeam! with { Status = TeamStatus.Unavailable } } : t).ToList();
        return new DispatchRequest(KindOf(_scenario.Event.Type), GeoMath.Anchor(Origin.Geometry), _weather.WindFromDeg, teams, zones, hot,
            _scenario.Response.Rural, _scenario.Response.ExpectedSeriousCasualties);
    }

    private void StartResponse()
    {
        _responseStart = Elapsed;
        Add(new TimelineEvent(Elapsed, TimelineEventKind.ResponseStarted, CityCode, null, "plan activated; warning issued, evacuation starts"));
        _request = Request();
        Plan = Dispatcher.Plan(_request, _settings);
        foreach (var a in Plan.Assignments) Dispatched(a);
        foreach (var u in Plan.Unfilled) Add(new TimelineEvent(Elapsed, TimelineEventKind.SlotUnfilled, null, null, u.Slot.Id));
        Evacuate();
    }

    private void Dispatched(TeamAssignment a)
    {
        var key = Key(a);
        var actual = a.EtaMin * (1 + _scenario.Response.TravelVariation * (2 * _random.NextDouble() - 1));
        _actualTravel[key] = actual;
        Add(new TimelineEvent(Elapsed, TimelineEventKind.TeamDispatched, a.TeamCode, a.EtaMin, a.Slot.Id));
        if (a.Late) Add(new TimelineEvent(Elapsed, TimelineEventKind.SlotLate, a.TeamCode, a.EtaMin, a.Slot.Id));
        Schedule(Elapsed + TimeSpan.FromMinutes(actual), () => Arrived(a, key));
    }

    private static string Key(TeamAssignment a) => FormattableString.Invariant($"{a.TeamCode}|{a.Slot.Id}|{a.DispatchedAtMin:R}");

    private void Arrived(TeamAssignment a, string key)
    {
        if (Plan is null || !Plan.Assignments.Any(x => Key(x) == key)) return; // re-planned away before arriving
        if (!_timeline.Any(e => e.Kind == TimelineEventKind.TeamArrived))
            Add(new TimelineEvent(Elapsed, TimelineEventKind.CordonEstablished, a.TeamCode, null, "first team on scene sets the cordon"));
        Add(new TimelineEvent(Elapsed, TimelineEventKind.TeamArrived, a.TeamCode, null, a.Slot.Id));
        _arrivedSlots.Add(a.Slot.Id);
        if (_controlScheduled) return;
        var control = _scenario.Event.IsToxic ? Capabilities.Hazmat : Capabilities.Fire;
        var needed = Plan.Slots.Where(s => s.Capability == control).Select(s => s.Id).ToList();
        if (needed.Count > 0 && needed.All(_arrivedSlots.Contains))
        {
            _controlScheduled = true;
            var kind = _scenario.Event.IsToxic ? TimelineEventKind.LeakControlled : TimelineEventKind.FireUnderControl;
            Schedule(Elapsed + TimeSpan.FromMinutes(_scenario.Response.ControlAfterMin),
                () => Add(new TimelineEvent(Elapsed, kind, _scenario.Event.HazardSource, null, $"{control} teams on scene for {_scenario.Response.ControlAfterMin:0.#} min")));
        }
    }

    private void Redispatch(string team)
    {
        var atMin = (Elapsed - _responseStart!.Value).TotalMinutes;
        var before = Plan!.Assignments.Select(Key).ToHashSet(StringComparer.Ordinal);
        Plan = Dispatcher.Replan(Plan, _request!, team, atMin, _settings);
        foreach (var a in Plan.Assignments.Where(a => !before.Contains(Key(a)))) Dispatched(a);
        foreach (var u in Plan.Unfilled.Where(u => u.Reasons.Contains(DispatchReasons.Redispatch)))
            Add(new TimelineEvent(Elapsed, TimelineEventKind.SlotUnfilled, null, null, u.Slot.Id));
    }

    /// <summary>Zones changed after dispatch: assignments stand [DESIGN]; staging and exclusions are re-judged only for new dispatches.</summary>
    private void Replan(string why)
    {
        if (Plan is null) return;
        _request = Request();
        Add(new TimelineEvent(Elapsed, TimelineEventKind.Inject, null, null, $"{why}; assignments stand"));
    }

    /// <summary>
    /// People per unit to evacuate from the zones of the given levels (the largest share over the active consequences):
    /// the whole footprints, also where the cloud has passed and after the zones ended — everyone who was in the zone.
    /// </summary>
    public IReadOnlyDictionary<string, double> EvacuationPopulation(params RiskLevel[] levels) => Population(levels, whole: true);

    /// <summary>People per unit in the zones of the given levels now: without ended zones, and without what the toxic cloud's tail has passed.</summary>
    public IReadOnlyDictionary<string, double> PeopleInZones(params RiskLevel[] levels) => Population(levels, whole: false);

    private SortedDictionary<string, double> Population(RiskLevel[] levels, bool whole)
    {
        var people = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var c in Active)
            foreach (var (zone, i) in c.Result.Zones.Select((z, i) => (z, i)).Where(x => levels.Contains(x.z.Level)))
            {
                if (!whole && c.EndedAt.ContainsKey(zone.Level)) continue;
                var impact = !whole && c.Exposure is { } exposure && c.ClearedM > 0 && zone.Area is not null
                    ? _index.Assess(zone.Level, exposure.Uncleared(zone.Area, c.ClearedM), _settings.Impact)
                    : c.Impact.Zones[i];
                foreach (var u in impact.Units.Where(u => u.People > 0))
                    people[u.Code] = Math.Max(people.GetValueOrDefault(u.Code), u.People);
            }
        return people;
    }

    private void Evacuate()
    {
        if (_responseStart is not { } warning) return;
        var minutes = (Elapsed - warning).TotalMinutes;
        var rate = _scenario.Response.EvacuationRatePerMin;
        var population = EvacuationPopulation(RiskLevel.Red, RiskLevel.Orange).Values.ToList();
        var fraction = Math.Round(Evacuation.FractionAt(population, rate, minutes), 4);
        if (fraction != _lastEvacuated && _lastEvacuated < 1)
        {
            _lastEvacuated = fraction;
            Add(new TimelineEvent(Elapsed, TimelineEventKind.EvacuationProgress, null, fraction, FormattableString.Invariant($"{population.Sum():0} people in red and orange zones")));
        }
        // Where the cloud has passed (and in an ended red zone) nobody is in danger any more.
        var red = PeopleInZones(RiskLevel.Red).Values.Sum(p => Math.Max(0, p - rate * minutes));
        red = Math.Round(red, 1);
        if (red != _lastRedPeople)
        {
            _lastRedPeople = red;
            Add(new TimelineEvent(Elapsed, TimelineEventKind.ZonePeople, null, red, "people still in the red zone", RiskLevel.Red));
        }
    }

    /// <summary>The KPIs of the timeline so far (§8.5).</summary>
    public DrillKpis Kpis() => KpiCalculator.Compute(_timeline, Plan?.Slots.Select(s => s.Id).ToList() ?? []);
}
