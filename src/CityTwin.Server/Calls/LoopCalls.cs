using CityTwin.Abstractions.Registry;
using CityTwin.Domain.Inspections;
using CityTwin.Domain.Units;
using CityTwin.Server.Security;
using Grpc.Core;

namespace CityTwin.Server.Calls;

/// <summary>
/// What the closed-loop services (hidden dangers, warnings, commitments) check before a request reaches a grain: keys, codes, text
/// sizes, the enterprise within the caller's scope; and how a domain refusal becomes a status.
/// </summary>
public sealed class LoopCalls(RegistryClient registry, ScopeResolver scopes)
{
    /// <summary>Free text a person types; longer is a client bug or abuse.</summary>
    public const int MaxText = 4000;
    public const int MaxItems = 100;

    /// <summary>The enterprise must be registered, be an enterprise, and lie within the caller's scope.</summary>
    public async Task<Unit> EnterpriseInScopeAsync(string code, ServerCallContext context, string action)
    {
        RequireCode(code, "enterprise_code");
        var record = await registry.GetAsync(code) ?? throw Failures.NotFound(code);
        if (record.Unit.Kind != UnitKind.Enterprise) throw Failures.InvalidArgument("enterprise_code", $"'{code}' is a {record.Unit.Kind}, not an enterprise");
        var caller = Callers.Of(context);
        if (!(await scopes.VisibleToAsync(caller)).Contains(record.Unit.Path)) throw Failures.OutsideScope(caller.Scope, code, action);
        return record.Unit;
    }

    /// <summary>The enterprises within <paramref name="pathPrefix"/> (all if empty) that the caller may see.</summary>
    public async Task<IReadOnlyList<IndexEntry>> EnterprisesInScopeAsync(string pathPrefix, ServerCallContext context) =>
        await registry.FindAllAsync(await ScopeQueryAsync(pathPrefix, context));

    /// <summary>The query for those enterprises, for code that gathers over them itself.</summary>
    public async Task<UnitQuery> ScopeQueryAsync(string pathPrefix, ServerCallContext context)
    {
        foreach (var code in pathPrefix.Length > 0 ? UnitPath.Codes(pathPrefix) : [])
        {
            if (UnitCode.Problem(code) is { } why) throw Failures.InvalidArgument("path_prefix", $"segment '{code}' {why}");
        }
        var visible = await scopes.VisibleToAsync(Callers.Of(context));
        return visible.Narrow(new UnitQuery { Kinds = [UnitKind.Enterprise], PathPrefix = pathPrefix.Length > 0 ? pathPrefix : null });
    }

    public static void RequireKey(string key)
    {
        if (string.IsNullOrWhiteSpace(key)) throw Failures.InvalidArgument("idempotency_key", "is required: choose one per intended write and reuse it when you retry");
        if (key.Length > 128) throw Failures.InvalidArgument("idempotency_key", "must be at most 128 characters");
    }

    public static void RequireCode(string code, string field)
    {
        if (UnitCode.Problem(code) is { } why) throw Failures.InvalidArgument(field, why);
    }

    public static string RequireText(string text, string field) =>
        text.Length > MaxText ? throw Failures.InvalidArgument(field, $"must be at most {MaxText} characters") : text;

    public static int PageSize(int requested, int max, int fallback = 100)
    {
        if (requested < 0) throw Failures.InvalidArgument("page_size", "must not be negative");
        if (requested > max) throw Failures.InvalidArgument("page_size", $"must be at most {max}");
        return requested == 0 ? fallback : requested;
    }

    /// <summary>The domain's refusal as a status whose message names the field, the roles needed or what is missing.</summary>
    public static RpcException Refusal(Problem problem) => problem.Status switch
    {
        OutcomeStatus.InvalidArgument => Failures.InvalidArgument(problem.Subject, problem.Message),
        OutcomeStatus.PermissionDenied => Failures.PermissionDenied($"{problem.Message} (roles: {problem.Subject})"),
        OutcomeStatus.FailedPrecondition => Failures.FailedPrecondition($"{problem.Subject} missing: {problem.Message}"),
        OutcomeStatus.NotFound => new RpcException(new Status(StatusCode.NotFound, problem.Message)),
        OutcomeStatus.AlreadyExists => new RpcException(new Status(StatusCode.AlreadyExists, problem.Message)),
        _ => new RpcException(new Status(StatusCode.Internal, problem.Message)),
    };
}
