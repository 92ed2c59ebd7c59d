using CityTwin.Domain.Registry;
using Grpc.Core;

namespace CityTwin.Server.Calls;

/// <summary>The statuses citytwin.v1 answers with, each carrying a message a person can act on.</summary>
public static class Failures
{
    public static RpcException InvalidArgument(string field, string message) =>
        new(new Status(StatusCode.InvalidArgument, $"{field}: {message}"));

    public static RpcException Invalid(IReadOnlyList<BundleProblem> problems, int shown = 20)
    {
        var text = string.Join("; ", problems.Take(shown));
        if (problems.Count > shown) text += $"; and {problems.Count - shown} more";
        return new(new Status(StatusCode.InvalidArgument, $"{problems.Count} problem(s): {text}"));
    }

    public static RpcException NotFound(string code) => new(new Status(StatusCode.NotFound, $"unit '{code}' is not registered"));

    public static RpcException FailedPrecondition(string message) => new(new Status(StatusCode.FailedPrecondition, message));

    public static RpcException Unauthenticated(string message) => new(new Status(StatusCode.Unauthenticated, message));

    public static RpcException PermissionDenied(string message) => new(new Status(StatusCode.PermissionDenied, message));

    /// <summary>A unit the caller's scope does not reach, naming both.</summary>
    public static RpcException OutsideScope(object scope, string unit, string action = "use") =>
        PermissionDenied($"unit '{unit}' is outside your scope '{scope}': you may not {action} it");

    public static RpcException ResourceExhausted(string limit, string message) =>
        new(new Status(StatusCode.ResourceExhausted, $"limit {limit} exceeded: {message}"));
}
