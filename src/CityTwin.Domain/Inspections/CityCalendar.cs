namespace CityTwin.Domain.Inspections;

/// <summary>
/// The city's local days. Deadlines, "daily" commitments and the commitment hour are local dates and times in the
/// city's time zone (Asia/Shanghai for the sample city); instants stay <see cref="DateTimeOffset"/>.
/// </summary>
public sealed record CityCalendar(TimeZoneInfo Zone)
{
    public static CityCalendar Shanghai { get; } = new(TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"));

    public static CityCalendar Of(string ianaId) => new(TimeZoneInfo.FindSystemTimeZoneById(ianaId));

    public DateTimeOffset ToLocal(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone);

    public DateOnly LocalDate(DateTimeOffset instant) => DateOnly.FromDateTime(ToLocal(instant).DateTime);

    public TimeOnly LocalTime(DateTimeOffset instant) => TimeOnly.FromDateTime(ToLocal(instant).DateTime);

    /// <summary>The instant a local day starts.</summary>
    public DateTimeOffset StartOf(DateOnly day) => At(day, TimeOnly.MinValue);

    /// <summary>
    /// The instant of a local date and time. A time that does not exist (skipped by a daylight-saving change) is
    /// moved forward by the gap, so the result is always the first instant at or after the wall-clock time.
    /// </summary>
    public DateTimeOffset At(DateOnly day, TimeOnly time)
    {
        var local = day.ToDateTime(time, DateTimeKind.Unspecified);
        while (Zone.IsInvalidTime(local)) local = local.AddMinutes(15);
        // For an ambiguous time (clocks going back) the earlier instant, i.e. the larger offset.
        var offset = Zone.IsAmbiguousTime(local) ? Zone.GetAmbiguousTimeOffsets(local).Max() : Zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset);
    }
}
