using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace Certsmith.EndToEnd.Tests;

/// <summary>Real TLS clients to the edge: a handshake with SNI, and HTTP over it, trusting only Pebble's root.</summary>
internal static class EdgeClient
{
    /// <summary>Connects with SNI and returns the leaf the edge served and whether its chain leads to <paramref name="root"/>.</summary>
    public static async Task<(X509Certificate2 Leaf, bool ChainsToRoot)> HandshakeAsync(int port, string serverName, X509Certificate2? root)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        var errors = SslPolicyErrors.None;
        await using var tls = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false);
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = serverName,
            CertificateChainPolicy = root is null ? null : TrustOnly(root),
            RemoteCertificateValidationCallback = (_, _, _, e) =>
            {
                errors = e;
                return true;
            },
        });
        return (new X509Certificate2(tls.RemoteCertificate!), root is not null && errors == SslPolicyErrors.None);
    }

    /// <summary>An HTTP client that sends every request to the edge's port on 127.0.0.1, trusting only <paramref name="root"/>.</summary>
    public static HttpClient Http(int port, X509Certificate2 root, Action? onConnect = null) => new(new SocketsHttpHandler
    {
        ConnectCallback = async (context, ct) =>
        {
            onConnect?.Invoke();
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync(IPAddress.Loopback, port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        },
        SslOptions = new SslClientAuthenticationOptions { CertificateChainPolicy = TrustOnly(root) },
        MaxConnectionsPerServer = 1,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
    })
    { Timeout = TimeSpan.FromSeconds(30) };

    public static IReadOnlyList<string> DnsNames(X509Certificate2 certificate) =>
        certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().SelectMany(e => e.EnumerateDnsNames()).ToList();

    private static X509ChainPolicy TrustOnly(X509Certificate2 root)
    {
        var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
        policy.CustomTrustStore.Add(root);
        return policy;
    }
}
