namespace CityTwin.Domain.Inspections;

/// <summary>
/// The lifecycle of DOMAIN.md §4.4 as built: FOUND → ASSIGNED → RECTIFYING → RECTIFIED → VERIFIED → CLOSED, with
/// REJECTED (terminal). REOPENED is a transition, not a resting state: a reopened record is ASSIGNED again and
/// carries its reopen count and full history (see docs/inspections.md).
/// </summary>
public enum HiddenDangerState
{
    Found,
    Assigned,
    Rectifying,
    Rectified,
    Verified,
    Closed,
    Rejected,
}

public static class HiddenDangerStates
{
    /// <summary>FOUND, ASSIGNED, …: the spelling used in messages and the API.</summary>
    public static string Name(this HiddenDangerState state) => state.ToString().ToUpperInvariant();

    /// <summary>Not closed (销号) and not rejected: it still counts against the enterprise.</summary>
    public static bool IsOpen(this HiddenDangerState state) => state is not (HiddenDangerState.Closed or HiddenDangerState.Rejected);

    /// <summary>
    /// Rectification still owed: FOUND, ASSIGNED or RECTIFYING. Only these can be overdue and get deadline reminders;
    /// a submitted rectification stops the clock until verification fails (the deadline is unchanged).
    /// </summary>
    public static bool AwaitsRectification(this HiddenDangerState state) =>
        state is HiddenDangerState.Found or HiddenDangerState.Assigned or HiddenDangerState.Rectifying;
}
