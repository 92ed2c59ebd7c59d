namespace CityTwin.Domain.Risk.Explanations;

public static class Reasons
{
    /// <summary>The explanation order: strongest effect first, then the order the rules are applied in.</summary>
    public static IReadOnlyList<RiskReason> Ordered(this IEnumerable<RiskReason> reasons) =>
        reasons.OrderByDescending(r => r.Level).ThenBy(r => RuleCatalog.OrderOf(r.Rule)).ThenBy(r => r.UnitCode, StringComparer.Ordinal).ToList();

    /// <summary>All reasons as sentences, one per line, in Chinese.</summary>
    public static string ToZh(this IEnumerable<RiskReason> reasons) => string.Join("\n", reasons.Select(r => r.Zh));

    /// <summary>All reasons as sentences, one per line, in English.</summary>
    public static string ToEn(this IEnumerable<RiskReason> reasons) => string.Join("\n", reasons.Select(r => r.En));
}
