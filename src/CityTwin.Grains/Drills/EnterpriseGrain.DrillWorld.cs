using CityTwin.Abstractions.Drills;
using CityTwin.Domain.Inspections;

namespace CityTwin.Grains.Enterprises;

// In a drill world the drill pulls the enterprise's sources and recomputes it explicitly after each step; its
// closed loops' picture is the live one carried in at the snapshot.
public sealed partial class EnterpriseGrain : IDrillWorldEnterprise
{
    private CarriedLoops? _carried;

    public override async Task SettleAsync(DateTimeOffset now, bool recompute)
    {
        AdvanceDrillClock(now);
        if (recompute) await ReconcileAsync();
    }

    public async Task CarryLoopsAsync(CarriedLoops loops)
    {
        Abstractions.Worlds.DrillWorlds.Require(World);
        _carried = loops;
        if (_firstReconcile is not { IsCompletedSuccessfully: true }) await EnsureReconciledAsync();
        else await RecomputeAsync();
    }

    /// <summary>What the commitment feeds in: judged at the snapshot in a drill world carrying one, at the loops' clock otherwise.</summary>
    private CommitmentInputs Committed() => _carried is { } c
        ? CommitmentRules.Derive(c.Commitment, c.At, loops)
        : CommitmentRules.Derive(_commitment, clock.Now, loops);

    private HiddenDangerEffect HiddenDangers => _carried?.HiddenDangers ?? _hiddenDangers;
}
