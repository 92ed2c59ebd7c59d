using CityTwin.Abstractions.Live;
using CityTwin.Abstractions.Registry;
using CityTwin.Abstractions.Worlds;
using CityTwin.Domain.Inspections;
using CityTwin.Domain.Risk.Rollup;
using CityTwin.Domain.Units;

namespace CityTwin.Grains.Inspections;

/// <summary>
/// Publishes closed-loop notices on the watch stream, addressed to the scope a level reaches (DOMAIN.md §4.4): the
/// enterprise (its responsible person, its principal) and its supervising department see it on the enterprise —
/// department scopes are slices of enterprises —, the 旗区安委办 on the banner/district, the 市安委办 on the city.
/// </summary>
internal sealed class LoopNoticePublisher(IGrainFactory grains, string world)
{
    private readonly Dictionary<string, Unit?> _enterprises = new(StringComparer.Ordinal);

    /// <summary>Publishes <paramref name="notice"/> (made from the enterprise's registry record) to the unit <paramref name="reaches"/> names.</summary>
    public async Task PublishAsync(string enterpriseCode, EscalationLevel reaches, Func<Unit, LoopNotice> notice, DateTimeOffset now)
    {
        if (!_enterprises.TryGetValue(enterpriseCode, out var enterprise))
            _enterprises[enterpriseCode] = enterprise = (await grains.GetGrain<IEnterpriseGrain>(GrainKey.For(world, enterpriseCode)).GetAsync())?.Unit;
        if (enterprise is null) return;
        var (code, kind) = Target(enterprise, reaches);
        var path = string.Join('/', UnitPath.Codes(enterprise.Path).TakeWhile(c => c != code).Append(code));
        var live = await grains.GetRiskNode(world, kind, code)!.GetLiveAsync();
        var summary = live?.Summary ?? new RiskSummary { Code = code, Name = code };
        await grains.GetGrain<IChangePublisherGrain>(world).PublishAsync(
            new LevelChange(world, code, kind, path, Sector(kind, enterprise), Department(kind, enterprise), summary, now) { Notice = notice(enterprise) });
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
}
