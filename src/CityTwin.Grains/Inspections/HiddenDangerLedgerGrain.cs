using CityTwin.Abstractions.Inspections;
using CityTwin.Abstractions.Observability;
using CityTwin.Abstractions.Registry;
using CityTwin.Abstractions.Worlds;
using CityTwin.Domain.Inspections;
using Microsoft.Extensions.Logging;
using DomainActor = CityTwin.Domain.Inspections.Actor;

namespace CityTwin.Grains.Inspections;

/// <summary>
/// One enterprise's hidden-danger ledger (key <c>world/enterpriseCode</c>), a shell around
/// <see cref="HiddenDangerLedger"/>. An accepted command is written to storage before the call returns, and only
/// then becomes visible to readers; the idempotency keys live in the records' histories, so they are as durable as
/// the records. Deadlines: one reminder per ledger wakes it at the next step; on activation and on every tick it
/// fires every step that came due since the last one fired (reminders do not replay ticks missed while down).
/// </summary>
public sealed partial class HiddenDangerLedgerGrain(
    [PersistentState("hidden-danger-ledger", StorageNames.Default)] IPersistentState<LedgerState> state,
    LoopClock clock, InspectionRules rules, ILogger<HiddenDangerLedgerGrain> logger)
    : Grain, IHiddenDangerLedgerGrain, IRemindable
{
    private const string ReminderName = "hidden-danger-deadlines";
    /// <summary>The reminder's period is only a safety net: every tick re-aims it at the next step.</summary>
    private static readonly TimeSpan ReminderPeriod = TimeSpan.FromDays(1);
    private static readonly TimeSpan MinimumDue = TimeSpan.FromMinutes(1);

    private string _world = "";
    private string _code = "";
    private HiddenDangerLedger _ledger = null!;
    private DateTimeOffset? _reminderAt;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (_world, _code) = GrainKey.Parse(this.GetPrimaryKeyString());
        _ledger = HiddenDangerLedger.Of(_code, state.State.Records);
        // Catch up after activation, not inside it: firing calls other grains, which may be calling this one.
        if (!_ledger.Records.IsEmpty)
            this.RegisterGrainTimer(_ => CatchUpAsync(), new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan));
        return base.OnActivateAsync(cancellationToken);
    }

    public async Task<LedgerReply> ApplyAsync(string id, HiddenDangerCommand command, Abstractions.Actor actor)
    {
        var now = clock.Now;
        var by = new DomainActor(actor.Subject, actor.Role);
        var (next, outcome) = command is ReportHiddenDanger report ? _ledger.Report(report, by, now, rules) : _ledger.Apply(id, command, by, now, rules);
        if (!outcome.IsOk || outcome.Replayed || ReferenceEquals(next, _ledger)) return LedgerReply.From(outcome, now);

        // The directory first: a ledger it does not know would be missed by lists and by the catch-up at start.
        if (_ledger.Records.IsEmpty) await GrainFactory.GetGrain<IHiddenDangerDirectoryGrain>(_world).AddAsync(_code);
        await PersistAsync(next, state.State.LastFired);
        LogAccepted(logger, _code, outcome.Ok.Id, command.Name, actor.Subject, outcome.Ok.State.Name());

        await AfterChangeAsync(now);
        return LedgerReply.From(outcome, now);
    }

    public Task<HiddenDanger?> GetAsync(string id) => Task.FromResult(_ledger.Get(id));

    public Task<LedgerView> ListAsync(DangerFilter filter)
    {
        var now = clock.Now;
        return Task.FromResult(new LedgerView(now, [.. _ledger.Records.Values.Where(r => filter.Matches(r, now, rules.Calendar))]));
    }

    public Task<LedgerStats> GetStatsAsync()
    {
        var now = clock.Now;
        return Task.FromResult(new LedgerStats(now, HiddenDangerStatistics.Summarise(_ledger.Records.Values, now, rules)));
    }

    public Task<HiddenDangerEffect> GetEffectAsync() => Task.FromResult(_ledger.Effect(clock.Now, rules));

    public async Task CatchUpAsync()
    {
        var now = clock.Now;
        var due = _ledger.DueNotifications(state.State.LastFired, now, rules);
        if (due.Count > 0)
        {
            // Notices first, then the watermark: a crash in between repeats a notice rather than losing one.
            await new DeadlineNotices(GrainFactory, _world).PublishAsync(due, now);
            await PersistAsync(_ledger, now);
            LogFired(logger, _code, due.Count, state.State.LastFired);
        }
        await AfterChangeAsync(now, pushEffect: due.Count > 0);
    }

    public Task ReceiveReminder(string reminderName, Orleans.Runtime.TickStatus status)
    {
        if (reminderName != ReminderName) return Task.CompletedTask;
        CityTwinTelemetry.RemindersFired.Add(1, CityTwinTelemetry.Tag("reminder", ReminderName));
        return CatchUpAsync();
    }

    private async Task PersistAsync(HiddenDangerLedger next, DateTimeOffset? lastFired)
    {
        state.State.Records = [.. next.Records.Values];
        state.State.LastFired = lastFired;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // Unknown outcome (or a conflicting writer): take what storage holds, and let the caller retry with its key.
            await state.ReadStateAsync();
            _ledger = HiddenDangerLedger.Of(_code, state.State.Records);
            throw;
        }
        _ledger = next;
    }

    /// <summary>The enterprise hears the new effect; the reminder is aimed at the next deadline step.</summary>
    private async Task AfterChangeAsync(DateTimeOffset now, bool pushEffect = true)
    {
        if (pushEffect)
            await GrainFactory.GetGrain<IEnterpriseGrain>(GrainKey.For(_world, _code)).ReportHiddenDangersAsync(_ledger.Effect(now, rules));

        var next = _ledger.NextDue(now, rules);
        if (next == _reminderAt) return;
        if (next is { } at)
        {
            var dueIn = at - now < MinimumDue ? MinimumDue : at - now;
            await this.RegisterOrUpdateReminder(ReminderName, dueIn, ReminderPeriod);
        }
        else if (await this.GetReminder(ReminderName) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
        _reminderAt = next;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Ledger {Enterprise}: {Command} on {Record} by {Subject} accepted, now {State}")]
    private static partial void LogAccepted(ILogger logger, string enterprise, string record, string command, string subject, string state);

    [LoggerMessage(Level = LogLevel.Information, Message = "Ledger {Enterprise}: fired {Count} deadline step(s) up to {At}")]
    private static partial void LogFired(ILogger logger, string enterprise, int count, DateTimeOffset? at);
}
