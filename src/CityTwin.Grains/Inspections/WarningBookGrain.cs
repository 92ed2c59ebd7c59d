using CityTwin.Abstractions.Inspections;
using CityTwin.Abstractions.Observability;
using CityTwin.Abstractions.Live;
using CityTwin.Abstractions.Worlds;
using CityTwin.Domain.Inspections;
using Microsoft.Extensions.Logging;
using DomainActor = CityTwin.Domain.Inspections.Actor;

namespace CityTwin.Grains.Inspections;

/// <summary>
/// One enterprise's warnings (key <c>world/enterpriseCode</c>), a shell around <see cref="WarningLifecycle"/>. A
/// raise or step is written to storage before the call returns; the idempotency keys live in the warnings' histories.
/// Deadlines: a reminder (and, for an answer due in under a minute, a one-shot timer) wakes the book when the next
/// unanswered warning is due; on activation, on every wake and before every step it climbs every rung whose deadline
/// passed — after downtime all of them at once — and publishes each rung as a notice before storing it.
/// </summary>
public sealed partial class WarningBookGrain(
    [PersistentState("warning-book", StorageNames.Default)] IPersistentState<WarningBookState> state,
    LoopClock clock, InspectionRules rules, ILogger<WarningBookGrain> logger)
    : Grain, IWarningBookGrain, IRemindable
{
    private const string ReminderName = "warning-deadlines";
    private static readonly TimeSpan ReminderPeriod = TimeSpan.FromDays(1);
    /// <summary>Reminders are not meant for less; a nearer deadline gets a timer as well.</summary>
    private static readonly TimeSpan MinimumReminder = TimeSpan.FromMinutes(1);

    private string _world = "";
    private string _code = "";
    private DateTimeOffset? _wakeAt;
    private IGrainTimer? _timer;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (_world, _code) = GrainKey.Parse(this.GetPrimaryKeyString());
        // Catch up after activation, not inside it: publishing calls other grains.
        if (state.State.Warnings.Any(w => w.State == WarningState.Raised))
            this.RegisterGrainTimer(_ => CatchUpAsync(), new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan));
        return base.OnActivateAsync(cancellationToken);
    }

    public async Task SignalAsync(WarningSignal signal)
    {
        try
        {
            await RaiseAsync(signal);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // One-way: nobody waits for this. The next change of the unit signals again.
            LogSignalFailed(logger, _code, signal.UnitCode, e.Message);
        }
    }

    public async Task<WarningReply> RaiseAsync(WarningSignal signal)
    {
        var now = clock.Now;
        var book = state.State;
        if (book.Warnings.FirstOrDefault(w => w.History.Count > 0 && w.History[0].IdempotencyKey == signal.IdempotencyKey) is { } done)
            return new WarningReply(done, null, true, now);

        var observedChanged = false;
        if (signal.Trigger == WarningTrigger.RiskLevel)
        {
            var before = book.Observed.TryGetValue(signal.UnitCode, out var seen) ? seen : signal.Inherent;
            observedChanged = !book.Observed.ContainsKey(signal.UnitCode) || seen != signal.Level;
            book.Observed[signal.UnitCode] = signal.Level;
            // A unit inherently red (a grade-1 source) is not news: only a dynamic turn above the inherent level warns.
            if (!rules.Warnings.ShouldRaise(before, signal.Level) || signal.Level <= signal.Inherent)
            {
                if (observedChanged) await PersistAsync(book.Warnings, book.LastNumber);
                return new WarningReply(null, null, false, now);
            }
        }
        // One open warning per unit and cause: a worse level raises a new one, the same or a milder one is covered.
        // Each missed commitment day is its own warning (its key names the day).
        if (signal.Trigger != WarningTrigger.MissingCommitment
            && book.Warnings.FirstOrDefault(w => w.IsOpen && w.UnitCode == signal.UnitCode && w.Trigger == signal.Trigger && w.Level >= signal.Level) is { } open)
        {
            if (observedChanged) await PersistAsync(book.Warnings, book.LastNumber);
            return new WarningReply(open, null, true, now);
        }

        var command = new RaiseWarning(signal.IdempotencyKey, $"w-{book.LastNumber + 1}", signal.UnitCode, _code, signal.Trigger, signal.Level, signal.Reason)
        {
            EvidenceId = signal.EvidenceId,
            StartAt = signal.Trigger == WarningTrigger.MissingCommitment ? rules.Warnings.MissingCommitmentStartsAt : null,
        };
        var outcome = WarningLifecycle.Raise(command, DomainActor.System, now, rules);
        if (!outcome.IsOk) return new WarningReply(null, outcome.Problem, false, now);

        // The directory first: a book it does not know would be missed by lists and by the catch-up at start.
        if (book.Warnings.Count == 0) await GrainFactory.GetGrain<ILoopDirectoryGrain>(GrainKey.For(_world, ILoopDirectoryGrain.Warnings)).AddAsync(_code);
        var raised = outcome.Ok;
        await PersistAsync([.. book.Warnings, raised], book.LastNumber + 1);
        LogRaised(logger, _code, raised.Id, raised.UnitCode, raised.Level.ToString(), raised.Reason);
        await NoticeAsync(n => n.RaisedAsync(raised, now));
        await AimAsync(now);
        return new WarningReply(raised, null, false, now);
    }

    public async Task<WarningReply> ApplyAsync(string id, WarningStep step, Abstractions.Actor actor)
    {
        // Rungs that came due are climbed (and announced) first, so the roles checked are those of the level reached.
        await CatchUpAsync();
        var now = clock.Now;
        var index = state.State.Warnings.FindIndex(w => w.Id == id);
        if (index < 0) return new WarningReply(null, new Problem(OutcomeStatus.NotFound, "id", $"no warning '{id}' in the book of {_code}"), false, now);
        var by = new DomainActor(actor.Subject, actor.Role);
        var warning = state.State.Warnings[index];
        var replayed = true;
        foreach (var command in Commands(warning, step, by))
        {
            var outcome = WarningLifecycle.Apply(warning, command, by, now, rules);
            if (!outcome.IsOk) return new WarningReply(null, outcome.Problem, false, now);
            replayed &= outcome.Replayed;
            warning = outcome.Ok;
        }
        if (replayed) return new WarningReply(warning, null, true, now);

        var warnings = state.State.Warnings.ToList();
        warnings[index] = warning;
        await PersistAsync(warnings, state.State.LastNumber);
        LogStep(logger, _code, id, step.Kind.ToString(), actor.Subject, warning.State.ToString());
        var kind = warning.State switch
        {
            WarningState.Answered => LoopNotice.WarningAnswered,
            WarningState.Raised => LoopNotice.WarningRejected,
            _ => LoopNotice.WarningClosed,
        };
        if (warning.State != WarningState.Verified) await NoticeAsync(n => n.StepAsync(kind, warning, now));
        await AimAsync(now);
        return new WarningReply(warning, null, false, now);
    }

    /// <summary>
    /// The domain commands for a step. Verify on an ANSWERED warning verifies, and closes at once when the verifier
    /// may close (the close takes the key with "#close"); on a VERIFIED one (verified by an inspector) it closes.
    /// </summary>
    private IEnumerable<WarningCommand> Commands(Warning w, WarningStep step, DomainActor by)
    {
        if (step.Kind == WarningStepKind.Answer)
        {
            yield return new AnswerWarning(step.IdempotencyKey, step.Cause ?? "", step.Measures ?? "");
            yield break;
        }
        if (w.State == WarningState.Verified && step.Passed && !w.History.Any(h => h.IdempotencyKey == step.IdempotencyKey))
        {
            yield return new CloseWarning(step.IdempotencyKey, step.Note);
            yield break;
        }
        yield return new VerifyWarning(step.IdempotencyKey, step.Passed, step.Note);
        if (step.Passed && Domain.Inspections.Roles.Satisfies(by.Role, [.. rules.Warnings.CloseRoles]))
            yield return new CloseWarning(step.IdempotencyKey + "#close", step.Note);
    }

    public Task<WarningView> ListAsync(WarningFilter filter)
    {
        var now = clock.Now;
        return Task.FromResult(new WarningView(now, [.. state.State.Warnings.Select(w => WarningLifecycle.Escalate(w, now, rules).Warning).Where(filter.Matches)]));
    }

    public async Task CatchUpAsync()
    {
        var now = clock.Now;
        var climbed = new List<(Warning Warning, WarningEscalation Step)>();
        var warnings = state.State.Warnings.Select(w =>
        {
            if (w.State != WarningState.Raised) return w;
            var (next, steps) = WarningLifecycle.Escalate(w, now, rules);
            climbed.AddRange(steps.Select(s => (next, s)));
            return next;
        }).ToList();
        if (climbed.Count > 0)
        {
            // Notices first, then the state: a crash in between repeats a notice rather than losing one.
            foreach (var (w, step) in climbed) await NoticeAsync(n => n.EscalatedAsync(w, step, now));
            await PersistAsync(warnings, state.State.LastNumber);
            LogEscalated(logger, _code, climbed.Count);
        }
        await AimAsync(now);
    }

    public async Task DiscardAsync()
    {
        if (_world == GrainKey.Live) throw new InvalidOperationException("the live world's warning book is never discarded");
        if (await this.GetReminder(ReminderName) is { } reminder) await this.UnregisterReminder(reminder);
        await state.ClearStateAsync();
        DeactivateOnIdle();
    }

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != ReminderName) return Task.CompletedTask;
        CityTwinTelemetry.RemindersFired.Add(1, CityTwinTelemetry.Tag("reminder", ReminderName));
        return CatchUpAsync();
    }

    private async Task PersistAsync(List<Warning> warnings, int lastNumber)
    {
        var before = (state.State.Warnings, state.State.LastNumber);
        state.State.Warnings = warnings;
        state.State.LastNumber = lastNumber;
        try
        {
            await state.WriteStateAsync();
            // Counted where a warning opens or closes, once: a replay by key or a reactivation changes nothing stored.
            var opened = warnings.Count(w => w.State != WarningState.Closed) - before.Warnings.Count(w => w.State != WarningState.Closed);
            if (opened != 0 && _world == GrainKey.Live) CityTwinTelemetry.WarningsOpen.Add(opened);
        }
        catch
        {
            // Unknown outcome: take what storage holds, and let the caller retry with its key.
            (state.State.Warnings, state.State.LastNumber) = before;
            await state.ReadStateAsync();
            throw;
        }
    }

    private async Task NoticeAsync(Func<WarningNotices, Task> publish)
    {
        try
        {
            await publish(new WarningNotices(GrainFactory, _world, rules.Calendar));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The warning itself is stored; a lost notice does not undo it (lists and statistics still show it).
            LogNoticeFailed(logger, _code, e.Message);
        }
    }

    /// <summary>Wakes the book when the next unanswered warning that can still climb falls due.</summary>
    private async Task AimAsync(DateTimeOffset now)
    {
        var top = rules.Warnings.Ladder[^1];
        var next = state.State.Warnings.Where(w => w.State == WarningState.Raised && w.AtLevel != top && w.AnswerDueAt is not null)
            .Select(w => w.AnswerDueAt).Min();
        if (next == _wakeAt) return;
        _timer?.Dispose();
        _timer = null;
        if (next is { } at)
        {
            var dueIn = at - now;
            if (dueIn < MinimumReminder)
                _timer = this.RegisterGrainTimer(_ => CatchUpAsync(), new GrainTimerCreationOptions(dueIn < TimeSpan.Zero ? TimeSpan.Zero : dueIn, Timeout.InfiniteTimeSpan) { KeepAlive = true });
            await this.RegisterOrUpdateReminder(ReminderName, dueIn < MinimumReminder ? MinimumReminder : dueIn, ReminderPeriod);
        }
        else if (await this.GetReminder(ReminderName) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
        _wakeAt = next;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Warnings {Enterprise}: raised {Warning} for {Unit} ({Level}): {Reason}")]
    private static partial void LogRaised(ILogger logger, string enterprise, string warning, string unit, string level, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Warnings {Enterprise}: {Step} on {Warning} by {Subject} accepted, now {State}")]
    private static partial void LogStep(ILogger logger, string enterprise, string warning, string step, string subject, string state);

    [LoggerMessage(Level = LogLevel.Information, Message = "Warnings {Enterprise}: {Count} escalation(s) fired")]
    private static partial void LogEscalated(ILogger logger, string enterprise, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Warnings {Enterprise}: a signal for {Unit} could not be handled: {Reason}")]
    private static partial void LogSignalFailed(ILogger logger, string enterprise, string unit, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Warnings {Enterprise}: a watch notice could not be published: {Reason}")]
    private static partial void LogNoticeFailed(ILogger logger, string enterprise, string reason);
}
