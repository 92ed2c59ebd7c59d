using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CityTwin.Cli.Tokens;

/// <summary>What a development token says: who, in which role, over which scope, signed how, valid when.</summary>
public sealed record DevelopmentTokenRequest(string Subject, string Role, string? Scope, string SigningKey)
{
    public string Issuer { get; init; } = "citytwin";
    public string Audience { get; init; } = "citytwin";
    public TimeSpan Lifetime { get; init; } = TimeSpan.FromHours(8);
}

/// <summary>
/// Mints an HMAC-SHA256 JWT the server's JWT bearer handler accepts when it is configured with the same signing key,
/// issuer and audience. For development and tests; production tokens come from the organisation's identity provider.
/// Claim names match the server's: <c>sub</c>, <c>role</c>, <c>citytwin_scope</c>.
/// </summary>
public static class DevelopmentToken
{
    public const int MinKeyBytes = 32;

    public static string Mint(DevelopmentTokenRequest request, TimeProvider time)
    {
        var key = Encoding.UTF8.GetBytes(request.SigningKey);
        if (key.Length < MinKeyBytes) throw new ArgumentException($"the signing key must be at least {MinKeyBytes} bytes");
        var now = time.GetUtcNow().UtcDateTime;
        var claims = new List<Claim> { new("sub", request.Subject), new("role", request.Role) };
        if (!string.IsNullOrEmpty(request.Scope)) claims.Add(new Claim("citytwin_scope", request.Scope));
        var expires = now + request.Lifetime;
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Subject = new ClaimsIdentity(claims),
            Issuer = request.Issuer,
            Audience = request.Audience,
            IssuedAt = expires < now ? expires - TimeSpan.FromMinutes(1) : now,
            NotBefore = expires < now ? expires - TimeSpan.FromMinutes(1) : now,
            Expires = expires,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(key), SecurityAlgorithms.HmacSha256),
        });
    }
}
