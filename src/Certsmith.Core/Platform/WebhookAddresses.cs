using System.Net;
using System.Net.Sockets;

namespace Certsmith.Core.Platform;

/// <summary>
/// Where the control plane may send a tenant's webhook: public addresses only (never loopback, private, link-local,
/// carrier-grade NAT, unique-local, multicast or unspecified ones — the control plane sits in a trusted network), unless
/// an operator allows a network (<see cref="PlatformOptions.WebhookAllowedNetworks"/>), and never the platform's own
/// listeners. Checked when the URL is set and again for the very address each request connects to (DNS rebinding).
/// </summary>
public sealed class WebhookAddresses(PlatformOptions options, IPlatformListeners listeners)
{
    private readonly IReadOnlyList<IPNetwork> _allowed = options.WebhookAllowedNetworks.Select(n => IPNetwork.Parse(n)).ToList();

    private static readonly IPNetwork[] NotPublic =
    [
        IPNetwork.Parse("0.0.0.0/8"), IPNetwork.Parse("10.0.0.0/8"), IPNetwork.Parse("100.64.0.0/10"), IPNetwork.Parse("127.0.0.0/8"),
        IPNetwork.Parse("169.254.0.0/16"), IPNetwork.Parse("172.16.0.0/12"), IPNetwork.Parse("192.0.0.0/24"), IPNetwork.Parse("192.168.0.0/16"),
        IPNetwork.Parse("198.18.0.0/15"), IPNetwork.Parse("224.0.0.0/3"), IPNetwork.Parse("::/128"), IPNetwork.Parse("::1/128"),
        IPNetwork.Parse("fc00::/7"), IPNetwork.Parse("fe80::/10"), IPNetwork.Parse("ff00::/8"),
    ];

    /// <summary>Whether a webhook may connect to <paramref name="address"/> on <paramref name="port"/>.</summary>
    public bool IsAllowed(IPAddress address, int port)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (listeners.Endpoints.Any(l => l.Port == port && (l.Address.Equals(address) || l.Address.Equals(IPAddress.Any) || l.Address.Equals(IPAddress.IPv6Any))))
        {
            return false;
        }
        return _allowed.Any(n => n.Contains(address)) || !NotPublic.Any(n => n.Contains(address));
    }

    /// <summary>
    /// The webhook URL, refused (field "url") unless it is an absolute http(s) URL without credentials whose host
    /// resolves only to addresses webhooks may go to.
    /// </summary>
    public async Task<Uri> ValidateAsync(string url, CancellationToken cancellationToken)
    {
        if (url.Length > 2000 || !Uri.TryCreate(url, UriKind.Absolute, out var webhook) || (webhook.Scheme != Uri.UriSchemeHttp && webhook.Scheme != Uri.UriSchemeHttps))
        {
            throw Invalid("The webhook must be an absolute http:// or https:// URL.");
        }
        if (!string.IsNullOrEmpty(webhook.UserInfo))
        {
            throw Invalid("The webhook URL must not carry a user name or password.");
        }
        IPAddress[] resolved;
        try
        {
            resolved = await ResolveAsync(webhook.IdnHost, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException)
        {
            throw Invalid($"The webhook host {webhook.Host} does not resolve.");
        }
        return resolved.Length > 0 && resolved.All(a => IsAllowed(a, webhook.Port))
            ? webhook
            : throw Invalid($"The webhook host {webhook.Host} resolves to an address webhooks may not be sent to (private, loopback, link-local or the platform's own).");
    }

    /// <summary>
    /// A handler that connects only to allowed addresses: it resolves the host itself and dials the first allowed
    /// address, so a name that resolves elsewhere at send time than when it was set is refused. No proxy, no redirects.
    /// </summary>
    public SocketsHttpHandler CreateHandler() => new()
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        ConnectTimeout = TimeSpan.FromSeconds(5),
        ConnectCallback = async (context, cancellationToken) =>
        {
            var host = context.DnsEndPoint.Host;
            var addresses = await ResolveAsync(host, cancellationToken).ConfigureAwait(false);
            var target = addresses.FirstOrDefault(a => IsAllowed(a, context.DnsEndPoint.Port))
                ?? throw new HttpRequestException($"The webhook host {host} resolves to no address webhooks may be sent to.");
            var socket = new Socket(target.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(target, context.DnsEndPoint.Port, cancellationToken).ConfigureAwait(false);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };

    private static async Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) =>
        IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? [literal] : await System.Net.Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);

    private static PlatformInputException Invalid(string message) => new(PlatformInputError.Invalid, "url", message);
}
