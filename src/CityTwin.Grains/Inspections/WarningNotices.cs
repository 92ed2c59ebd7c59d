using CityTwin.Abstractions.Live;
using CityTwin.Domain.Inspections;
using CityTwin.Domain.Risk;
using CityTwin.Domain.Units;

namespace CityTwin.Grains.Inspections;

/// <summary>A warning's steps as watch notices, addressed to the level the warning has reached (<see cref="LoopNoticePublisher"/>).</summary>
internal sealed class WarningNotices(IGrainFactory grains, string world, CityCalendar calendar)
{
    private readonly LoopNoticePublisher _publisher = new(grains, world);

    public Task RaisedAsync(Warning w, DateTimeOffset now) => PublishAsync(LoopNotice.WarningRaised, w, w.AtLevel, w.RaisedAt, now,
        (name, unit) => $"{name}{unit} {w.Level.ColourZh()}预警 {w.Id}:{w.Reason}。请{w.AtLevel.Zh()}{Due(w)}答复原因和处置措施");

    public Task EscalatedAsync(Warning w, WarningEscalation step, DateTimeOffset now) => PublishAsync(LoopNotice.WarningEscalated, w, step.To, step.At, now,
        (name, unit) => $"{name}{unit} {w.Level.ColourZh()}预警 {w.Id} 未在 {Local(step.At)} 前答复,由{step.From.Zh()}升级至{step.To.Zh()}督办");

    public Task StepAsync(string kind, Warning w, DateTimeOffset now) => PublishAsync(kind, w, w.AtLevel, now, now, (name, unit) => kind switch
    {
        LoopNotice.WarningAnswered => $"{name}{unit} {w.Level.ColourZh()}预警 {w.Id} 已答复:原因 {w.Answer?.Cause};措施 {w.Answer?.Measures}",
        LoopNotice.WarningRejected => $"{name}{unit} {w.Level.ColourZh()}预警 {w.Id} 核查未通过,退回重新处置{Due(w)}",
        _ => $"{name}{unit} {w.Level.ColourZh()}预警 {w.Id} 已核查消警",
    });

    public static string TriggerName(WarningTrigger trigger) => trigger switch
    {
        WarningTrigger.RiskLevel => "risk-level",
        WarningTrigger.HighHighAlarm => "high-high-alarm",
        _ => "missing-commitment",
    };

    private Task PublishAsync(string kind, Warning w, EscalationLevel reaches, DateTimeOffset at, DateTimeOffset now, Func<string, string, string> message) =>
        _publisher.PublishAsync(w.EnterpriseCode, reaches, enterprise => new LoopNotice(kind, w.Id, w.EnterpriseCode, HiddenDangerLevel.General,
            calendar.LocalDate(w.AnswerDueAt ?? at), reaches, 0, at, message(enterprise.Name, UnitLabel(w, enterprise)))
        {
            WarningLevel = w.Level, UnitCode = w.UnitCode, DueAt = w.AnswerDueAt, Trigger = TriggerName(w.Trigger),
        }, now);

    private static string UnitLabel(Warning w, Unit enterprise) => w.UnitCode == enterprise.Code ? "" : $"({w.UnitCode})";

    private string Due(Warning w) => w.AnswerDueAt is { } due ? $"于 {Local(due)} 前" : "";

    private string Local(DateTimeOffset at) => calendar.ToLocal(at).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);
}
