namespace CityTwin.Abstractions.Worlds;

/// <summary>
/// Grain keys are <c>world/code</c>: "live" is the real city, drills add worlds of their own, so nothing in
/// the live world can name a drill grain. Codes never contain '/'.
/// </summary>
public static class GrainKey
{
    public const string Live = "live";

    public static string For(string world, string code) => world + "/" + code;

    public static (string World, string Code) Parse(string key)
    {
        var slash = key.IndexOf('/');
        if (slash <= 0 || slash == key.Length - 1) throw new ArgumentException($"grain key '{key}' is not world/code", nameof(key));
        return (key[..slash], key[(slash + 1)..]);
    }
}
