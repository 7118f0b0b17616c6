using System.Net;
using ARSoft.Tools.Net.Dns;
using Certsmith.Core.Dns;

namespace Certsmith.Dns.Internal;

/// <summary>
/// The servers the propagation check asks: the configured list, or every name server of the zone (its NS records
/// via the resolver, each at its IPv4 addresses — IPv6 when it has none — on port 53).
/// </summary>
internal sealed class NameServerDiscovery(DnsWire wire, DnsServers servers, IReadOnlyList<DnsServerAddress> configured)
{
    public async Task<IReadOnlyList<DnsServerSet>> ForZoneAsync(string zone, CancellationToken cancellationToken)
    {
        if (configured.Count > 0)
        {
            var sets = new List<DnsServerSet>();
            foreach (var address in configured)
            {
                sets.Add(await DnsServers.ResolveAsync(address, cancellationToken).ConfigureAwait(false));
            }

            return sets;
        }

        var resolver = await servers.ResolverAsync(cancellationToken).ConfigureAwait(false);
        var reply = await wire.QueryOrThrowAsync(resolver, zone, RecordType.Ns, recursive: true, cancellationToken).ConfigureAwait(false);
        var names = reply.AnswerRecords.OfType<NsRecord>()
            .Where(r => DnsNames.AreEqual(r.Name, zone))
            .Select(r => DnsNames.Normalize(r.NameServer))
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();
        if (names.Count == 0)
        {
            throw new DnsChallengeException(DnsChallengeError.Failed, $"the resolver at {resolver} knows no name servers (NS) for the zone {zone}");
        }

        var result = new List<DnsServerSet>();
        foreach (var name in names)
        {
            var addresses = await AddressesAsync(resolver, name, RecordType.A, cancellationToken).ConfigureAwait(false);
            if (addresses.Count == 0)
            {
                addresses = await AddressesAsync(resolver, name, RecordType.Aaaa, cancellationToken).ConfigureAwait(false);
            }

            result.AddRange(addresses.Select(a => new DnsServerSet([a], Rfc2136Defaults.Port, $"{name} ({new IPEndPoint(a, Rfc2136Defaults.Port)})")));
        }

        return result.Count > 0
            ? result
            : throw new DnsChallengeException(
                DnsChallengeError.Failed, $"no name server of the zone {zone} ({string.Join(", ", names)}) has an address");
    }

    private async Task<List<IPAddress>> AddressesAsync(DnsServerSet resolver, string name, RecordType type, CancellationToken cancellationToken)
    {
        var reply = await wire.QueryOrThrowAsync(resolver, name, type, recursive: true, cancellationToken).ConfigureAwait(false);
        return reply.AnswerRecords.OfType<IAddressRecord>().Select(r => r.Address).ToList();
    }
}
