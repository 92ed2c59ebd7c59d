namespace CityTwin.Domain.Drills.Dispatch;

/// <summary>One required position to fill: a capability and its ordinal (fire #1, fire #2 …).</summary>
public sealed record CapabilitySlot(string Capability, int Number)
{
    public string Id => $"{Capability}#{Number}";

    public override string ToString() => Id;
}

/// <summary>The required slots of a scenario (§8.1), in filling priority order (§8.4 step 3).</summary>
public static class RequiredSlots
{
    /// <summary>
    /// Minimum capabilities of the scenario; medical raised to ⌈casualties / 2.5⌉ when serious casualties are expected
    /// ("≈ 1 ambulance per 2–3", [DESIGN] 2.5).
    /// </summary>
    public static IReadOnlyList<CapabilitySlot> For(ScenarioKind scenario, DispatchSettings settings, int expectedSeriousCasualties = 0)
    {
        var counts = new Dictionary<string, int>(settings.Required.TryGetValue(scenario, out var r) ? r : new Dictionary<string, int>(), StringComparer.Ordinal);
        if (expectedSeriousCasualties > 0)
        {
            var medical = (int)Math.Ceiling(expectedSeriousCasualties / settings.SeriousCasualtiesPerMedicalSlot);
            counts[Units.Capabilities.Medical] = Math.Max(counts.GetValueOrDefault(Units.Capabilities.Medical), medical);
        }
        return [.. counts
            .OrderBy(c => Rank(c.Key, settings)).ThenBy(c => c.Key, StringComparer.Ordinal)
            .SelectMany(c => Enumerable.Range(1, c.Value).Select(i => new CapabilitySlot(c.Key, i)))];
    }

    /// <summary>Position in the priority list; unlisted capabilities come last.</summary>
    public static int Rank(string capability, DispatchSettings settings)
    {
        for (var i = 0; i < settings.Priority.Count; i++)
            if (settings.Priority[i] == capability) return i;
        return settings.Priority.Count;
    }
}
