using CityTwin.Domain.Units;

namespace CityTwin.Domain.Drills.Impact;

/// <summary>Equipment classes of the domino escalation thresholds (Cozzani et al. 2006, DOMAIN.md §7.6).</summary>
public enum EquipmentClass { Atmospheric, Pressurised, Elongated, Auxiliary }

public static class EquipmentClasses
{
    /// <summary>[DESIGN] pressurised wins; otherwise the type mapping of the settings, else atmospheric.</summary>
    public static EquipmentClass Of(HazardSourceProfile profile, ImpactSettings settings) =>
        profile.Pressurised ? EquipmentClass.Pressurised
        : settings.TypeClass.TryGetValue(profile.Type, out var c) ? c
        : EquipmentClass.Atmospheric;

    public static double Threshold(EquipmentClass equipment, LoadKind kind, ImpactSettings settings) =>
        (kind == LoadKind.Heat ? settings.HeatThresholdKwM2 : settings.OverpressureThresholdKPa)[equipment];
}
