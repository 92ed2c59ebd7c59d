namespace CityTwin.Abstractions.Worlds;

/// <summary>
/// Drill worlds: a drill's id is its world (<c>drill-3f9a1c2b7d4e</c>), so its grains are keyed
/// <c>drill-3f9a1c2b7d4e/code</c> and can never be confused with the live world's.
/// </summary>
public static class DrillWorlds
{
    public const string Prefix = "drill-";

    public static bool IsDrill(string world) => world.StartsWith(Prefix, StringComparison.Ordinal) && world.Length > Prefix.Length;

    /// <summary>A fresh drill id (and world): "drill-" and 12 hex digits.</summary>
    public static string NewId() => Prefix + Guid.NewGuid().ToString("N")[..12];

    /// <summary>Whether <paramref name="id"/> has the shape of a drill id (checked before it becomes a grain key).</summary>
    public static bool IsValidId(string id) =>
        id.Length == Prefix.Length + 12 && id.StartsWith(Prefix, StringComparison.Ordinal) && id[Prefix.Length..].All(char.IsAsciiHexDigitLower);

    /// <summary>Refuses anything but a drill world: the guard on every operation that removes state.</summary>
    public static void Require(string world)
    {
        if (!IsDrill(world)) throw new InvalidOperationException($"'{world}' is not a drill world; refused");
    }
}
