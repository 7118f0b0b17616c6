using ARSoft.Tools.Net.Dns;
using Certsmith.Core.Dns;
using Certsmith.Dns.Internal;

namespace Certsmith.Dns;

/// <summary>
/// The look-ups domain proof needs: whether the platform's primary serves a zone (asked directly, so a zone
/// counts only if the platform's own DNS is authoritative for it), and TXT and CNAME records through the resolver.
/// Thread-safe. No TSIG key is used; <see cref="Rfc2136Options.Secret"/> is not read.
/// </summary>
public sealed class DnsLookupClient : IDnsLookup
{
    private readonly DnsWire _wire;
    private readonly DnsServers _servers;

    /// <summary>Creates one.</summary>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    public DnsLookupClient(Rfc2136Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid RFC 2136 DNS options: " + string.Join(" ", errors), nameof(options));
        }

        _wire = new DnsWire(options.QueryTimeout);
        _servers = new DnsServers(options);
    }

    /// <inheritdoc />
    public async Task<bool> ServesZoneAsync(string zone, CancellationToken cancellationToken)
    {
        var name = Checked(zone);
        var primary = await _servers.PrimaryAsync(cancellationToken).ConfigureAwait(false);
        var reply = await _wire.QueryOrThrowAsync(primary, name, RecordType.Soa, recursive: false, cancellationToken).ConfigureAwait(false);

        // RFC 1034 §4.3.1: only an authoritative answer with the zone's own SOA says the server holds the zone
        // (a name inside another zone answers NODATA with that zone's SOA in the authority section).
        return reply.ReturnCode == ReturnCode.NoError
            && reply.IsAuthoritiveAnswer
            && reply.AnswerRecords.OfType<SoaRecord>().Any(r => DnsNames.AreEqual(r.Name, name));
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> GetTxtAsync(string name, CancellationToken cancellationToken)
    {
        var reply = await AskResolverAsync(Checked(name), RecordType.Txt, cancellationToken).ConfigureAwait(false);

        // Any TXT in the answer: a resolver that followed a CNAME answers the TXT of its target.
        return reply.AnswerRecords.OfType<TxtRecord>().Select(r => r.TextData).ToList();
    }

    /// <inheritdoc />
    public async Task<string?> GetCnameAsync(string name, CancellationToken cancellationToken)
    {
        var owner = Checked(name);
        var reply = await AskResolverAsync(owner, RecordType.CName, cancellationToken).ConfigureAwait(false);
        return reply.AnswerRecords.OfType<CNameRecord>()
            .Where(r => DnsNames.AreEqual(r.Name, owner))
            .Select(r => DnsNames.Normalize(r.CanonicalName))
            .FirstOrDefault();
    }

    private static string Checked(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var normalized = DnsNames.Normalize(name);
        return DnsNames.IsValid(normalized)
            ? normalized
            : throw new DnsChallengeException(DnsChallengeError.Failed, $"'{name}' is not a DNS name");
    }

    /// <summary>NOERROR and NXDOMAIN are answers (NXDOMAIN: no records); anything else means the resolver could not tell.</summary>
    private async Task<DnsMessage> AskResolverAsync(string name, RecordType type, CancellationToken cancellationToken)
    {
        var resolver = await _servers.ResolverAsync(cancellationToken).ConfigureAwait(false);
        var reply = await _wire.QueryOrThrowAsync(resolver, name, type, recursive: true, cancellationToken).ConfigureAwait(false);
        return reply.ReturnCode is ReturnCode.NoError or ReturnCode.NxDomain
            ? reply
            : throw new DnsChallengeException(
                DnsChallengeError.Failed,
                $"the resolver at {resolver} answered {Mnemonics.ReturnCode(reply.ReturnCode)} for {Mnemonics.Type(type)} {name}");
    }
}
