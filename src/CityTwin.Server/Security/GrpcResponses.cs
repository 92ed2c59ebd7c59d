using Microsoft.AspNetCore.Http;

namespace CityTwin.Server.Security;

/// <summary>gRPC over HTTP/2 as middleware sees it: which requests are gRPC, and the status headers.</summary>
public static class GrpcResponses
{
    public const string StatusHeader = "grpc-status";
    public const string MessageHeader = "grpc-message";

    public static bool IsGrpc(HttpContext context) =>
        context.Request.ContentType?.StartsWith("application/grpc", StringComparison.Ordinal) == true;

    /// <summary>grpc-message is percent-encoded (gRPC over HTTP/2 spec).</summary>
    public static string Encode(string message) => Uri.EscapeDataString(message);
}
