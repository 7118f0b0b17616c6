using System.Net;
using System.Net.Sockets;

namespace Certsmith.Core.Platform;

/// <summary>
/// Checks a site backend URL when it is set: absolute http(s), no credentials, every address it resolves to
/// inside the allowed networks and none of them one of the platform's own listeners. Thread-safe.
/// </summary>
public sealed class BackendValidator(BackendOptions options, IPlatformListeners listeners, Func<string, CancellationToken, Task<IPAddress[]>>? resolve = null)
{
    private static readonly TimeSpan ResolveTimeout = TimeSpan.FromSeconds(5);
    private readonly IReadOnlyList<IPNetwork> _allowed = options.AllowedNetworks.Select(n => IPNetwork.Parse(n)).ToList();
    private readonly Func<string, CancellationToken, Task<IPAddress[]>> _resolve = resolve ?? ((host, ct) => System.Net.Dns.GetHostAddressesAsync(host, ct));

    /// <summary>The parsed backend, or a refusal that says what is wrong.</summary>
    public async Task<Uri> ValidateAsync(string? backend, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(backend, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            throw Invalid("The backend must be an absolute http:// or https:// URL.");
        }
        if (!string.IsNullOrEmpty(url.UserInfo))
        {
            throw Invalid("The backend URL must not carry a user name or password.");
        }
        IPAddress[] addresses;
        if (IPAddress.TryParse(url.Host.Trim('[', ']'), out var literal))
        {
            addresses = [literal];
        }
        else
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(ResolveTimeout);
            try
            {
                addresses = await _resolve(url.IdnHost, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                throw Invalid($"The backend host {url.Host} does not resolve.");
            }
            if (addresses.Length == 0)
            {
                throw Invalid($"The backend host {url.Host} does not resolve.");
            }
        }
        foreach (var address in addresses)
        {
            var ip = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
            if (!_allowed.Any(n => n.Contains(ip)))
            {
                throw Invalid($"The backend address {ip} is outside the networks this platform allows for backends.");
            }
            if (listeners.Endpoints.Any(l => l.Port == url.Port && (l.Address.Equals(ip) || l.Address.Equals(IPAddress.Any) || l.Address.Equals(IPAddress.IPv6Any))))
            {
                throw Invalid($"The backend {ip}:{url.Port} is one of the platform's own listeners.");
            }
        }
        return url;
    }

    private static PlatformInputException Invalid(string message) => new(PlatformInputError.Invalid, "backend", message);
}
