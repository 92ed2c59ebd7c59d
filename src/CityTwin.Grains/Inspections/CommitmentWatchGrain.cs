using CityTwin.Abstractions.Inspections;
using CityTwin.Abstractions.Observability;
using CityTwin.Abstractions.Registry;
using CityTwin.Abstractions.Worlds;
using CityTwin.Domain.Inspections;
using CityTwin.Domain.Units;
using Microsoft.Extensions.Logging;

namespace CityTwin.Grains.Inspections;

/// <summary>
/// The missing-commitment check of a world (key: world). A reminder wakes it at each day's due hour; on every wake,
/// on activation and at silo start it looks at every due hour since its stored watermark — after downtime all of
/// them — and raises a warning to the supervising department for each major-hazard enterprise (one with a
/// registered hazard source) whose commitment for that day is not in. Each warning's key names the enterprise and
/// day, so checking twice never raises twice; the watermark is stored after the warnings.
/// </summary>
public sealed partial class CommitmentWatchGrain(
    [PersistentState("commitment-watch", StorageNames.Default)] IPersistentState<CommitmentWatchState> state,
    LoopClock clock, InspectionRules rules, ILogger<CommitmentWatchGrain> logger)
    : Grain, ICommitmentWatchGrain, IRemindable
{
    private const string ReminderName = "commitment-due";

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        this.RegisterGrainTimer(async _ => await CatchUpAsync(), new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan));
        return base.OnActivateAsync(cancellationToken);
    }

    public async Task<int> CatchUpAsync()
    {
        var now = clock.Now;
        var world = this.GetPrimaryKeyString();
        var raised = 0;
        // The first check starts now: days before the platform watched are nobody's warning.
        if (state.State.LastChecked is { } since && since < now)
        {
            var sources = await new RegistryClient(GrainFactory, world).FindAllAsync(new UnitQuery { Kinds = [UnitKind.HazardSource] });
            var enterprises = sources.Select(s => s.Parent).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            var committing = (await GrainFactory.GetGrain<ILoopDirectoryGrain>(GrainKey.For(world, ILoopDirectoryGrain.Commitments)).ListAsync()).ToHashSet(StringComparer.Ordinal);
            foreach (var batch in enterprises.Chunk(32))
            {
                var counts = await Task.WhenAll(batch.Select(code => CheckAsync(world, code, committing.Contains(code), since, now)));
                raised += counts.Sum();
            }
            if (raised > 0) LogMissing(logger, world, raised, since, now);
        }
        if (state.State.LastChecked is null || state.State.LastChecked < now)
        {
            state.State.LastChecked = now;
            await state.WriteStateAsync();
        }
        var today = rules.Calendar.LocalDate(now);
        var nextDue = rules.Calendar.At(today, rules.Commitments.DueBy) is var due && due > now ? due : rules.Calendar.At(today.AddDays(1), rules.Commitments.DueBy);
        var dueIn = nextDue - now < TimeSpan.FromMinutes(1) ? TimeSpan.FromMinutes(1) : nextDue - now;
        await this.RegisterOrUpdateReminder(ReminderName, dueIn, TimeSpan.FromDays(1));
        return raised;
    }

    private async Task<int> CheckAsync(string world, string enterprise, bool hasBook, DateTimeOffset since, DateTimeOffset now)
    {
        IReadOnlySet<DateOnly> days = hasBook
            ? (await GrainFactory.GetGrain<ICommitmentBookGrain>(GrainKey.For(world, enterprise)).ListAsync(rules.Calendar.LocalDate(since), rules.Calendar.LocalDate(now))).Select(c => c.Day).ToHashSet()
            : new HashSet<DateOnly>();
        var missing = CommitmentRules.Missing(enterprise, days, since, now, rules);
        foreach (var m in missing)
        {
            var due = rules.Calendar.ToLocal(m.DueAt).ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture);
            await GrainFactory.GetGrain<IWarningBookGrain>(GrainKey.For(world, enterprise)).RaiseAsync(new WarningSignal(
                WarningTrigger.MissingCommitment, enterprise, rules.Warnings.MissingCommitmentLevel,
                $"{m.Day:yyyy-MM-dd} 安全承诺未在 {due} 前提交", $"commitment-missing:{m.Day:yyyy-MM-dd}")
            { EvidenceId = DailyCommitment.IdOf(enterprise, m.Day) });
        }
        return missing.Count;
    }

    public Task<CommitmentDay> DayAsync(DateOnly? day)
    {
        var now = clock.Now;
        var d = day ?? rules.Calendar.LocalDate(now);
        return Task.FromResult(new CommitmentDay(d, rules.Calendar.At(d, rules.Commitments.DueBy), now));
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != ReminderName) return;
        CityTwinTelemetry.RemindersFired.Add(1, CityTwinTelemetry.Tag("reminder", ReminderName));
        await CatchUpAsync();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Commitments {World}: {Count} missing commitment(s) due in ({Since}, {Now}] raised as warnings")]
    private static partial void LogMissing(ILogger logger, string world, int count, DateTimeOffset since, DateTimeOffset now);
}
