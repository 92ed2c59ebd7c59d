namespace CityTwin.Domain.Risk.Alarms;

/// <summary>
/// The state of one monitoring point (DOMAIN.md §3.2 step 1). A sensor is in exactly one state at a time:
/// HIGH-HIGH is not also counted as HIGH. LOW / LOW-LOW mirror HIGH / HIGH-HIGH for low-side set-points.
/// </summary>
public enum AlarmState : byte
{
    Normal = 0,
    High,
    HighHigh,
    Low,
    LowLow,
    /// <summary>The detector reported a fault, or read outside its instrument range.</summary>
    Fault,
    /// <summary>No reading for t_stale (or not yet any reading).</summary>
    Offline,
}

/// <summary>Why a sensor is in FAULT / OFFLINE.</summary>
public enum FaultCause : byte
{
    None = 0,
    /// <summary>The detector itself reported a fault.</summary>
    Reported,
    /// <summary>The reading lay outside [RangeMin, RangeMax] (or was not a number).</summary>
    OutOfRange,
    /// <summary>No reading for t_stale.</summary>
    Stale,
    /// <summary>Registered, never read.</summary>
    NoData,
}

/// <summary>What applying a reading did.</summary>
public enum ReadingOutcome : byte
{
    /// <summary>Sequence at or below the last accepted one: ignored, nothing changed.</summary>
    Duplicate,
    /// <summary>Event time older than the last accepted reading: ignored, nothing changed.</summary>
    Older,
    /// <summary>Accepted; the alarm state stayed the same.</summary>
    Accepted,
    /// <summary>Accepted and the alarm state changed.</summary>
    Transition,
}

public static class AlarmStates
{
    /// <summary>0 normal, 1 first-level alarm (HIGH/LOW), 2 second-level alarm (HIGH-HIGH/LOW-LOW); faults are 0.</summary>
    public static int Severity(this AlarmState state) => state switch
    {
        AlarmState.High or AlarmState.Low => 1,
        AlarmState.HighHigh or AlarmState.LowLow => 2,
        _ => 0,
    };

    /// <summary>+1 high side, −1 low side, 0 otherwise.</summary>
    public static int Side(this AlarmState state) => state switch
    {
        AlarmState.High or AlarmState.HighHigh => 1,
        AlarmState.Low or AlarmState.LowLow => -1,
        _ => 0,
    };

    public static bool IsAlarm(this AlarmState state) => state.Severity() > 0;

    public static bool IsBlind(this AlarmState state) => state is AlarmState.Fault or AlarmState.Offline;

    /// <summary>Rank used to latch the worst unacknowledged state: alarms by severity, faults below first-level alarms.</summary>
    internal static int LatchRank(this AlarmState state) => state switch
    {
        AlarmState.HighHigh or AlarmState.LowLow => 3,
        AlarmState.High or AlarmState.Low => 2,
        AlarmState.Fault or AlarmState.Offline => 1,
        _ => 0,
    };

    public static string Zh(this AlarmState state) => state switch
    {
        AlarmState.Normal => "正常",
        AlarmState.High => "高报警",
        AlarmState.HighHigh => "高高报警",
        AlarmState.Low => "低报警",
        AlarmState.LowLow => "低低报警",
        AlarmState.Fault => "故障",
        _ => "离线",
    };

    public static string En(this AlarmState state) => state switch
    {
        AlarmState.Normal => "normal",
        AlarmState.High => "high alarm",
        AlarmState.HighHigh => "high-high alarm",
        AlarmState.Low => "low alarm",
        AlarmState.LowLow => "low-low alarm",
        AlarmState.Fault => "fault",
        _ => "offline",
    };
}
