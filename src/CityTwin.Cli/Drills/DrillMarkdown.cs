using System.Globalization;
using System.Text;
using CityTwin.Domain.Drills.Reports;

namespace CityTwin.Cli.Drills;

/// <summary>The report a planner reads, as Markdown: what happened, who was threatened, who went where, how it went.</summary>
public static class DrillMarkdown
{
    public static string Render(DrillReport r, string? drillId = null, string? startedBy = null, string? mapFile = null)
    {
        var md = new StringBuilder();
        void Line(string s = "") => md.Append(s).Append('\n');
        string N(double? v, string format = "0.#") => v is { } x ? x.ToString(format, CultureInfo.InvariantCulture) : "—";

        Line($"# Drill report: {r.Scenario.Name}");
        Line();
        if (r.Scenario.Description.Length > 0) { Line(r.Scenario.Description); Line(); }
        Line($"- Event: {r.Scenario.Event}");
        Line($"- Origin: {r.Origin.Code} {r.Origin.Name} ({N(r.Origin.Lon, "0.000000")}, {N(r.Origin.Lat, "0.000000")})");
        Line($"- Simulated start: {r.Scenario.Start}; duration {N(r.Scenario.DurationMin)} min in steps of {N(r.Scenario.StepSeconds)} s; seed {r.Scenario.Seed}; model settings {r.Scenario.SettingsVersion}");
        if (drillId is not null) Line($"- Drill: {drillId}" + (startedBy is null ? "" : $", started by {startedBy}"));
        Line();
        Line("## Validity");
        Line();
        if (r.Validity.Count == 0) Line("No validity flags: every result is within its model's stated range.");
        foreach (var v in r.Validity) Line($"- **{v}**");
        Line();
        if (mapFile is not null) { Line($"![map]({mapFile})"); Line(); }

        Line("## Threat zones");
        foreach (var c in r.Consequences)
        {
            Line();
            Line($"### #{c.Number} {c.Label} (t = {N(c.AtMin)} min{(c.SupersededAtMin is { } s ? $", superseded at {N(s)} min" : "")})");
            Line();
            Line($"{c.EventType} of {c.Material} at {c.HazardSource}; {c.Model}; {c.Weather}." + (c.Flags.Count > 0 ? $" Flags: {string.Join(", ", c.Flags)}." : ""));
            Line();
            var toxic = c.Zones.Any(z => z.ClearedM is not null);
            Line("| Zone | Criterion | Extent | Area (km²) | People | On site | Residents | Flags |" + (toxic ? " Cloud passing |" : ""));
            Line("| --- | --- | --- | --- | --- | --- | --- | --- |" + (toxic ? " --- |" : ""));
            foreach (var z in c.Zones)
                Line($"| {z.Level} | {z.Criterion} | {z.ExtentText} | {N(z.AreaM2 / 1e6, "0.###")} | {N(z.People, "0")} | {N(z.OnSitePeople, "0")} | {N(z.ResidentPeople, "0")} | {string.Join(", ", z.Flags)} |"
                    + (toxic ? $" {Passing(z)} |" : ""));
            if (toxic)
            {
                Line();
                Line("Cloud passing: once the release stops, the zone shrinks from the source as the cloud's tail passes (k/4 = the share of its extent passed); people count as inside it only beyond the tail. Evacuation counts everyone who was inside.");
            }
            Line();
            Line("Figures: " + string.Join("; ", c.Figures.Select(f => $"{f.Name} = {N(f.Value, "0.###")} {f.Unit}".TrimEnd())));
            var units = c.Zones.SelectMany(z => z.Units.Select(u => (z.Level, u))).GroupBy(x => x.u.Code).Select(g => g.First()).ToList();
            if (units.Count > 0)
            {
                Line();
                Line("Affected units (innermost zone):");
                Line();
                Line("| Unit | Kind | Name | Zone | Share | People |");
                Line("| --- | --- | --- | --- | --- | --- |");
                foreach (var (level, u) in units.Take(40)) Line($"| {u.Code} | {u.Kind} | {u.Name} | {level} | {N(u.Share * 100, "0")} % | {N(u.People, "0")} |");
                if (units.Count > 40) Line($"| … | | {units.Count - 40} more | | | |");
            }
            var sources = c.Zones.SelectMany(z => z.HazardSources).Distinct().ToList();
            if (sources.Count > 0) { Line(); Line($"Hazard sources inside the zones: {string.Join(", ", sources)}."); }
            var exposed = c.Zones.SelectMany(z => z.ExposedTeams).Distinct().ToList();
            if (exposed.Count > 0) { Line(); Line($"Teams whose base lies inside a zone: {string.Join(", ", exposed)}."); }
            if (c.Domino.Count > 0)
            {
                Line();
                Line("Domino candidates (reported, not chained):");
                Line();
                Line("| Hazard source | Name | Equipment | Load | Threshold | Distance (m) |");
                Line("| --- | --- | --- | --- | --- | --- |");
                foreach (var d in c.Domino) Line($"| {d.Code} | {d.Name} | {d.Equipment} | {N(d.Load, "0.##")} ({d.LoadKind}) | {N(d.Threshold)} | {N(d.DistanceM, "0")} |");
            }
        }
        Line();
        Line("## The drill world's levels (the real grains)");
        Line();
        Line("| Unit | Kind | Name | Before (score) | Highest (score) | At the end (score) | Changes |");
        Line("| --- | --- | --- | --- | --- | --- | --- |");
        foreach (var l in r.WorldLevels)
            Line(string.Create(CultureInfo.InvariantCulture, $"| {l.Code} | {l.Kind} | {l.Name} | {l.Before} ({l.BeforeScore:0.##}) | {l.Peak} ({l.HighestScore:0.##}) | {l.After} ({l.AfterScore:0.##}) | {l.Changes} |"));
        Line();
        Line("## Dispatch");
        Line();
        if (r.Dispatch is not { } d0) Line("The response never started (no alarm reached the city and no call was made).");
        else
        {
            Line($"Response started at {N(d0.StartMin)} min; staging point ({N(d0.StagingLon, "0.000000")}, {N(d0.StagingLat, "0.000000")}); required slots: {string.Join(", ", d0.Slots)}.");
            Line();
            Line("| Team | Slot | District | Dispatched (min) | Planned ETA | Actual | Arrives (min) | Road (km) | Reasons |");
            Line("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
            foreach (var a in d0.Assignments)
                Line($"| {a.Team} | {a.Slot} | {a.District} | {N(a.DispatchedAtMin)} | {N(a.EtaMin)} | {N(a.ActualMin)} | {N(a.ArrivalAtMin)} | {N(a.RoadM / 1000, "0.0")} | {string.Join(", ", a.Reasons)} |");
            if (d0.Unfilled.Count > 0) { Line(); Line($"Unfilled: {string.Join("; ", d0.Unfilled)}."); }
            if (d0.Unavailable.Count > 0) { Line(); Line($"Unavailable (injects): {string.Join(", ", d0.Unavailable)}."); }
            if (d0.Excluded.Count > 0) { Line(); Line($"Not candidates: {string.Join("; ", d0.Excluded)}."); }
        }
        Line();
        Line("## KPIs (minutes after the release)");
        Line();
        var k = r.Kpis;
        Line("| KPI | Value |");
        Line("| --- | --- |");
        Line($"| First alarm (t_detect) | {N(k.DetectMin)} |");
        Line($"| Enterprise level moved (t_report_unit) | {N(k.ReportUnitMin)} |");
        Line($"| District knows (t_report_gov) | {N(k.ReportGovernmentMin)}{(k.ReportGovernmentWithinNorm is { } w ? (w ? " (within 60 min)" : " (LATE: norm 60 min)") : "")} |");
        Line($"| City level moved (awareness) | {N(k.CityAwarenessMin)} |");
        Line($"| Response started | {N(k.ResponseStartMin)} |");
        Line($"| First team on scene | {N(k.FirstArrivalMin)} |");
        Line($"| All required capabilities on scene | {N(k.AllRequiredOnSceneMin)} |");
        Line($"| Cordon | {N(k.CordonMin)} |");
        Line($"| Evacuation 90 % / 100 % | {N(k.Evacuation90Min)} / {N(k.Evacuation100Min)} |");
        Line($"| Leak controlled / fire under control | {N(k.LeakControlledMin)} / {N(k.FireUnderControlMin)} |");
        Line($"| Peak zone area (km²) | {string.Join(", ", k.PeakZoneAreaM2.Select(p => $"{p.Name} {N(p.Value / 1e6, "0.###")}"))} |");
        Line($"| Peak people per zone | {string.Join(", ", k.PeakZonePeople.Select(p => $"{p.Name} {N(p.Value, "0")}"))} |");
        Line($"| Slots late / unfilled | {k.SlotsLate} / {k.SlotsUnfilled} |");
        Line($"| Teams exposed inside zones | {k.TeamsExposed} |");
        Line();
        if (r.Objectives.Count > 0)
        {
            Line("## Objectives");
            Line();
            Line("| Objective | KPI | Target (min) | Actual (min) | Met |");
            Line("| --- | --- | --- | --- | --- |");
            foreach (var o in r.Objectives) Line($"| {o.Text} | {o.Kpi} | {N(o.WithinMin)} | {N(o.ActualMin)} | {(o.Met ? "yes" : "**no**")} |");
            Line();
        }
        Line("## Timeline");
        Line();
        Line("| t (min) | Time | Event | Subject | Value | Detail |");
        Line("| --- | --- | --- | --- | --- | --- |");
        double lastEvacuation = -1;
        foreach (var e in r.Timeline)
        {
            // Evacuation progress is logged every step; the report keeps the quarter marks.
            if (e.Kind == "EvacuationProgress")
            {
                var mark = Math.Floor((e.Value ?? 0) * 4) / 4;
                if (mark <= lastEvacuation && e.Value < 1) continue;
                lastEvacuation = mark;
            }
            if (e.Kind == "ZonePeople" && e.Subject is null) continue;
            Line($"| {N(e.AtMin, "0.##")} | {e.Time} | {e.Kind}{(e.Level is null ? "" : $" ({e.Level})")} | {e.Subject ?? ""} | {(e.Value is { } v ? N(v, "0.###") : "")} | {e.Detail ?? ""} |");
        }
        return md.ToString();
    }

    /// <summary>How a toxic zone shrank while the cloud's tail passed, and when it ended.</summary>
    private static string Passing(ReportZone z)
    {
        static string N(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);
        var steps = (z.Shrinks ?? []).Select(s => $"{s.Quarters}/4 at {N(s.AtMin)} min").ToList();
        if (z.EndedAtMin is { } ended) steps.Add($"ended at {N(ended)} min");
        else if (z.ClearedM is > 0) steps.Add($"tail {N(Math.Round(z.ClearedM.Value))} m downwind at the end");
        return steps.Count == 0 ? "not yet" : string.Join(", ", steps);
    }
}
