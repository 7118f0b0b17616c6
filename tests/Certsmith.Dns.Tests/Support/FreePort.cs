using System.Net;
using System.Net.Sockets;

namespace Certsmith.Dns.Tests.Support;

/// <summary>A loopback port nothing listens on right now, to stand for a DNS server that is down.</summary>
public static class FreePort
{
    public static int Pick()
    {
        using var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        tcp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)tcp.LocalEndPoint!).Port;
    }
}
