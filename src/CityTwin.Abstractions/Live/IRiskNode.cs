using CityTwin.Domain.Risk;
using CityTwin.Domain.Risk.Rollup;

namespace CityTwin.Abstractions.Live;

/// <summary>
/// A unit with a live risk summary. Children push to parents only when their summary changed; parents keep the
/// newest summary per child (older versions ignored) and pull them on activation and on a slow timer, so a lost
/// push heals.
/// </summary>
public interface IRiskNode : IGrainWithStringKey
{
    [AlwaysInterleave]
    Task<LiveUnit?> GetLiveAsync();
}

/// <summary>A parent in the geographic or sector/department tree (regions, dimension nodes).</summary>
public interface IRollupParent : IRiskNode
{
    /// <summary>Best effort: a lost report is repaired by reconciliation.</summary>
    [OneWay]
    Task ReportAsync(RiskSummary child);

    /// <summary>Pull every child's summary afresh and recompute (also runs on activation and on a timer).</summary>
    Task ReconcileAsync();
}

/// <summary>The enterprise hears from its hazard sources.</summary>
public interface ISourceParent : IRiskNode
{
    [OneWay]
    Task ReportSourceAsync(HazardSourceAssessment source, long version);
}
