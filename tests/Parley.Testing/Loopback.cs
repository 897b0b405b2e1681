using System.Net;
using System.Net.Sockets;

namespace Parley.Testing;

public static class Loopback
{
    /// <summary>A port nothing listens on right now (the system picks it; another process could still take it first).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
