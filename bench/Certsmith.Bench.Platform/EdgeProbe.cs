using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace Certsmith.Bench.Platform;

/// <summary>
/// One verified HTTPS handshake to the edge, as a browser would do it: a new TCP connection, SNI = the host,
/// the chain must end at the local CA's root (and only that root), and the leaf must name the host.
/// </summary>
internal sealed class EdgeProbe(int edgePort, X509Certificate2 root)
{
    private readonly IPEndPoint _edge = new(IPAddress.Loopback, edgePort);
    private long _attempts;

    /// <summary>Handshakes tried so far (successful or not).</summary>
    public long Attempts => Interlocked.Read(ref _attempts);

    /// <summary>True when the edge served a certificate for <paramref name="host"/> that chains to the root.</summary>
    public async Task<bool> TryAsync(string host, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _attempts);
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(_edge, cancellationToken);
            await using var ssl = new SslStream(new NetworkStream(socket, ownsSocket: true));
            var policy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                RevocationMode = X509RevocationMode.NoCheck,
            };
            policy.CustomTrustStore.Add(root);
            await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = host,
                CertificateChainPolicy = policy,
                // SslStream reports a name mismatch itself; the SAN is checked here as well, explicitly.
                RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                    errors == SslPolicyErrors.None && certificate is X509Certificate2 leaf && Names(leaf).Contains(host),
            }, cancellationToken);
            return true;
        }
        catch (Exception e) when (e is AuthenticationException or IOException or SocketException)
        {
            return false;
        }
        finally
        {
            socket.Dispose();
        }
    }

    public static HashSet<string> Names(X509Certificate2 leaf)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var extension in leaf.Extensions)
        {
            if (extension is X509SubjectAlternativeNameExtension san)
            {
                foreach (var dns in san.EnumerateDnsNames())
                {
                    names.Add(dns);
                }
            }
        }
        return names;
    }
}
