using CityTwin.Abstractions.Live;
using CityTwin.Domain.Inspections;
using CityTwin.Domain.Units;

namespace CityTwin.Grains.Inspections;

/// <summary>Turns hidden-danger deadline steps into watch notices to the scope each reaches (<see cref="LoopNoticePublisher"/>).</summary>
internal sealed class DeadlineNotices(IGrainFactory grains, string world)
{
    public async Task PublishAsync(IReadOnlyList<DeadlineNotification> due, DateTimeOffset now)
    {
        var publisher = new LoopNoticePublisher(grains, world);
        foreach (var n in due)
        {
            await publisher.PublishAsync(n.EnterpriseCode, n.Step.Reaches,
                enterprise => new LoopNotice(KindOf(n.Step.Kind), n.RecordId, n.EnterpriseCode, n.Level, n.Deadline, n.Step.Reaches, n.Step.DaysOverdue, n.Step.At, Message(n, enterprise)),
                now);
        }
    }
    private static string KindOf(DeadlineStepKind kind) => kind switch
    {
        DeadlineStepKind.DueSoon => LoopNotice.DueSoon,
        DeadlineStepKind.Overdue => LoopNotice.Overdue,
        _ => LoopNotice.Escalation,
    };

    private static string Message(DeadlineNotification n, Unit enterprise)
    {
        var level = n.Level == HiddenDangerLevel.Major ? "重大事故隐患" : "一般事故隐患";
        return n.Step.Kind switch
        {
            DeadlineStepKind.DueSoon => $"{enterprise.Name} {level} {n.RecordId} 将于 {n.Deadline:yyyy-MM-dd} 到期,请{n.Step.Reaches.Zh()}督促整改",
            DeadlineStepKind.Overdue => $"{enterprise.Name} {level} {n.RecordId} 已超过整改期限 {n.Deadline:yyyy-MM-dd},提请{n.Step.Reaches.Zh()}督办",
            _ => $"{enterprise.Name} {level} {n.RecordId} 逾期 {n.Step.DaysOverdue} 天未整改,升级至{n.Step.Reaches.Zh()}督办",
        };
    }
}
