using ARSoft.Tools.Net.Dns;
using Certsmith.Core.Dns;

namespace Certsmith.Dns.Internal;

/// <summary>
/// Finds where a DNS-01 record goes: <c>_acme-challenge.&lt;name&gt;</c> or the end of its CNAME chain (RFC 8555
/// §8.4 lets the CA follow CNAMEs), and the zone that holds it (the owner of its SOA, RFC 1034 §4.3.2), by asking
/// the resolver.
/// </summary>
internal sealed class ChallengeLocator(DnsWire wire, DnsServers servers)
{
    /// <summary>Enough for any sane delegation; more is a misconfiguration (or a chain built to make us loop).</summary>
    public const int MaxCnameHops = 8;

    public async Task<DnsChallengeTarget> LocateAsync(string name, CancellationToken cancellationToken)
    {
        var host = DnsNames.Normalize(name);
        if (host.StartsWith("*.", StringComparison.Ordinal))
        {
            host = host[2..];
        }

        var challenge = $"{DnsNames.ChallengeLabel}.{host}";
        if (!DnsNames.IsValid(challenge))
        {
            throw new DnsChallengeException(DnsChallengeError.Failed, $"'{name}' is not a DNS name a challenge record can be written for");
        }

        var resolver = await servers.ResolverAsync(cancellationToken).ConfigureAwait(false);
        var recordName = await FollowCnamesAsync(resolver, challenge, cancellationToken).ConfigureAwait(false);
        var zone = await FindZoneAsync(resolver, recordName, cancellationToken).ConfigureAwait(false);
        return new DnsChallengeTarget(challenge, recordName, zone);
    }

    private async Task<string> FollowCnamesAsync(DnsServerSet resolver, string start, CancellationToken cancellationToken)
    {
        var chain = new List<string> { start };
        var current = start;
        while (true)
        {
            var reply = await wire.QueryOrThrowAsync(resolver, current, RecordType.CName, recursive: true, cancellationToken).ConfigureAwait(false);
            if (reply.ReturnCode == ReturnCode.ServerFailure)
            {
                throw new DnsChallengeException(DnsChallengeError.Failed, $"the resolver at {resolver} answered SERVFAIL for the CNAME of {current}");
            }

            var target = reply.AnswerRecords.OfType<CNameRecord>()
                .Where(r => DnsNames.AreEqual(r.Name, current))
                .Select(r => DnsNames.Normalize(r.CanonicalName))
                .FirstOrDefault();
            if (target is null)
            {
                return current;
            }

            if (chain.Contains(target))
            {
                throw new DnsChallengeException(
                    DnsChallengeError.Failed, $"the CNAME chain from {start} loops: {string.Join(" → ", chain)} → {target}");
            }

            chain.Add(target);
            if (chain.Count > MaxCnameHops + 1)
            {
                throw new DnsChallengeException(
                    DnsChallengeError.Failed, $"the CNAME chain from {start} is longer than {MaxCnameHops} hops: {string.Join(" → ", chain)}");
            }

            current = target;
        }
    }

    /// <summary>The SOA in the answer when the name is a zone's apex, else the one in the authority section (RFC 2308 §2).</summary>
    private async Task<string> FindZoneAsync(DnsServerSet resolver, string recordName, CancellationToken cancellationToken)
    {
        var reply = await wire.QueryOrThrowAsync(resolver, recordName, RecordType.Soa, recursive: true, cancellationToken).ConfigureAwait(false);
        if (reply.AnswerRecords.OfType<SoaRecord>().Any(r => DnsNames.AreEqual(r.Name, recordName)))
        {
            return recordName;
        }

        if (reply.ReturnCode is ReturnCode.NoError or ReturnCode.NxDomain)
        {
            var zone = reply.AuthorityRecords.OfType<SoaRecord>()
                .Select(r => DnsNames.Normalize(r.Name))
                .FirstOrDefault(z => DnsNames.IsInZone(recordName, z));
            if (zone is not null)
            {
                return zone;
            }
        }

        throw new DnsChallengeException(DnsChallengeError.ZoneNotServed, $"no DNS zone found for {recordName}");
    }
}
