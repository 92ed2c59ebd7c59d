using System.Net;
using System.Net.Sockets;

namespace CityTwin.TestSupport;

/// <summary>Free TCP ports on the loopback interface.</summary>
public static class FreePort
{
    /// <summary>
    /// A port that was free a moment ago (the OS picked it for a listener on 127.0.0.1:0).
    /// Another process can still take it before the caller binds: callers that can, retry.
    /// </summary>
    public static int Next()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }
}
