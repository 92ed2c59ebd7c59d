using CityTwin.Abstractions;

namespace CityTwin.Server.Security;

/// <summary>An authorized caller: who (the subject), in which role, over which scope.</summary>
public sealed record Caller(string Subject, Role Role, CallerScope Scope)
{
    /// <summary>The embedded loopback mode without authentication: the local operator, city administrator.</summary>
    public static Caller LocalOperator { get; } = new(Actor.LocalOperator.Subject, Roles.All[Actor.LocalOperator.Role], CallerScope.City);

    /// <summary>The identity every write carries to the grains.</summary>
    public Actor Actor => new(Subject, Role.Name);

    public override string ToString() => $"{Subject} ({Role.Name}, scope {Scope})";
}
