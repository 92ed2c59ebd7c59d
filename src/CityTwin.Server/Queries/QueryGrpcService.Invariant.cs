using CityTwin.Abstractions.Live;
using CityTwin.Domain.Risk;
using CityTwin.Server.Calls;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Proto = CityTwin.Protos.V1;

namespace CityTwin.Server.Queries;

/// <summary>QueryService.CheckInvariant: the roll-up invariant of a scope, asked of the leaves afresh.</summary>
public sealed partial class QueryGrpcService
{
    public override async Task<Proto.InvariantReport> CheckInvariant(Proto.CheckInvariantRequest request, ServerCallContext context)
    {
        RequireCode(request.Scope, "scope");
        var entry = await Registry.EntryAsync(request.Scope) ?? throw Failures.NotFound(request.Scope);
        var caller = Callers.Of(context);
        if (!(await scopes.VisibleToAsync(caller)).Contains(entry.Path)) throw Failures.OutsideScope(caller.Scope, request.Scope, "check");
        if (entry.Kind is Domain.Units.UnitKind.HazardSource or Domain.Units.UnitKind.RescueTeam)
            throw Failures.InvalidArgument("scope", $"'{request.Scope}' is a {entry.Kind}; check a region or an enterprise");

        var rules = context.GetHttpContext().RequestServices.GetService<RiskRules>() ?? RiskRules.Default;
        var report = await new InvariantCheck(Grains, rules).RunAsync(request.Scope);
        var response = new Proto.InvariantReport { Checked = report.Checked };
        response.Mismatches.AddRange(report.Mismatches.Select(m => new Proto.InvariantMismatch { Code = m.Code, Field = m.Field, Cached = m.Cached, Expected = m.Expected }));
        return response;
    }
}
