using System.Net;
using System.Net.Sockets;

namespace Certsmith.LocalCa;

/// <summary>
/// Picks loopback ports the OS reports free right now. Another process may take one before the
/// child binds it; <see cref="PebbleServer"/> retries with fresh ports when that happens.
/// </summary>
internal static class LoopbackPorts
{
    /// <summary>A port free for TCP and, when <paramref name="alsoUdp"/>, for UDP too (DNS listens on both).</summary>
    public static int PickFree(bool alsoUdp = false)
    {
        for (var attempt = 0; ; attempt++)
        {
            using var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            tcp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            var port = ((IPEndPoint)tcp.LocalEndPoint!).Port;
            if (!alsoUdp)
            {
                return port;
            }

            try
            {
                using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                udp.Bind(new IPEndPoint(IPAddress.Loopback, port));
                return port;
            }
            catch (SocketException) when (attempt < 20)
            {
                // UDP side taken: try another ephemeral port.
            }
        }
    }
}
