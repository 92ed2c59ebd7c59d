namespace CityTwin.Domain.Drills.Scenarios;

/// <summary>One problem of a scenario file: the field (a JSON path such as <c>injects[2].atMin</c>), its line (1-based, 0 when unknown) and why.</summary>
public sealed record ScenarioProblem(string Field, int Line, string Message)
{
    public override string ToString() => Line > 0 ? $"line {Line}: {Field}: {Message}" : $"{Field}: {Message}";
}
