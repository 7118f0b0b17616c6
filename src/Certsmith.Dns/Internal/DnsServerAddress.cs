using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;

namespace Certsmith.Dns.Internal;

/// <summary>A <c>host:port</c> setting: a name or an IP address (IPv6 in brackets when a port follows), port 53 by default.</summary>
internal sealed record DnsServerAddress(string Host, int Port)
{
    public static DnsServerAddress Parse(string text) =>
        TryParse(text, out var address) ? address : throw new FormatException($"'{text}' is not host:port.");

    public static bool TryParse(string? text, [NotNullWhen(true)] out DnsServerAddress? address)
    {
        address = null;
        if (string.IsNullOrWhiteSpace(text) || text.Trim() != text)
        {
            return false;
        }

        string host;
        var port = Rfc2136Defaults.Port;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']', StringComparison.Ordinal);
            if (close < 0 || !IPAddress.TryParse(text[1..close], out _))
            {
                return false;
            }

            host = text[1..close];
            var rest = text[(close + 1)..];
            if (rest.Length > 0 && !(rest.StartsWith(':') && TryParsePort(rest[1..], out port)))
            {
                return false;
            }
        }
        else if (text.Count(c => c == ':') > 1)
        {
            // A bare IPv6 address: no port can follow without brackets.
            if (!IPAddress.TryParse(text, out _))
            {
                return false;
            }

            host = text;
        }
        else
        {
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            host = colon < 0 ? text : text[..colon];
            if (colon >= 0 && !TryParsePort(text[(colon + 1)..], out port))
            {
                return false;
            }

            if (!IPAddress.TryParse(host, out _) && !DnsNames.IsValid(host))
            {
                return false;
            }
        }

        address = new DnsServerAddress(host, port);
        return true;
    }

    /// <summary>The addresses to send to: the literal, or what the host name resolves to.</summary>
    public async Task<IPAddress[]> ResolveAsync(CancellationToken cancellationToken) =>
        IPAddress.TryParse(Host, out var literal)
            ? [literal]
            : await System.Net.Dns.GetHostAddressesAsync(Host, cancellationToken).ConfigureAwait(false);

    public override string ToString() =>
        Host.Contains(':', StringComparison.Ordinal)
            ? $"[{Host}]:{Port.ToString(CultureInfo.InvariantCulture)}"
            : $"{Host}:{Port.ToString(CultureInfo.InvariantCulture)}";

    private static bool TryParsePort(string text, out int port) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is > 0 and <= 65535;
}
