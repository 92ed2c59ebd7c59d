using CityTwin.Cli.Tokens;
using CityTwin.Domain.Registry;
using CityTwin.Domain.Units;
using Grpc.Core;

namespace CityTwin.EndToEnd.Tests.Security;

/// <summary>A way of calling: the metadata a caller sends (none for anonymous).</summary>
public sealed record Identity(string Name, Metadata? Headers)
{
    public override string ToString() => Name;
}

/// <summary>
/// Test identities for a host configured by <see cref="AuthConfiguration"/>: tokens minted the way
/// <c>citytwin token</c> mints them, and an API key for a sensor feed.
/// </summary>
public static class Identities
{
    public const string SigningKey = "citytwin-end-to-end-tests-signing-key-0123456789";
    public const string FeedApiKey = "feed-key-for-the-end-to-end-tests-0001";
    public const string Banner = "150622";
    public const string BannerPath = "150600/150622";
    public const string Enterprise = "ent-150622-0001";
    public const string HazardSource = "hs-150622-0001-1";

    public static readonly IReadOnlyList<Unit> Sample = BundleValidator.Validate(BundleReader.ReadDirectory(RunningHost.SampleCity)).Units;
    public static string PathOf(string code) => Sample.Single(u => u.Code == code).Path;

    /// <summary>JWT validation with <see cref="SigningKey"/> and one API key, for a feed writer of <see cref="HazardSource"/>.</summary>
    public static IEnumerable<string> AuthConfiguration() =>
    [
        $"--CityTwin:Auth:Jwt:SigningKey={SigningKey}",
        "--CityTwin:Auth:ApiKeys:0:Subject=feed-hs-150622-0001-1",
        "--CityTwin:Auth:ApiKeys:0:Role=feed-writer",
        $"--CityTwin:Auth:ApiKeys:0:Scope={PathOf(HazardSource)}",
        $"--CityTwin:Auth:ApiKeys:0:Key={FeedApiKey}",
    ];

    public static string Token(string role, string? scope = null, string? subject = null, TimeSpan? lifetime = null, string key = SigningKey, string issuer = "citytwin") =>
        DevelopmentToken.Mint(new DevelopmentTokenRequest(subject ?? $"test-{role}", role, scope, key) { Lifetime = lifetime ?? TimeSpan.FromHours(1), Issuer = issuer }, TimeProvider.System);

    public static Metadata Bearer(string token) => new() { { "authorization", $"Bearer {token}" } };

    public static Identity Anonymous => new("anonymous", null);
    public static Identity Expired => new("expired token", Bearer(Token("city-admin", lifetime: TimeSpan.FromMinutes(-10))));
    public static Identity WronglySigned => new("wrongly signed token", Bearer(Token("city-admin", key: "another-key-that-the-server-does-not-know-0123")));
    public static Identity WrongIssuer => new("wrong issuer", Bearer(Token("city-admin", issuer: "someone-else")));
    public static Identity UnknownApiKey => new("unknown API key", new Metadata { { "x-api-key", "not-a-key-the-server-knows-000000" } });
    public static Identity Garbage => new("malformed token", Bearer("not.a.jwt"));

    public static Identity CityAdmin => new("city-admin", Bearer(Token("city-admin")));
    public static Identity Supervisor => new("scope-supervisor of 150622", Bearer(Token("scope-supervisor", BannerPath)));
    public static Identity Department => new("department sector:hazchem", Bearer(Token("department", "sector:hazchem")));
    public static Identity EnterpriseRole => new("enterprise ent-150622-0001", Bearer(Token("enterprise", PathOf(Enterprise))));
    public static Identity FeedWriter => new("feed-writer (JWT)", Bearer(Token("feed-writer", PathOf(HazardSource))));
    public static Identity FeedApiKeyIdentity => new("feed-writer (API key)", new Metadata { { "x-api-key", FeedApiKey } });
    public static Identity DrillPlanner => new("drill-planner", Bearer(Token("drill-planner")));
    public static Identity Platform => new("platform", Bearer(Token("platform")));
    public static Identity Inspector => new("inspector sector:hazchem", Bearer(Token("inspector", "sector:hazchem", "inspector.li")));
    public static Identity DepartmentHead => new("department-head department:emergency", Bearer(Token("department-head", "department:emergency", "head.wang")));
    public static Identity SafetyManager => new("enterprise-safety-manager of ent-150622-0001", Bearer(Token("enterprise-safety-manager", PathOf(Enterprise), "safety.zhao")));
    public static Identity Auditor => new("auditor", Bearer(Token("auditor", subject: "auditor.sun")));
    public static Identity Principal => new("enterprise-principal of ent-150622-0001", Bearer(Token("enterprise-principal", PathOf(Enterprise), "principal.chen")));
}
