using CityTwin.Abstractions.Live;
using CityTwin.Abstractions.Registry;
using CityTwin.Abstractions.Worlds;
using CityTwin.Domain.Inspections;
using CityTwin.Domain.Risk.Rollup;
using CityTwin.Domain.Units;

namespace CityTwin.Grains.Inspections;

/// <summary>
/// Turns deadline steps into watch notices to the scope each reaches (DOMAIN.md §4.4): the enterprise (its
/// responsible person, its principal) and its supervising department see it on the enterprise — department scopes
/// are slices of enterprises —, the 旗区安委办 on the banner/district, the 市安委办 on the city.
/// </summary>
internal sealed class DeadlineNotices(IGrainFactory grains, string world)
{
    public async Task PublishAsync(IReadOnlyList<DeadlineNotification> due, DateTimeOffset now)
    {
        var publisher = grains.GetGrain<IChangePublisherGrain>(world);
        var units = new Dictionary<string, Unit?>(StringComparer.Ordinal);
        foreach (var n in due)
        {
            if (!units.TryGetValue(n.EnterpriseCode, out var enterprise))
                units[n.EnterpriseCode] = enterprise = (await grains.GetGrain<IEnterpriseGrain>(GrainKey.For(world, n.EnterpriseCode)).GetAsync())?.Unit;
            if (enterprise is null) continue;
            var (code, kind) = Target(enterprise, n.Step.Reaches);
            var path = string.Join('/', UnitPath.Codes(enterprise.Path).TakeWhile(c => c != code).Append(code));
            var live = await grains.GetRiskNode(world, kind, code)!.GetLiveAsync();
            var summary = live?.Summary ?? new RiskSummary { Code = code, Name = code };
            var notice = new LoopNotice(KindOf(n.Step.Kind), n.RecordId, n.EnterpriseCode, n.Level, n.Deadline, n.Step.Reaches, n.Step.DaysOverdue, n.Step.At, Message(n, enterprise));
            await publisher.PublishAsync(new LevelChange(world, code, kind, path, Sector(kind, enterprise), Department(kind, enterprise), summary, now) { Notice = notice });
        }
    }

    private static (string Code, UnitKind Kind) Target(Unit enterprise, EscalationLevel reaches)
    {
        var codes = UnitPath.Codes(enterprise.Path);
        return reaches switch
        {
            EscalationLevel.DistrictCommittee when codes.Length >= 2 => (codes[1], UnitKind.District),
            EscalationLevel.CityCommittee => (codes[0], UnitKind.City),
            _ => (enterprise.Code, UnitKind.Enterprise),
        };
    }

    private static string? Sector(UnitKind kind, Unit enterprise) => kind == UnitKind.Enterprise ? enterprise.Enterprise?.Sector : null;

    private static string? Department(UnitKind kind, Unit enterprise) => kind == UnitKind.Enterprise ? enterprise.Enterprise?.Department : null;

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
