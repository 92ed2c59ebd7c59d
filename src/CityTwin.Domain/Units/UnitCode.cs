using System.Text.RegularExpressions;

namespace CityTwin.Domain.Units;

/// <summary>
/// Unit codes are stable registry identifiers. They never contain '/', because materialised paths and
/// grain keys (<c>world/code</c>) are built from them.
/// </summary>
public static partial class UnitCode
{
    public const int MaxLength = 64;

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    private static partial Regex Shape();

    [GeneratedRegex("^[1-9][0-9]{5}$")]
    private static partial Regex Gb2260();

    /// <summary>Null when the code is acceptable, otherwise why not.</summary>
    public static string? Problem(string? code)
    {
        if (string.IsNullOrEmpty(code)) return "is empty";
        if (code.Length > MaxLength) return $"is longer than {MaxLength} characters";
        if (!Shape().IsMatch(code)) return "may hold only letters, digits, '.', '_' and '-', starting with a letter or digit";
        return null;
    }

    /// <summary>A six-digit GB/T 2260 administrative division code, as the city and its districts carry.</summary>
    public static bool IsGb2260(string code) => Gb2260().IsMatch(code);
}
