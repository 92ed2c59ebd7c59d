using CityTwin.Domain.Units;

namespace CityTwin.Abstractions.Registry;

/// <summary>
/// Every unit's grain holds its registry record. Keyed <c>world/code</c>. The kinds have grain types of
/// their own (regions, enterprises, hazard sources, rescue teams), each with its own state name.
/// </summary>
public interface IUnitGrain : IGrainWithStringKey
{
    [AlwaysInterleave]
    Task<UnitRecord?> GetAsync();

    /// <summary>Stores the definition unless its fingerprint equals the stored one; the version moves only on change.</summary>
    Task<UpsertOutcome> UpsertAsync(Unit unit, string fingerprint, Actor by);

    /// <summary>Removes the record; false when there was none.</summary>
    Task<bool> RemoveAsync(Actor by);
}

[Alias("citytwin.IRegionGrain")]
public interface IRegionGrain : IUnitGrain, Live.IRollupParent;

[Alias("citytwin.IEnterpriseGrain")]
public interface IEnterpriseGrain : IUnitGrain, Live.ISourceParent, Inspections.IHiddenDangerSubject, Inspections.ICommitmentSubject;

[Alias("citytwin.IHazardSourceGrain")]
public interface IHazardSourceGrain : IUnitGrain, Live.IRiskNode
{
    /// <summary>Applies a batch's readings for this source: one call per source per batch.</summary>
    Task<Live.ReadingsOutcome> ApplyReadingsAsync(Live.SourceReadings readings);

    /// <summary>The current assessment and its version, for the enterprise's reconciliation.</summary>
    [AlwaysInterleave]
    Task<Live.SourceAssessment?> GetAssessmentAsync();

    /// <summary>Alarm records not yet both cleared and acknowledged.</summary>
    Task<IReadOnlyList<Records.AlarmRecord>> GetAlarmsAsync();

    /// <summary>Acknowledges an active alarm record, stored before this returns; null if the record is not active here.</summary>
    Task<Records.AlarmRecord?> AcknowledgeAlarmAsync(string recordId, Actor by, string? note);

    /// <summary>A sensor's recent readings; null if the source has no such sensor.</summary>
    Task<Live.SensorWindow?> GetWindowAsync(string sensorCode);

    /// <summary>Every sensor's recent readings (sensors without readings left out): what a drill carries from the live picture.</summary>
    Task<IReadOnlyList<Live.SensorWindow>> GetWindowsAsync();
}

[Alias("citytwin.IRescueTeamGrain")]
public interface IRescueTeamGrain : IUnitGrain;

public static class UnitGrains
{
    /// <summary>The live risk node of a unit (hazard source, enterprise or region); null for rescue teams, which carry no level.</summary>
    public static Live.IRiskNode? GetRiskNode(this IGrainFactory grains, string world, UnitKind kind, string code)
    {
        var key = Worlds.GrainKey.For(world, code);
        return kind switch
        {
            UnitKind.HazardSource => grains.GetGrain<IHazardSourceGrain>(key),
            UnitKind.Enterprise => grains.GetGrain<IEnterpriseGrain>(key),
            UnitKind.RescueTeam => null,
            _ => grains.GetGrain<IRegionGrain>(key),
        };
    }

    /// <summary>The grain of a unit of the given kind in a world.</summary>
    public static IUnitGrain GetUnitGrain(this IGrainFactory grains, string world, UnitKind kind, string code)
    {
        var key = Worlds.GrainKey.For(world, code);
        return kind switch
        {
            UnitKind.Enterprise => grains.GetGrain<IEnterpriseGrain>(key),
            UnitKind.HazardSource => grains.GetGrain<IHazardSourceGrain>(key),
            UnitKind.RescueTeam => grains.GetGrain<IRescueTeamGrain>(key),
            _ => grains.GetGrain<IRegionGrain>(key),
        };
    }
}
