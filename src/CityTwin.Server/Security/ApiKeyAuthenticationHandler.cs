using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CityTwin.Server.Security;

public sealed class ApiKeyAuthenticationOptions : AuthenticationSchemeOptions
{
    public IReadOnlyList<ApiKeySettings> Keys { get; set; } = [];
}

/// <summary>
/// Authenticates machine callers by the <c>x-api-key</c> header (ASP.NET Core has no API-key handler). Keys are
/// compared as SHA-256 hashes in constant time, so configuration need not hold the keys themselves.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(IOptionsMonitor<ApiKeyAuthenticationOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<ApiKeyAuthenticationOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string Header = "x-api-key";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(Header, out var values) || values.Count == 0) return Task.FromResult(AuthenticateResult.NoResult());
        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(values.ToString()));
        ApiKeySettings? match = null;
        foreach (var key in Options.Keys)
        {
            // Check every key, so the time taken does not tell which one nearly matched.
            if (CryptographicOperations.FixedTimeEquals(presented, HashOf(key)) && match is null) match = key;
        }
        if (match is null)
        {
            AuthenticationFailure.Record(Context, "the API key is not one this server knows");
            return Task.FromResult(AuthenticateResult.Fail("unknown API key"));
        }
        var identity = new ClaimsIdentity(
            [new Claim(CallerClaims.Subject, match.Subject), new Claim(CallerClaims.Role, match.Role), new Claim(CallerClaims.Scope, match.Scope)],
            SchemeName, CallerClaims.Subject, CallerClaims.Role);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    private static byte[] HashOf(ApiKeySettings key) =>
        key.Sha256.Length > 0 ? Convert.FromHexString(key.Sha256) : SHA256.HashData(Encoding.UTF8.GetBytes(key.Key));
}
