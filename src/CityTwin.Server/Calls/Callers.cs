using CityTwin.Abstractions;
using Grpc.Core;

namespace CityTwin.Server.Calls;

/// <summary>Who is calling: the identity every write carries to the grains.</summary>
public static class Callers
{
    public static Actor ActorOf(ServerCallContext context)
    {
        var user = context.GetHttpContext().User;
        if (user.Identity is { IsAuthenticated: true, Name: { } name })
            return new Actor(name, user.FindFirst("role")?.Value ?? "unknown");
        return Actor.LocalOperator;
    }
}
