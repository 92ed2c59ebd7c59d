using CityTwin.Abstractions;
using CityTwin.Server.Security;
using Grpc.Core;
using Microsoft.AspNetCore.Http;

namespace CityTwin.Server.Calls;

/// <summary>
/// Who is calling, as <see cref="AuthorizationInterceptor"/> established it before the handler ran: the identity
/// every write carries to the grains, and the scope every read is filtered by.
/// </summary>
public static class Callers
{
    private const string Key = "citytwin.caller";

    internal static void Set(HttpContext context, Caller caller) => context.Items[Key] = caller;

    /// <summary>The authorized caller; a handler reached without authorization is refused (fail closed).</summary>
    public static Caller Of(ServerCallContext context) =>
        context.GetHttpContext().Items.TryGetValue(Key, out var caller) && caller is Caller c
            ? c
            : throw Failures.PermissionDenied($"{context.Method} was reached without authorization; refused");

    public static Actor ActorOf(ServerCallContext context) => Of(context).Actor;
}
