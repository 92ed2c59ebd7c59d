using CityTwin.Abstractions.Registry;
using CityTwin.Domain.Units;
using CityTwin.Server.Calls;

namespace CityTwin.Server.Security;

/// <summary>
/// Checks a registry write against the caller's scope before anything is written: the unit must lie within the
/// scope where it is now and where the write would put it (a move out of the scope is as much a write outside
/// it as an edit there). The role's permission to write at all is checked earlier, by the interceptor.
/// </summary>
public sealed class RegistryScopeGuard(RegistryClient registry)
{
    public async Task RequireUpsertsAsync(Caller caller, IEnumerable<Unit> units)
    {
        if (caller.Scope is CityScope) return;
        var scope = PathOf(caller);
        foreach (var unit in units)
        {
            if (await registry.GetAsync(unit.Code) is { } existing && !UnitPath.IsWithin(existing.Unit.Path, scope))
                throw Failures.OutsideScope(caller.Scope, unit.Code, "change");
            var parentPath = unit.Parent is null ? null : (await registry.GetAsync(unit.Parent))?.Unit.Path;
            if (unit.Parent is not null && parentPath is null)
                throw Failures.PermissionDenied($"unit '{unit.Code}': its parent '{unit.Parent}' is not a registered unit within your scope '{caller.Scope}'");
            if (!UnitPath.IsWithin(UnitPath.Child(parentPath, unit.Code), scope))
                throw Failures.PermissionDenied($"unit '{unit.Code}' would be placed under '{unit.Parent ?? "(no parent)"}', outside your scope '{caller.Scope}'");
        }
    }

    public async Task RequireRemovalsAsync(Caller caller, IEnumerable<string> codes)
    {
        if (caller.Scope is CityScope) return;
        var scope = PathOf(caller);
        foreach (var code in codes)
        {
            // An unknown code is left to the handler, which answers NOT_FOUND.
            if (await registry.GetAsync(code) is { } existing && !UnitPath.IsWithin(existing.Unit.Path, scope))
                throw Failures.OutsideScope(caller.Scope, code, "remove");
        }
    }

    private static string PathOf(Caller caller) => caller.Scope is PathScope p
        ? p.Path
        : throw Failures.PermissionDenied($"scope '{caller.Scope}' does not allow registry writes");
}
