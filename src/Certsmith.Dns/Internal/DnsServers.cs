using System.Net.Sockets;
using Certsmith.Core.Dns;

namespace Certsmith.Dns.Internal;

/// <summary>Turns the settings' <c>host:port</c> strings into servers to send to, resolving host names at each use.</summary>
internal sealed class DnsServers(Rfc2136Options options)
{
    private readonly DnsServerAddress _primary = DnsServerAddress.Parse(options.Primary);
    private readonly DnsServerAddress? _resolver = options.Resolver is null ? null : DnsServerAddress.Parse(options.Resolver);

    /// <summary>The primary, named as configured.</summary>
    public string PrimaryName => _primary.ToString();

    public Task<DnsServerSet> PrimaryAsync(CancellationToken cancellationToken) => ResolveAsync(_primary, cancellationToken);

    /// <summary>The configured resolver, or the system's (/etc/resolv.conf, port 53).</summary>
    public Task<DnsServerSet> ResolverAsync(CancellationToken cancellationToken)
    {
        if (_resolver is not null)
        {
            return ResolveAsync(_resolver, cancellationToken);
        }

        var system = ResolvConf.ReadNameServers();
        return Task.FromResult(new DnsServerSet(system, Rfc2136Defaults.Port, $"{string.Join(", ", system)} (resolv.conf)"));
    }

    public static async Task<DnsServerSet> ResolveAsync(DnsServerAddress address, CancellationToken cancellationToken)
    {
        try
        {
            var addresses = await address.ResolveAsync(cancellationToken).ConfigureAwait(false);
            return addresses.Length > 0
                ? new DnsServerSet(addresses, address.Port, address.ToString())
                : throw new DnsChallengeException(DnsChallengeError.Unreachable, $"the DNS server name {address.Host} has no address");
        }
        catch (SocketException e)
        {
            throw new DnsChallengeException(DnsChallengeError.Unreachable, $"the DNS server name {address.Host} does not resolve ({e.SocketErrorCode})", e);
        }
    }
}
