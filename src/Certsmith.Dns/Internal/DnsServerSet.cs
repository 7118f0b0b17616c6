using System.Net;

namespace Certsmith.Dns.Internal;

/// <summary>One server (or a resolver list) to send to: addresses tried in order on one port, and how messages name it.</summary>
internal sealed record DnsServerSet(IReadOnlyList<IPAddress> Addresses, int Port, string Display)
{
    public override string ToString() => Display;
}
