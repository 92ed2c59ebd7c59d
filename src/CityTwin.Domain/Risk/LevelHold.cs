namespace CityTwin.Domain.Risk;

/// <summary>
/// The downgrade hold of DOMAIN.md §3.2 step 2 [DESIGN]: increases apply at once; a decrease applies only after
/// the computed level has stayed below the applied one for t_hold, and then only down to the highest level
/// computed during that time. Evaluated from event time / an explicit <c>now</c>, never the wall clock.
/// </summary>
public readonly record struct LevelHold
{
    /// <summary>The level in force.</summary>
    public RiskLevel Level { get; init; }
    /// <summary>Since when <see cref="Level"/> has been in force.</summary>
    public DateTimeOffset Since { get; init; }
    /// <summary>The highest computed level while below <see cref="Level"/>, or null when no decrease is pending.</summary>
    public RiskLevel? Pending { get; init; }
    /// <summary>Since when the computed level has been below <see cref="Level"/>.</summary>
    public DateTimeOffset PendingSince { get; init; }

    public static LevelHold Initial(RiskLevel level, DateTimeOffset at) => new() { Level = level, Since = at };

    /// <summary>When the pending decrease will apply if nothing rises, or null.</summary>
    public DateTimeOffset? DueAt(TimeSpan hold) => Pending is null ? null : PendingSince + hold;

    public LevelHold Next(RiskLevel computed, DateTimeOffset now, TimeSpan hold)
    {
        if (computed >= Level)
            return computed == Level ? this with { Pending = null } : new LevelHold { Level = computed, Since = now };

        var pending = Pending is { } p ? RiskLevels.Max(p, computed) : computed;
        var pendingSince = Pending is null ? now : PendingSince;
        if (now - pendingSince < hold)
            return this with { Pending = pending, PendingSince = pendingSince };

        // The hold has run out: step down to the highest level seen meanwhile; if the value now is lower still,
        // that further decrease starts its own hold.
        var appliedAt = pendingSince + hold;
        return computed < pending
            ? new LevelHold { Level = pending, Since = appliedAt, Pending = computed, PendingSince = now }
            : new LevelHold { Level = pending, Since = appliedAt };
    }
}
