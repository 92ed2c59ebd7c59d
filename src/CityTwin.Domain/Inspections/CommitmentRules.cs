using CityTwin.Domain.Risk;

namespace CityTwin.Domain.Inspections;

/// <summary>What a commitment feeds into <see cref="EnterpriseInputs"/>: special operations, abnormal state, and the control flag.</summary>
public sealed record CommitmentInputs(IReadOnlyList<SpecialOperation> SpecialOperations, AbnormalState? Abnormal, bool MajorHazardsUnderControl)
{
    public static CommitmentInputs None { get; } = new([], null, true);
}

/// <summary>A commitment that was due and did not arrive: the enterprise, the day and the instant it fell due.</summary>
public sealed record MissingCommitment(string EnterpriseCode, DateOnly Day, DateTimeOffset DueAt);

/// <summary>Validation of a commitment, its effect on the risk inputs, and missing-commitment detection.</summary>
public static class CommitmentRules
{
    /// <summary>Checks a submitted commitment: the role, the day (today or up to <see cref="CommitmentPolicy.MaxDaysAhead"/> ahead) and the entries.</summary>
    public static Outcome<DailyCommitment> Submit(DailyCommitment c, Actor actor, DateTimeOffset now, InspectionRules rules)
    {
        var policy = rules.Commitments;
        if (HiddenDangerLifecycle.RoleProblem("daily commitment", policy.AllowedRoles, actor) is { } denied) return denied;
        var today = rules.Calendar.LocalDate(now);
        if (c.Day < today || c.Day > today.AddDays(policy.MaxDaysAhead))
            return Problem.Invalid("day", $"a commitment is for today ({today}) or up to {policy.MaxDaysAhead} day(s) ahead, not {c.Day}");
        if (c.Units.Any(u => string.IsNullOrWhiteSpace(u.UnitCode))) return Problem.Invalid("units", "every unit needs its code");
        var dup = c.Units.GroupBy(u => u.UnitCode, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (dup is not null) return Problem.Invalid("units", $"unit {dup.Key} is listed more than once");
        if (c.Operations.Any(o => o.Count < 1)) return Problem.Invalid("operations", "each planned operation needs a count of at least 1");
        return Outcome<DailyCommitment>.Success(c with { CommittedBy = actor.Subject, CommittedByRole = actor.Role, CommittedAt = now });
    }

    /// <summary>
    /// The commitment in force at <paramref name="at"/>: the latest for a local day up to then, submitted by then
    /// (books ordered by day). A day's commitment replaced later is gone: at an earlier time that day has none.
    /// </summary>
    public static DailyCommitment? InForce(IEnumerable<DailyCommitment> book, DateTimeOffset at, CityCalendar calendar)
    {
        var today = calendar.LocalDate(at);
        return book.LastOrDefault(c => c.Day <= today && c.CommittedAt <= at);
    }

    /// <summary>
    /// The risk inputs the latest commitment gives at <paramref name="now"/> [DESIGN]: planned special operations
    /// count only on the commitment's own day (permits are per day); an abnormal state (开停车 / 试生产 / 大检修) carries
    /// forward until a later commitment says otherwise, because an overhaul does not end when a report is missing.
    /// With several abnormal units the riskiest kind is reported: start-up/shut-down, then trial run, then overhaul.
    /// </summary>
    public static CommitmentInputs Derive(DailyCommitment? latest, DateTimeOffset now, InspectionRules rules)
    {
        if (latest is null) return CommitmentInputs.None;
        var cal = rules.Calendar;
        var today = cal.LocalDate(now);
        if (latest.Day > today) return CommitmentInputs.None;
        var since = latest.CommittedAt > cal.StartOf(latest.Day) ? latest.CommittedAt : cal.StartOf(latest.Day);
        IReadOnlyList<SpecialOperation> operations = latest.Day == today
            ? [.. latest.Operations.Select((o, i) => new SpecialOperation(o.Kind, o.HazardSourceCode, since, o.PermitId ?? $"{latest.EnterpriseCode}/{latest.Day:yyyyMMdd}/op{i + 1}", latest.Id))]
            : [];
        var abnormal = latest.Units.Select(u => AbnormalKind(u.State)).Where(k => k is not null).Select(k => k!.Value).Order().Cast<AbnormalStateKind?>().FirstOrDefault();
        return new CommitmentInputs(operations, abnormal is { } kind ? new AbnormalState(kind, since, latest.Id) : null, latest.MajorHazardsUnderControl);
    }

    /// <summary>
    /// Commitments that fell due in (<paramref name="since"/>, <paramref name="now"/>] without arriving, oldest first:
    /// a day's commitment is due at <see cref="CommitmentPolicy.DueBy"/> local time. After a restart one call finds
    /// every day missed meanwhile.
    /// </summary>
    public static IReadOnlyList<MissingCommitment> Missing(string enterpriseCode, IReadOnlySet<DateOnly> committedDays, DateTimeOffset since, DateTimeOffset now, InspectionRules rules)
    {
        var cal = rules.Calendar;
        var missing = new List<MissingCommitment>();
        for (var day = cal.LocalDate(since); day <= cal.LocalDate(now); day = day.AddDays(1))
        {
            var due = cal.At(day, rules.Commitments.DueBy);
            if (due > since && due <= now && !committedDays.Contains(day)) missing.Add(new MissingCommitment(enterpriseCode, day, due));
        }
        return missing;
    }

    private static AbnormalStateKind? AbnormalKind(UnitOperatingState state) => state switch
    {
        UnitOperatingState.StartUpShutdown => AbnormalStateKind.StartUpShutDown,
        UnitOperatingState.TrialRun => AbnormalStateKind.TrialProduction,
        UnitOperatingState.Overhaul => AbnormalStateKind.MajorOverhaul,
        _ => null,
    };
}
