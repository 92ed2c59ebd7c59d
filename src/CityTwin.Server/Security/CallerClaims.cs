using System.Security.Claims;

namespace CityTwin.Server.Security;

/// <summary>
/// The claims a CityTwin identity carries, whatever authenticated it (JWT, API key): <c>sub</c>, <c>role</c>
/// and <c>citytwin_scope</c> (see <see cref="CallerScope"/>). Named apart from OAuth's <c>scope</c>, which lists
/// permissions, not places.
/// </summary>
public static class CallerClaims
{
    public const string Subject = "sub";
    public const string Role = "role";
    public const string Scope = "citytwin_scope";

    /// <summary>The caller an authenticated principal stands for; null with the reason when its claims do not make one.</summary>
    public static Caller? ToCaller(ClaimsPrincipal principal, out string? problem)
    {
        problem = null;
        var subject = principal.FindFirst(Subject)?.Value;
        if (string.IsNullOrWhiteSpace(subject)) { problem = $"the identity has no '{Subject}' claim"; return null; }
        var roleName = principal.FindFirst(Role)?.Value;
        if (roleName is null || !Roles.All.TryGetValue(roleName, out var role))
        {
            problem = $"'{subject}' has no known '{Role}' claim (got '{roleName}'; roles: {string.Join(", ", Roles.All.Keys)})";
            return null;
        }
        var scope = CallerScope.Parse(principal.FindFirst(Scope)?.Value, out var why);
        if (scope is null) { problem = $"'{subject}' has a malformed '{Scope}' claim: {why}"; return null; }
        if (ScopeProblem(role, scope) is { } mismatch) { problem = $"'{subject}': {mismatch}"; return null; }
        return new Caller(subject, role, scope);
    }

    /// <summary>Why a scope does not suit a role (null when it does).</summary>
    public static string? ScopeProblem(Role role, CallerScope scope) => (role.Scope, scope) switch
    {
        (ScopeRule.Optional, CityScope or PathScope) => null,
        (ScopeRule.Path, PathScope) => null,
        (ScopeRule.Slice, SliceScope) => null,
        (ScopeRule.Optional, _) => $"role {role.Name} takes the whole city or a path as its scope, not '{scope}'",
        (ScopeRule.Path, _) => $"role {role.Name} needs a path scope (e.g. 150600/150622), not '{scope}'",
        _ => $"role {role.Name} needs a sector or department scope (e.g. sector:hazchem), not '{scope}'",
    };
}
