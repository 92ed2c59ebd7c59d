using System.Text;

namespace CityTwin.Server.Security;

/// <summary>
/// Authentication settings (configuration section <c>CityTwin:Auth</c>). Authentication is on as soon as a JWT
/// signing key or authority, or an API key, is configured; without any the host serves loopback only.
/// </summary>
public sealed class SecurityOptions
{
    public const string Section = "CityTwin:Auth";

    public JwtSettings Jwt { get; set; } = new();
    public List<ApiKeySettings> ApiKeys { get; set; } = [];

    public bool Enabled => Jwt.Configured || ApiKeys.Count > 0;

    public static SecurityOptions From(Microsoft.Extensions.Configuration.IConfiguration configuration) =>
        Microsoft.Extensions.Configuration.ConfigurationBinder.Get<SecurityOptions>(configuration.GetSection(Section)) ?? new SecurityOptions();

    /// <summary>What is wrong with the settings, each naming its key; empty when they can be used.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (Jwt.SigningKey.Length > 0 && Encoding.UTF8.GetByteCount(Jwt.SigningKey) < JwtSettings.MinKeyBytes)
            problems.Add($"{Section}:Jwt:SigningKey must be at least {JwtSettings.MinKeyBytes} bytes (HMAC-SHA256)");
        if (Jwt.Configured && (Jwt.Issuer.Length == 0 || Jwt.Audience.Length == 0))
            problems.Add($"{Section}:Jwt:Issuer and {Section}:Jwt:Audience must not be empty");
        for (var i = 0; i < ApiKeys.Count; i++)
        {
            var key = ApiKeys[i];
            var name = $"{Section}:ApiKeys:{i}";
            if (key.Subject.Length == 0) problems.Add($"{name}:Subject is required");
            if (key.Key.Length == 0 && key.Sha256.Length == 0) problems.Add($"{name} needs Sha256 (hex SHA-256 of the key) or Key");
            if (key.Sha256.Length > 0 && !IsSha256Hex(key.Sha256)) problems.Add($"{name}:Sha256 must be 64 hex digits");
            if (key.Key.Length is > 0 and < ApiKeySettings.MinKeyLength) problems.Add($"{name}:Key must be at least {ApiKeySettings.MinKeyLength} characters");
            if (!Roles.All.TryGetValue(key.Role, out var role)) { problems.Add($"{name}:Role '{key.Role}' is not one of {string.Join(", ", Roles.All.Keys)}"); continue; }
            var scope = CallerScope.Parse(key.Scope, out var why);
            if (scope is null) problems.Add($"{name}:Scope: {why}");
            else if (CallerClaims.ScopeProblem(role, scope) is { } mismatch) problems.Add($"{name}:Scope: {mismatch}");
        }
        return problems;
    }

    private static bool IsSha256Hex(string s) => s.Length == 64 && s.All(Uri.IsHexDigit);
}

/// <summary>JWT bearer validation: a shared HMAC key (development, small deployments) or an OpenID Connect authority.</summary>
public sealed class JwtSettings
{
    public const int MinKeyBytes = 32;

    public string Issuer { get; set; } = "citytwin";
    public string Audience { get; set; } = "citytwin";
    /// <summary>HMAC-SHA256 key (UTF-8 text, at least 32 bytes) that tokens are signed with.</summary>
    public string SigningKey { get; set; } = "";
    /// <summary>An OpenID Connect issuer whose published keys sign the tokens (instead of a shared key).</summary>
    public string Authority { get; set; } = "";
    /// <summary>Tolerance for clock differences when checking expiry.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    public bool Configured => SigningKey.Length > 0 || Authority.Length > 0;
}

/// <summary>One machine caller (a sensor feed, a gateway) identified by an API key sent in the <c>x-api-key</c> header.</summary>
public sealed class ApiKeySettings
{
    public const int MinKeyLength = 24;

    public string Subject { get; set; } = "";
    public string Role { get; set; } = "";
    public string Scope { get; set; } = "";
    /// <summary>Hex SHA-256 of the key: what production configuration should hold.</summary>
    public string Sha256 { get; set; } = "";
    /// <summary>The key itself (development only; prefer <see cref="Sha256"/>).</summary>
    public string Key { get; set; } = "";
}
