using CityTwin.Abstractions.Live;
using CityTwin.Abstractions.Records;
using CityTwin.Abstractions.Observability;
using CityTwin.Abstractions.Registry;
using CityTwin.Abstractions.Worlds;
using CityTwin.Domain.Risk;
using CityTwin.Domain.Risk.Rollup;
using CityTwin.Domain.Units;
using CityTwin.Grains.Records;

namespace CityTwin.Grains.Live;

/// <summary>
/// The roll-up protocol shared by regions and dimension nodes: keep the newest summary per child, recompute with
/// the domain's one roll-up function (at once when quiet, coalesced while busy), forward only on change with a
/// version that outranks every earlier activation's, and reconcile by pulling the children afresh on activation
/// and on a slow timer.
/// </summary>
internal sealed class RollupParentBase(IGrainBase grain, IGrainFactory grains, TimeProvider time, RiskRules rules, LiveOptions options, ILiveRecords records, string world)
{
    private readonly RollupChildren _children = new();
    private SummaryVersions _versions = new(time.GetUtcNow());
    private Coalescer? _coalescer;
    private Func<RollupParent?>? _describe;
    private Func<RiskSummary, Task>? _forward;
    private Task? _firstReconcile;
    // The oldest origin among pushed changes not yet folded into a forwarded summary; pulls carry none, so a
    // reconcile never counts an old change as lag.
    private DateTimeOffset? _pendingOrigin;

    public RiskSummary? Summary { get; private set; }
    public DateTimeOffset ComputedAt { get; private set; }
    public DateTimeOffset ChangedAt { get; private set; }

    public void Start(Func<RollupParent?> describe, Func<RiskSummary, Task> forward)
    {
        _describe = describe;
        _forward = forward;
        _coalescer = new Coalescer(grain, time, options.CoalesceWindow, RecomputeAsync, delay =>
            CityTwinTelemetry.RollupDelay.Record(delay.TotalMilliseconds, CityTwinTelemetry.Tag("scope", _describe?.Invoke()?.Scope.ToString().ToLowerInvariant())));
        if (options.ReconcileInterval != Timeout.InfiniteTimeSpan)
            grain.RegisterGrainTimer(_ => ReconcileAsync(), new GrainTimerCreationOptions(options.ReconcileInterval, options.ReconcileInterval) { Interleave = false });
    }

    /// <summary>The children this node rolls up, and how to pull each one's summary.</summary>
    public Func<Task<IReadOnlyList<(string Code, Func<Task<RiskSummary?>> Pull)>>>? Children { get; set; }

    public async Task ReportAsync(RiskSummary child)
    {
        if (!_children.Accept(child)) return;
        if (child.Origin is { } origin && (_pendingOrigin is null || origin < _pendingOrigin)) _pendingOrigin = origin;
        // A parent woken by one child's push must not speak for the others before it has heard them all.
        if (_firstReconcile is not { IsCompletedSuccessfully: true }) await EnsureReconciledAsync();
        else await _coalescer!.ChangedAsync();
    }

    /// <summary>
    /// The first reconcile after activation, shared: reads interleave with it (GetLiveAsync is AlwaysInterleave)
    /// and must wait for it rather than answer from a partial set of children.
    /// </summary>
    private async Task EnsureReconciledAsync()
    {
        _firstReconcile ??= ReconcileAsync();
        try
        {
            await _firstReconcile;
        }
        catch
        {
            _firstReconcile = null;   // try again on the next call
            throw;
        }
    }

    /// <summary>A drill world's region outside the drill's reach: it answers with the live summary it was given and rolls nothing up.</summary>
    public RiskSummary? Pinned { get; set; }

    public async Task ReconcileAsync()
    {
        if (Children is null || Pinned is not null) return;
        var children = await Children();
        var pulled = await Task.WhenAll(children.Select(c => c.Pull()));
        _children.Reset(children.Select(c => c.Code).ToHashSet(StringComparer.Ordinal), pulled.OfType<RiskSummary>());
        await RecomputeAsync();
    }

    public async Task<LiveUnit?> GetLiveAsync()
    {
        if (Pinned is { } pinned) return new LiveUnit(pinned, ComputedAt, []) { ChangedAt = ChangedAt };
        await EnsureReconciledAsync();
        return Summary is null ? null : new LiveUnit(Summary, ComputedAt, []) { ChangedAt = ChangedAt };
    }

    private async Task RecomputeAsync()
    {
        if (_describe?.Invoke() is not { } parent) return;
        var next = RiskRollup.Compute(parent, _children.All, rules, Summary);
        ComputedAt = time.GetUtcNow();
        var origin = _pendingOrigin;
        _pendingOrigin = null;
        if (Summary is not null && next.SameContentAs(Summary)) return;
        var previous = Summary?.Level;
        Summary = next with { Version = _versions.Next(), Origin = origin ?? ComputedAt };
        // Drill worlds run on a simulated clock: their lag would mean nothing here.
        if (parent.Scope == RollupScope.City && world == GrainKey.Live && origin is { } from)
            CityTwinTelemetry.CityLag.Record((ComputedAt - from).TotalMilliseconds);
        ChangedAt = ComputedAt;
        records.Note(world, previous, Summary, ChangedAt);
        await _forward!(Summary);
    }

    /// <summary>The live summary of a child unit of the given kind (regions and enterprises), or null if it has none.</summary>
    public static async Task<RiskSummary?> PullAsync(IGrainFactory grains, string world, UnitKind kind, string code) =>
        grains.GetRiskNode(world, kind, code) is { } node ? (await node.GetLiveAsync())?.Summary : null;

    public IGrainFactory Grains => grains;
}
