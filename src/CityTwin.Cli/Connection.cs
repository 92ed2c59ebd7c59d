using Grpc.Core;
using Grpc.Net.Client;

namespace CityTwin.Cli;

/// <summary>
/// A gRPC channel to the first of the given servers that answers, so a client keeps working when one silo
/// of a cluster is down.
/// </summary>
public static class Connection
{
    public static async Task<T> CallAsync<T>(string servers, Func<GrpcChannel, Task<T>> call)
    {
        RpcException? last = null;
        foreach (var address in servers.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            using var channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions { MaxReceiveMessageSize = 64 << 20 });
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
}
