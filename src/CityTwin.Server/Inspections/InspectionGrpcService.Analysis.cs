using CityTwin.Abstractions.Inspections;
using CityTwin.Abstractions.Registry;
using CityTwin.Domain.Units;
using CityTwin.Server.Calls;
using CityTwin.Server.Security;
using Grpc.Core;
using Proto = CityTwin.Protos.V1;

namespace CityTwin.Server.Inspections;

/// <summary>InspectionService's statistics and planning: gathered from the ledgers within the caller's scope (InspectionAnalysis).</summary>
public sealed partial class InspectionGrpcService
{
    /// <summary>A plan covers at most a year: planning is per quarter or month, and a typo in a year should not pass.</summary>
    private const int MaxPlanDays = 366;

    public override async Task<Proto.HiddenDangerStatsReply> GetHiddenDangerStats(Proto.HiddenDangerStatsRequest request, ServerCallContext context)
    {
        var by = request.By switch
        {
            Proto.StatsGrouping.None => StatisticsGrouping.None,
            Proto.StatsGrouping.Sector => StatisticsGrouping.Sector,
            Proto.StatsGrouping.Department => StatisticsGrouping.Department,
            _ => throw Failures.InvalidArgument("by", "give none, sector or department"),
        };
        var scope = await calls.ScopeQueryAsync(request.PathPrefix, context);
        var stats = await new InspectionAnalysis(grains, rules).StatisticsAsync(scope, by);
        return stats.ToProto(rules.Statistics.RepeatWindowDays);
    }

    public override async Task<Proto.InspectionPlan> PlanInspections(Proto.PlanInspectionsRequest request, ServerCallContext context)
    {
        var from = InspectionMessages.OptionalDate(request.From, "from") ?? throw Failures.InvalidArgument("from", "is required (YYYY-MM-DD)");
        var to = InspectionMessages.OptionalDate(request.To, "to") ?? throw Failures.InvalidArgument("to", "is required (YYYY-MM-DD)");
        if (to < from) throw Failures.InvalidArgument("to", $"the period ends ({to:yyyy-MM-dd}) before it starts ({from:yyyy-MM-dd})");
        if (to.DayNumber - from.DayNumber >= MaxPlanDays) throw Failures.InvalidArgument("to", $"a plan covers at most {MaxPlanDays} days");
        var scope = await calls.ScopeQueryAsync(request.PathPrefix, context);
        var plan = await new InspectionAnalysis(grains, rules).PlanAsync(scope, from, to, request.Seed);
        return plan.ToProto();
    }
}
