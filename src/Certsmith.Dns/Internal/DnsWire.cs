using System.Net.Sockets;
using ARSoft.Tools.Net.Dns;
using ARSoft.Tools.Net.Dns.DynamicUpdate;
using Certsmith.Core.Dns;

namespace Certsmith.Dns.Internal;

/// <summary>
/// Sends DNS messages with ARSoft.Tools.Net, one client per message (so any number run at once). ARSoft answers
/// null, rather than throwing, when no server replied; callers turn that into <see cref="DnsChallengeError.Unreachable"/>.
/// </summary>
internal sealed class DnsWire(TimeSpan queryTimeout)
{
    public TimeSpan QueryTimeout => queryTimeout;

    /// <summary>Asks one question; null when no server answered in time.</summary>
    public async Task<DnsMessage?> QueryAsync(DnsServerSet servers, string name, RecordType type, bool recursive, CancellationToken cancellationToken)
    {
        var options = new DnsQueryOptions { IsRecursionDesired = recursive, IsEDnsEnabled = true };
        using var client = Client(servers, reliableOnly: false);
        try
        {
            return await client.ResolveAsync(DnsNames.ToDomainName(name), type, RecordClass.INet, options, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return Unanswered(e, servers);
        }
    }

    /// <summary>
    /// Asks one question and throws <see cref="DnsChallengeError.Unreachable"/> when no server answered.
    /// </summary>
    public async Task<DnsMessage> QueryOrThrowAsync(DnsServerSet servers, string name, RecordType type, bool recursive, CancellationToken cancellationToken) =>
        await QueryAsync(servers, name, type, recursive, cancellationToken).ConfigureAwait(false)
        ?? throw new DnsChallengeException(
            DnsChallengeError.Unreachable,
            $"the DNS server at {servers} did not answer {Mnemonics.Type(type)} {name} within {Seconds(queryTimeout)}");

    /// <summary>
    /// Sends an update over TCP (RFC 2136 §3.8 leaves the choice; TCP is never lost silently, so an update is
    /// either answered or reported unreachable). Null when the server did not answer.
    /// </summary>
    public async Task<DnsUpdateMessage?> UpdateAsync(DnsServerSet server, DnsUpdateMessage update, CancellationToken cancellationToken)
    {
        using var client = Client(server, reliableOnly: true);
        try
        {
            return await client.SendUpdateAsync(update, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return Unanswered<DnsUpdateMessage>(e, server);
        }
    }

    /// <summary>
    /// A network fault is no answer (the caller reports Unreachable); anything else ARSoft throws (a reply it cannot
    /// parse) becomes a typed failure, as callers of the DNS interfaces expect.
    /// </summary>
    private static T? Unanswered<T>(Exception e, DnsServerSet servers)
        where T : class =>
        e is SocketException or IOException
            ? null
            : throw new DnsChallengeException(DnsChallengeError.Failed, $"the DNS exchange with {servers} failed: {e.Message}", e);

    private static DnsMessage? Unanswered(Exception e, DnsServerSet servers) => Unanswered<DnsMessage>(e, servers);

    public static string Seconds(TimeSpan span) =>
        span.TotalSeconds >= 1 ? $"{span.TotalSeconds:0.###} s" : $"{span.TotalMilliseconds:0} ms";

    /// <summary>A port other than 53 needs ARSoft's constructor that takes transports.</summary>
    private DnsClient Client(DnsServerSet servers, bool reliableOnly)
    {
        IClientTransport[] transports = reliableOnly
            ? [new TcpClientTransport(servers.Port)]
            : [new UdpClientTransport(servers.Port), new TcpClientTransport(servers.Port)];
        return new DnsClient(servers.Addresses, transports, true, (int)queryTimeout.TotalMilliseconds)
        {
            // Drops replies whose id or question do not match the query (spoofing, stray datagrams).
            IsResponseValidationEnabled = true,
        };
    }
}
