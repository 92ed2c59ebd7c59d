using Microsoft.AspNetCore.Http;

namespace CityTwin.Server.Security.Limits;

/// <summary>Whom a per-caller limit counts against: the authenticated subject, else the remote address.</summary>
public static class CallerKey
{
    public static string Of(HttpContext context) =>
        context.User.Identity is { IsAuthenticated: true } && context.User.FindFirst(CallerClaims.Subject)?.Value is { Length: > 0 } subject
            ? $"subject {subject}"
            : $"address {context.Connection.RemoteIpAddress?.ToString() ?? "unknown"}";
}
