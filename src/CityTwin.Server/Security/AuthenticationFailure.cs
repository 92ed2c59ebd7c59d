using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.Tokens;

namespace CityTwin.Server.Security;

/// <summary>
/// Why credentials that were presented did not authenticate, kept on the request so the UNAUTHENTICATED status can
/// say it (an expired token, a bad signature) instead of only "no identity".
/// </summary>
public static class AuthenticationFailure
{
    private const string Key = "citytwin.authentication-failure";

    public static void Record(HttpContext context, string reason) => context.Items[Key] = reason;

    public static string? Of(HttpContext context) => context.Items.TryGetValue(Key, out var reason) ? reason as string : null;

    /// <summary>A reason a person can act on, without echoing the token.</summary>
    public static string Describe(Exception e) => e switch
    {
        SecurityTokenExpiredException expired => $"the bearer token expired at {expired.Expires:u}; get a new one",
        SecurityTokenNotYetValidException => "the bearer token is not valid yet; check the clocks",
        SecurityTokenInvalidSignatureException or SecurityTokenSignatureKeyNotFoundException => "the bearer token's signature does not verify with the server's key",
        SecurityTokenInvalidIssuerException => "the bearer token has the wrong issuer",
        SecurityTokenInvalidAudienceException => "the bearer token has the wrong audience",
        SecurityTokenMalformedException or ArgumentException => "the bearer token is malformed",
        _ => $"the bearer token was rejected ({e.GetType().Name})",
    };
}
