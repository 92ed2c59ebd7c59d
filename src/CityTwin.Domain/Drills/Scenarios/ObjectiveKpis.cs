using CityTwin.Domain.Drills.Kpis;

namespace CityTwin.Domain.Drills.Scenarios;

/// <summary>The KPIs an objective may name, and how to read each from <see cref="DrillKpis"/> (time after t0).</summary>
public static class ObjectiveKpis
{
    private static readonly (string Name, Func<DrillKpis, TimeSpan?> Read)[] Table =
    [
        ("detect", k => k.Detect),
        ("reportUnit", k => k.ReportUnit),
        ("reportGovernment", k => k.ReportGovernment),
        ("cityAwareness", k => k.CityAwareness),
        ("responseStart", k => k.ResponseStart),
        ("firstArrival", k => k.FirstArrival),
        ("allRequiredOnScene", k => k.AllRequiredOnScene),
        ("cordon", k => k.Cordon),
        ("evacuation90", k => k.Evacuation90),
        ("evacuation100", k => k.Evacuation100),
        ("leakControlled", k => k.LeakControlled),
        ("fireUnderControl", k => k.FireUnderControl),
    ];

    public static IReadOnlyList<string> Names { get; } = [.. Table.Select(t => t.Name)];

    public static TimeSpan? Read(DrillKpis kpis, string name) => Table.First(t => t.Name == name).Read(kpis);
}
