using System.Globalization;
using CityTwin.Domain.Drills.Geo;
using CityTwin.Domain.Drills.Kpis;
using CityTwin.Domain.Drills.Runs;
using CityTwin.Domain.Drills.Scenarios;
using CityTwin.Domain.Risk;
using CityTwin.Domain.Units;
using NetTopologySuite.Geometries;

namespace CityTwin.Domain.Drills.Reports;

/// <summary>Turns a run into its report, rounding for reading (m to 0.1, minutes to 0.01, coordinates to 1e-6).</summary>
public static class DrillReportBuilder
{
    public static DrillReport Build(DrillRun run)
    {
        var s = run.Scenario;
        var kpis = run.Kpis();
        var consequences = run.Consequences.Select(Consequence).ToList();
        var flags = run.Consequences.Aggregate(ValidityFlags.None, (f, c) => f | c.Result.Flags | c.Result.Zones.Aggregate(ValidityFlags.None, (g, z) => g | z.Flags));
        var affected = consequences.SelectMany(c => c.Zones).SelectMany(z => z.Units.Select(u => u.Code))
            .Concat(run.Plan?.Assignments.Select(a => a.TeamCode) ?? [])
            .ToHashSet(StringComparer.Ordinal);
        var places = run.Units.Where(u => u.Code == run.Origin.Code || u.Kind == UnitKind.RescueTeam || affected.Contains(u.Code))
            .OrderBy(u => u.Code, StringComparer.Ordinal).Select(Place).ToList();
        return new DrillReport
        {
            Scenario = new ReportScenario(s.Name, s.Description, s.Seed, s.Start.ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture),
                s.DurationMin, s.StepSeconds, run.Settings.Version, run.Consequences.Count > 0 ? run.Timeline[0].Detail ?? "" : ""),
            Origin = Place(run.Origin),
            Consequences = consequences,
            Dispatch = Dispatch(run),
            Timeline = [.. run.Timeline.OrderBy(e => e.At).ThenBy(e => e.Kind).Select(e => Event(e, s.Start))],
            Kpis = Kpis(kpis, run.Timeline),
            Objectives = [.. s.Objectives.Select(o =>
            {
                var actual = ObjectiveKpis.Read(kpis, o.Kpi);
                return new ReportObjective(o.Kpi, o.WithinMin, o.Text, Min(actual), actual is { } a && a.TotalMinutes <= o.WithinMin + 1e-9);
            })],
            Validity = flags.Explanations(),
            WorldLevels = [.. run.ChainBefore.Select(b => new ReportLevel(b.Code, Kind(b.Kind), b.Name, b.Level.ToString(),
                (run.ChainPeak.GetValueOrDefault(b.Code)?.Level ?? b.Level).ToString(),
                (run.ChainAfter.FirstOrDefault(a => a.Code == b.Code)?.Level ?? b.Level).ToString(),
                R(b.Score, 2), R(run.ChainHighestScore.GetValueOrDefault(b.Code, b.Score), 2), R(run.ChainAfter.FirstOrDefault(a => a.Code == b.Code)?.Score ?? b.Score, 2),
                (run.ChainAfter.FirstOrDefault(a => a.Code == b.Code)?.Version ?? b.Version) - b.Version))],
            Places = places,
        };
    }

    private static string Kind(UnitKind kind) => kind.Name();

    private static ReportPlace Place(Unit u)
    {
        var p = GeoMath.Anchor(u.Geometry);
        return new ReportPlace(u.Code, Kind(u.Kind), u.Name, R(p.X, 6), R(p.Y, 6));
    }

    private static double R(double v, int digits) => Math.Round(v, digits, MidpointRounding.AwayFromZero);

    private static double? Min(TimeSpan? t) => t is { } v ? R(v.TotalMinutes, 2) : null;

    private static List<double[]> Ring(Polygon area) => [.. area.ExteriorRing.Coordinates.Select(p => new[] { R(p.X, 6), R(p.Y, 6) })];

    private static ReportConsequence Consequence(DrillConsequence c)
    {
        var w = c.Weather;
        var weather = string.Create(CultureInfo.InvariantCulture, $"wind {w.Wind10Ms} m/s from {w.WindFromDeg}°, class {w.Stability}, {w.Terrain}");
        var zones = c.Result.Zones.Select((z, i) =>
        {
            var impact = c.Impact.Zones[i];
            var ended = c.EndedAt.TryGetValue(z.Level, out var end) ? R(end.TotalMinutes, 2) : (double?)null;
            var edge = z.ExtentM;
            double? cleared = c.Exposure is null ? null : R(ended is null ? Math.Min(c.ClearedM, edge) : edge, 1);
            var uncleared = c.Exposure is { } exposure && z.Area is not null && ended is null && c.ClearedM > 0
                && exposure.Uncleared(z.Area, c.ClearedM) is Polygon part ? Ring(part) : [];
            return new ReportZone(z.Level.ToString(), z.Criterion, R(z.ExtentM, 1), z.ExtentText, R(z.AreaM2, 0), z.Flags.Codes(),
                R(impact.People, 1), R(impact.OnSitePeople, 1), R(impact.ResidentPeople, 1),
                [.. impact.Units.Select(u => new ReportUnit(u.Code, Kind(u.Kind), u.Name, R(u.Share, 4), R(u.People, 1)))],
                impact.HazardSources, impact.ExposedTeams, z.Area is null ? [] : Ring(z.Area), ended, cleared,
                [.. c.Shrinks.GetValueOrDefault(z.Level, []).Select(x => new ReportShrink(R(x.At.TotalMinutes, 2), x.Quarters, R(x.ClearedM, 1)))],
                uncleared);
        }).ToList();
        return new ReportConsequence(c.Number, c.Label, R(c.At.TotalMinutes, 2), c.SupersededAt is { } at ? R(at.TotalMinutes, 2) : null,
            ScenarioReader.EventTypes.First(p => p.Value == c.Event.Type).Key, c.Event.Material, c.Event.HazardSource, c.Result.Model, weather,
            c.Result.Flags.Codes(), [.. c.Result.Figures.Select(f => new ReportFigure(f.Name, R(f.Value, 4), f.Unit))], zones,
            [.. c.Impact.Domino.Select(d => new ReportDomino(d.Code, d.Name, d.Equipment.ToString(), d.LoadKind.ToString(), R(d.Load, 2), d.Threshold, R(d.DistanceM, 1)))]);
    }

    private static ReportDispatch? Dispatch(DrillRun run)
    {
        if (run.Plan is not { } plan || run.ResponseStart is not { } start) return null;
        var startMin = start.TotalMinutes;
        return new ReportDispatch(R(startMin, 2), R(plan.Staging.X, 6), R(plan.Staging.Y, 6), [.. plan.Slots.Select(x => x.Id)],
            [.. plan.Assignments.Select(a =>
            {
                var actual = run.ActualTravelMin.GetValueOrDefault(FormattableString.Invariant($"{a.TeamCode}|{a.Slot.Id}|{a.DispatchedAtMin:R}"), a.EtaMin);
                return new ReportAssignment(a.TeamCode, a.Slot.Id, a.District, R(a.EtaMin, 2), R(actual, 2), R(a.RoadM, 0),
                    R(startMin + a.DispatchedAtMin, 2), R(startMin + a.DispatchedAtMin + actual, 2), a.Reasons);
            })],
            [.. plan.Unfilled.Select(u => $"{u.Slot.Id} ({string.Join(", ", u.Reasons)})")],
            [.. plan.Excluded.Select(e => $"{e.TeamCode} ({e.Reason})")],
            plan.UnavailableTeams);
    }

    private static ReportEvent Event(TimelineEvent e, DateTimeOffset start) => new(
        R(e.At.TotalMinutes, 2), (start + e.At).ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture), e.Kind.ToString(), e.Subject,
        e.Value is { } v ? R(v, 4) : null, e.Detail, e.Level?.ToString());

    private static ReportKpis Kpis(DrillKpis k, IReadOnlyList<TimelineEvent> timeline) => new(
        Min(k.Detect), Min(k.ReportUnit), Min(k.ReportGovernment), k.ReportGovernmentWithinNorm, Min(k.CityAwareness), Min(k.ResponseStart),
        Min(k.FirstArrival), Min(k.AllRequiredOnScene), Min(k.Cordon), Min(k.Evacuation90), Min(k.Evacuation100), Min(k.LeakControlled),
        Min(k.FireUnderControl),
        [.. k.PeakZoneAreaM2.OrderByDescending(p => p.Key).Select(p => new ReportFigure(p.Key.ToString(), R(p.Value, 0), "m2"))],
        [.. k.PeakZonePeople.OrderByDescending(p => p.Key).Select(p => new ReportFigure(p.Key.ToString(), R(p.Value, 1), "people"))],
        k.SlotsLate, k.SlotsUnfilled, k.TeamsExposed,
        [.. k.Teams.Select(t => new ReportTeamTiming(t.TeamCode, t.SlotId, R(t.DispatchedAt.TotalMinutes, 2), R(t.PlannedEtaMin, 2), t.ActualMin is { } a ? R(a, 2) : null))],
        [.. KpiCalculator.PeopleInZone(timeline.Where(e => e.Subject is null), RiskLevel.Red).Select(p => new[] { R(p.At.TotalMinutes, 2), p.People })]);
}
