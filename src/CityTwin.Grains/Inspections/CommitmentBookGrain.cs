using CityTwin.Abstractions.Inspections;
using CityTwin.Abstractions.Observability;
using CityTwin.Abstractions.Live;
using CityTwin.Abstractions.Registry;
using CityTwin.Abstractions.Worlds;
using CityTwin.Domain.Inspections;
using Microsoft.Extensions.Logging;
using DomainActor = CityTwin.Domain.Inspections.Actor;

namespace CityTwin.Grains.Inspections;

/// <summary>
/// One enterprise's daily commitments (key <c>world/enterpriseCode</c>). A submission is stored before the call
/// returns, then the commitment in force goes to the enterprise (one-way), which derives its SPECIAL_OPERATION and
/// ABNORMAL_STATE inputs from it. A commitment's effect changes at local midnight (planned operations lapse, a
/// commitment made for tomorrow comes into force), so a reminder wakes the book then to tell the enterprise again.
/// </summary>
public sealed partial class CommitmentBookGrain(
    [PersistentState("commitment-book", StorageNames.Default)] IPersistentState<CommitmentBookState> state,
    LoopClock clock, InspectionRules rules, ILogger<CommitmentBookGrain> logger)
    : Grain, ICommitmentBookGrain, IRemindable
{
    private const string ReminderName = "commitment-midnight";

    private string _world = "";
    private string _code = "";

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (_world, _code) = GrainKey.Parse(this.GetPrimaryKeyString());
        return base.OnActivateAsync(cancellationToken);
    }

    public async Task<CommitmentReply> SubmitAsync(DailyCommitment commitment, string idempotencyKey, Abstractions.Actor actor)
    {
        var now = clock.Now;
        var book = state.State;
        if (string.IsNullOrWhiteSpace(idempotencyKey)) return Refused(Problem.Invalid("idempotencyKey", "an idempotency key is required"));
        if (book.Keys.TryGetValue(idempotencyKey, out var used))
        {
            return used.Day == commitment.Day && used.Subject == actor.Subject
                ? new CommitmentReply(book.Commitments.FirstOrDefault(c => c.Day == used.Day), null, true)
                : Refused(Problem.Invalid("idempotencyKey", $"idempotency key '{idempotencyKey}' was already used for the commitment of {used.Day:yyyy-MM-dd} by {used.Subject}"));
        }
        if (commitment.EnterpriseCode != _code) return Refused(Problem.Invalid("enterpriseCode", $"this is the commitment book of {_code}, not {commitment.EnterpriseCode}"));
        var outcome = CommitmentRules.Submit(commitment, new DomainActor(actor.Subject, actor.Role), now, rules);
        if (!outcome.IsOk) return Refused(outcome.Problem!);

        if (book.Commitments.Count == 0) await GrainFactory.GetGrain<ILoopDirectoryGrain>(GrainKey.For(_world, ILoopDirectoryGrain.Commitments)).AddAsync(_code);
        var submitted = outcome.Ok;
        var before = (book.Commitments, book.Keys);
        book.Commitments = [.. book.Commitments.Where(c => c.Day != submitted.Day), submitted];
        book.Commitments.Sort((a, b) => a.Day.CompareTo(b.Day));
        book.Keys = new Dictionary<string, CommitmentKey>(book.Keys, StringComparer.Ordinal) { [idempotencyKey] = new(submitted.Day, actor.Subject) };
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            (book.Commitments, book.Keys) = before;
            await state.ReadStateAsync();
            throw;
        }
        LogSubmitted(logger, _code, submitted.Day, actor.Subject, submitted.Operations.Count, submitted.MajorHazardsUnderControl);
        await NoticeAsync(submitted, now);
        await TellEnterpriseAsync(now);
        return new CommitmentReply(submitted, null, false);
    }

    public Task<IReadOnlyList<DailyCommitment>> ListAsync(DateOnly from, DateOnly to) =>
        Task.FromResult<IReadOnlyList<DailyCommitment>>([.. state.State.Commitments.Where(c => c.Day >= from && c.Day <= to)]);

    public Task<DailyCommitment?> InForceAsync() => Task.FromResult(InForce(clock.Now));

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != ReminderName) return Task.CompletedTask;
        CityTwinTelemetry.RemindersFired.Add(1, CityTwinTelemetry.Tag("reminder", ReminderName));
        return TellEnterpriseAsync(clock.Now);
    }

    private DailyCommitment? InForce(DateTimeOffset now) => CommitmentRules.InForce(state.State.Commitments, now, rules.Calendar);

    /// <summary>The enterprise hears the commitment in force; the book wakes again at the next local midnight while that can change anything.</summary>
    private async Task TellEnterpriseAsync(DateTimeOffset now)
    {
        await GrainFactory.GetGrain<IEnterpriseGrain>(GrainKey.For(_world, _code)).ReportCommitmentAsync(InForce(now));
        var today = rules.Calendar.LocalDate(now);
        if (state.State.Commitments.Any(c => c.Day >= today))
        {
            var midnight = rules.Calendar.StartOf(today.AddDays(1));
            await this.RegisterOrUpdateReminder(ReminderName, midnight - now < TimeSpan.FromMinutes(1) ? TimeSpan.FromMinutes(1) : midnight - now, TimeSpan.FromDays(1));
        }
        else if (await this.GetReminder(ReminderName) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    private async Task NoticeAsync(DailyCommitment c, DateTimeOffset now)
    {
        try
        {
            var operations = c.Operations.Count == 0 ? "无特殊作业" : string.Join("、", c.Operations.Select(o => $"{o.Kind} ×{o.Count}"));
            var abnormal = c.Units.Where(u => u.State is not (UnitOperatingState.Running or UnitOperatingState.Shutdown)).Select(u => $"{u.UnitCode} {u.State}").ToList();
            await new LoopNoticePublisher(GrainFactory, _world).PublishAsync(_code, EscalationLevel.Enterprise, enterprise => new LoopNotice(
                LoopNotice.CommitmentSubmitted, c.Id, _code, HiddenDangerLevel.General, c.Day, EscalationLevel.Enterprise, 0, now,
                $"{enterprise.Name} {c.Day:yyyy-MM-dd} 安全承诺:{operations};{(abnormal.Count == 0 ? "装置运行正常" : "异常工况 " + string.Join("、", abnormal))};重大危险源{(c.MajorHazardsUnderControl ? "处于安全受控状态" : "未受控")}"), now);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogNoticeFailed(logger, _code, e.Message);
        }
    }

    private static CommitmentReply Refused(Problem problem) => new(null, problem, false);

    [LoggerMessage(Level = LogLevel.Information, Message = "Commitments {Enterprise}: {Day} submitted by {Subject} ({Operations} special operation(s), under control {UnderControl})")]
    private static partial void LogSubmitted(ILogger logger, string enterprise, DateOnly day, string subject, int operations, bool underControl);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Commitments {Enterprise}: a watch notice could not be published: {Reason}")]
    private static partial void LogNoticeFailed(ILogger logger, string enterprise, string reason);
}
