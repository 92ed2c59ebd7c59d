using System.CommandLine;
using CityTwin.Cli.Tokens;

namespace CityTwin.Cli.Commands;

/// <summary><c>citytwin token</c>: mints a development JWT for a role and scope with the server's signing key.</summary>
public static class TokenCommand
{
    public static readonly IReadOnlyList<string> Roles = ["city-admin", "scope-supervisor", "department", "enterprise", "feed-writer", "drill-planner", "platform", "auditor"];

    public static Command Create(CliConsole console, TimeProvider time)
    {
        var role = new Option<string>("--role") { Description = $"role: {string.Join(", ", Roles)}", Required = true };
        role.AcceptOnlyFromAmong([.. Roles]);
        var scope = new Option<string>("--scope")
        {
            Description = "path prefix (e.g. 150600/150622 for a banner and everything below it), or sector:NAME / department:NAME[@PATH] for a department; omit for the whole city",
        };
        var subject = new Option<string>("--subject") { Description = "who the token names (recorded with every write) [default: the role]" };
        var key = new Option<string>("--signing-key")
        {
            Description = "HMAC-SHA256 key the server validates with (its CityTwin:Auth:Jwt:SigningKey), at least 32 bytes [env CITYTWIN_SIGNING_KEY]",
        };
        var issuer = new Option<string>("--issuer") { Description = "issuer (CityTwin:Auth:Jwt:Issuer)", DefaultValueFactory = _ => "citytwin" };
        var audience = new Option<string>("--audience") { Description = "audience (CityTwin:Auth:Jwt:Audience)", DefaultValueFactory = _ => "citytwin" };
        var lifetime = new Option<TimeSpan>("--lifetime") { Description = "how long the token is valid, e.g. 08:00:00", DefaultValueFactory = _ => TimeSpan.FromHours(8) };

        var command = new Command("token", "Mint a development token (JWT) for a role and scope; pass it with --token or CITYTWIN_TOKEN")
        {
            role, scope, subject, key, issuer, audience, lifetime,
        };
        command.SetAction(parse =>
        {
            var signingKey = CliOptions.Secret(parse.GetValue(key), "CITYTWIN_SIGNING_KEY") ?? "";
            if (signingKey.Length == 0) return console.Fail("--signing-key (or CITYTWIN_SIGNING_KEY) is required: the key the server is configured with");
            var roleName = parse.GetValue(role)!;
            try
            {
                console.Out.WriteLine(DevelopmentToken.Mint(new DevelopmentTokenRequest(parse.GetValue(subject) ?? roleName, roleName, parse.GetValue(scope), signingKey)
                {
                    Issuer = parse.GetValue(issuer)!, Audience = parse.GetValue(audience)!, Lifetime = parse.GetValue(lifetime),
                }, time));
                return 0;
            }
            catch (ArgumentException e)
            {
                return console.Fail(e.Message);
            }
        });
        return command;
    }
}
