using CityTwin.Abstractions;
using CityTwin.Abstractions.Registry;
using CityTwin.Abstractions.Worlds;
using CityTwin.Domain.Units;

namespace CityTwin.Grains.Registry;

/// <summary>
/// Holds one unit's registry record. Each kind family derives its own grain type with its own state name, since
/// ADO.NET storage keys rows by state name and grain key.
/// </summary>
public abstract partial class UnitGrain(IPersistentState<UnitState> state, TimeProvider time) : Grain, IUnitGrain
{
    /// <summary>The silo's clock in the live world; in a drill world, the drill's simulated clock (Drills/UnitGrain.DrillWorld.cs).</summary>
    protected TimeProvider Time { get; private set; } = time;
    protected string Code { get; private set; } = "";
    protected string World { get; private set; } = "";

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (World, Code) = GrainKey.Parse(this.GetPrimaryKeyString());
        if (DrillWorlds.IsDrill(World)) Time = new Drills.DrillClock(Time.GetUtcNow());
        return base.OnActivateAsync(cancellationToken);
    }

    protected UnitRecord? Record => state.State.Unit is { } unit
        ? new UnitRecord(unit, state.State.Fingerprint, state.State.Version, state.State.UpdatedAt, state.State.UpdatedBy ?? Actor.LocalOperator)
        : null;

    public Task<UnitRecord?> GetAsync() => Task.FromResult(Record);

    public async Task<UpsertOutcome> UpsertAsync(Unit unit, string fingerprint, Actor by)
    {
        if (unit.Code != Code) throw new ArgumentException($"unit '{unit.Code}' sent to the grain of '{Code}'", nameof(unit));
        if (state.State.Unit is not null && state.State.Fingerprint == fingerprint) return new UpsertOutcome(false, state.State.Version);

        state.State.Unit = unit;
        state.State.Fingerprint = fingerprint;
        state.State.Version++;
        state.State.UpdatedAt = Time.GetUtcNow();
        state.State.UpdatedBy = by;
        await state.WriteOrForgetAsync(DeactivateOnIdle);
        return new UpsertOutcome(true, state.State.Version);
    }

    public async Task<bool> RemoveAsync(Actor by)
    {
        if (state.State.Unit is null) return false;
        state.State.Unit = null;
        state.State.Fingerprint = "";
        state.State.Version++;
        state.State.UpdatedAt = Time.GetUtcNow();
        state.State.UpdatedBy = by;
        await state.WriteOrForgetAsync(DeactivateOnIdle);
        return true;
    }
}

public sealed class RescueTeamGrain([PersistentState("rescueTeam", StorageNames.Default)] IPersistentState<UnitState> state, TimeProvider time)
    : UnitGrain(state, time), IRescueTeamGrain;
