using System.Net;

namespace Certsmith.Dns.Internal;

/// <summary>The system's resolvers: <c>nameserver</c> lines of /etc/resolv.conf (resolv.conf(5)).</summary>
internal static class ResolvConf
{
    public const string DefaultPath = "/etc/resolv.conf";

    /// <summary>The listed resolvers, in order; resolv.conf(5) says the local machine when there are none.</summary>
    public static IReadOnlyList<IPAddress> ReadNameServers(string path = DefaultPath)
    {
        var servers = new List<IPAddress>();
        if (File.Exists(path))
        {
            foreach (var line in File.ReadLines(path))
            {
                var fields = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
                if (fields is ["nameserver", var value, ..] && IPAddress.TryParse(value.Split('%')[0], out var address))
                {
                    servers.Add(address);
                }
            }
        }

        return servers.Count > 0 ? servers : [IPAddress.Loopback];
    }
}
