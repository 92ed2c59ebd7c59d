namespace CityTwin.Domain.Drills.Dispatch;

/// <summary>Reason codes of a dispatch plan (§8.4): every assignment and exclusion says why.</summary>
public static class DispatchReasons
{
    /// <summary>Smallest ETA among the candidates (ties: larger headcount → more equipment → lower id).</summary>
    public const string Fastest = "FASTEST";
    /// <summary>A faster team was passed over so its district keeps one team of the capability.</summary>
    public const string ReserveKept = "RESERVE_KEPT";
    /// <summary>No candidate within the norm kept a district reserve: the district is left without this capability.</summary>
    public const string ReserveNotKept = "RESERVE_NOT_KEPT";
    public const string SlotLate = "SLOT_LATE";
    public const string SlotUnfilled = "SLOT_UNFILLED";
    /// <summary>Ask the neighbouring district/city for the capability.</summary>
    public const string MutualAid = "MUTUAL_AID_REQUESTED";
    /// <summary>Replaces a team that became unavailable.</summary>
    public const string Redispatch = "REDISPATCH";

    // Why a team was not a candidate (§8.4 step 2).
    public const string NotAvailable = "NOT_AVAILABLE";
    public const string HeadcountBelowMinimum = "HEADCOUNT_BELOW_MINIMUM";
    public const string InsideThreatZone = "INSIDE_THREAT_ZONE";
}
