using System.CommandLine;
using Grpc.Core;
using Grpc.Net.Client;

namespace CityTwin.Cli;

/// <summary>
/// A gRPC channel to the first of the given servers that answers, so a client keeps working when one silo
/// of a cluster is down. The caller's token or API key goes with every call as call credentials.
/// </summary>
public static class Connection
{
    public static Task<T> CallAsync<T>(ParseResult parse, Func<GrpcChannel, Task<T>> call) =>
        CallAsync(parse.GetValue(CliOptions.Server)!, call, Credentials(CliOptions.TokenOf(parse), CliOptions.ApiKeyOf(parse)));

    public static async Task<T> CallAsync<T>(string servers, Func<GrpcChannel, Task<T>> call, CallCredentials? credentials = null)
    {
        RpcException? last = null;
        foreach (var address in Addresses(servers))
        {
            using var channel = Open(address, credentials);
            try
            {
                return await call(channel);
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Unavailable)
            {
                last = e;
            }
        }
        throw last ?? new RpcException(new Status(StatusCode.InvalidArgument, "no server address given"));
    }

    public static IReadOnlyList<string> Addresses(string servers) =>
        servers.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>A channel to one server, the credentials going with every call.</summary>
    public static GrpcChannel Open(string address, CallCredentials? credentials)
    {
        var options = new GrpcChannelOptions { MaxReceiveMessageSize = 64 << 20 };
        if (credentials is not null)
        {
            var secure = address.StartsWith("https:", StringComparison.OrdinalIgnoreCase);
            options.Credentials = ChannelCredentials.Create(secure ? ChannelCredentials.SecureSsl : ChannelCredentials.Insecure, credentials);
            // Plain h2c is for loopback development; over any network, use https so the token is not sent in the clear.
            options.UnsafeUseInsecureChannelCallCredentials = !secure;
        }
        return GrpcChannel.ForAddress(address, options);
    }

    /// <summary>Metadata carrying a bearer token and/or an API key, or null for none.</summary>
    public static CallCredentials? Credentials(string? token, string? apiKey)
    {
        if (string.IsNullOrEmpty(token) && string.IsNullOrEmpty(apiKey)) return null;
        return CallCredentials.FromInterceptor((_, metadata) =>
        {
            if (!string.IsNullOrEmpty(token)) metadata.Add("authorization", $"Bearer {token}");
            if (!string.IsNullOrEmpty(apiKey)) metadata.Add("x-api-key", apiKey);
            return Task.CompletedTask;
        });
    }
}
