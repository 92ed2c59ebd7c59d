using CityTwin.Domain.Units;

namespace CityTwin.Domain.Drills.Scenarios;

/// <summary>
/// The checks of a scenario against a city's registry: every hazard source exists and is one, every sensor belongs
/// to its source, every team is a rescue team. Problems carry the field and line like the file's own.
/// </summary>
public static class ScenarioCityCheck
{
    public static async Task<IReadOnlyList<ScenarioProblem>> ProblemsAsync(DrillScenario scenario, JsonLineMap lines, Func<string, Task<Unit?>> lookup)
    {
        var problems = new List<ScenarioProblem>();
        void Problem(string path, string message) => problems.Add(new ScenarioProblem(path, lines.LineOf(path), message));

        async Task<Unit?> Source(string code, string path)
        {
            var unit = await lookup(code);
            if (unit is null) Problem(path, $"hazard source '{code}' is not in the city's registry");
            else if (unit.Kind != UnitKind.HazardSource) { Problem(path, $"'{code}' is a {unit.Kind}, not a hazard source"); return null; }
            return unit;
        }

        await Source(scenario.Event.HazardSource, "event.hazardSource");
        for (var i = 0; i < scenario.Injects.Count; i++)
        {
            var inject = scenario.Injects[i];
            var path = $"injects[{i}]";
            switch (inject.Type)
            {
                case InjectType.SensorReadings when inject.HazardSource is { } code:
                    if (await Source(code, $"{path}.hazardSource") is { } source)
                    {
                        var sensors = source.HazardSource?.Sensors.Select(s => s.Code).ToHashSet(StringComparer.Ordinal) ?? [];
                        for (var r = 0; r < inject.Readings.Count; r++)
                            if (!sensors.Contains(inject.Readings[r].Sensor))
                                Problem($"{path}.readings[{r}].sensor", $"sensor '{inject.Readings[r].Sensor}' is not one of {code}'s sensors");
                    }
                    break;
                case InjectType.TeamUnavailable when inject.Team is { } team:
                    var unit = await lookup(team);
                    if (unit is null) Problem($"{path}.team", $"team '{team}' is not in the city's registry");
                    else if (unit.Kind != UnitKind.RescueTeam) Problem($"{path}.team", $"'{team}' is a {unit.Kind}, not a rescue team");
                    break;
                case InjectType.SecondRelease when inject.Event is { } ev:
                    await Source(ev.HazardSource, $"{path}.event.hazardSource");
                    break;
            }
        }
        return problems;
    }
}
