namespace CityTwin.Domain.Drills.Explosion;

/// <summary>
/// How a drill draws a vapour-cloud explosion (DOMAIN.md §7.4; scenario field <c>event.blastMethod</c>, docs/drills.md).
/// </summary>
public enum BlastMethod
{
    /// <summary>TNT equivalence (yield η) on the Kingery–Bulmash surface-burst curve, Swisdak fit; zones 70/35/6.9 kPa. The default.</summary>
    Swisdak,
    /// <summary>TNT equivalence (yield η) on the Mills (1987) free-air curve; same zone thresholds, shorter distances.</summary>
    Mills,
    /// <summary>The Chinese 安全评价 method (RC13): ground-burst factor 1.8, yield α; zones R_0.5 死亡, 重伤 44 kPa, 轻伤 17 kPa.</summary>
    SafetyAssessment,
}
