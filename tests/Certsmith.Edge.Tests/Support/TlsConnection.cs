using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Certsmith.Edge.Tests.Support;

/// <summary>
/// A real TLS client on one connection: handshakes with a chosen SNI, shows the certificate the edge
/// served, and can send HTTP/1.1 requests over the same connection (answers with Content-Length only).
/// </summary>
public sealed class TlsConnection : IAsyncDisposable
{
    private readonly TcpClient _tcp;
    private readonly SslStream _tls;

    private TlsConnection(TcpClient tcp, SslStream tls, X509Certificate2 serverCertificate)
    {
        _tcp = tcp;
        _tls = tls;
        ServerCertificate = serverCertificate;
    }

    public X509Certificate2 ServerCertificate { get; }

    public SslProtocols Protocol => _tls.SslProtocol;

    public string NegotiatedApplicationProtocol => _tls.NegotiatedApplicationProtocol.ToString();

    /// <summary>Connects and handshakes; throws when the edge refuses (AuthenticationException or IOException).</summary>
    public static async Task<TlsConnection> OpenAsync(int port, string? serverName, SslProtocols protocols = SslProtocols.None, CancellationToken cancellationToken = default)
    {
        var tcp = new TcpClient(AddressFamily.InterNetwork);
        try
        {
            await tcp.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
            var tls = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false);
            X509Certificate2? served = null;
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                // An empty TargetHost sends no SNI extension.
                TargetHost = serverName ?? "",
                EnabledSslProtocols = protocols,
                ApplicationProtocols = [SslApplicationProtocol.Http11],
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                {
                    served = certificate is null ? null : new X509Certificate2(certificate);
                    return true;
                },
            }, cancellationToken);
            return new TlsConnection(tcp, tls, served ?? throw new InvalidOperationException("The server sent no certificate."));
        }
        catch
        {
            tcp.Dispose();
            throw;
        }
    }

    /// <summary>The certificate served for <paramref name="serverName"/>, or null when the handshake was refused.</summary>
    public static async Task<X509Certificate2?> TryGetCertificateAsync(int port, string? serverName, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await OpenAsync(port, serverName, cancellationToken: cancellationToken);
            return connection.ServerCertificate;
        }
        catch (Exception e) when (e is AuthenticationException or IOException)
        {
            return null;
        }
    }

    /// <summary>Sends a GET with keep-alive and reads the answer.</summary>
    public async Task<(int Status, string Body)> GetAsync(string host, string path, CancellationToken cancellationToken = default)
    {
        var request = Encoding.ASCII.GetBytes($"GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: keep-alive\r\n\r\n");
        await _tls.WriteAsync(request, cancellationToken);
        await _tls.FlushAsync(cancellationToken);

        var head = new List<byte>();
        var one = new byte[1];
        while (head.Count < 4 || head[^4] != '\r' || head[^3] != '\n' || head[^2] != '\r' || head[^1] != '\n')
        {
            if (await _tls.ReadAsync(one, cancellationToken) == 0)
            {
                throw new IOException("The connection closed before the answer's head ended.");
            }
            head.Add(one[0]);
        }
        var lines = Encoding.ASCII.GetString([.. head]).Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], CultureInfo.InvariantCulture);
        var lengthLine = lines.Single(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
        var body = new byte[int.Parse(lengthLine["Content-Length:".Length..].Trim(), CultureInfo.InvariantCulture)];
        await _tls.ReadExactlyAsync(body, cancellationToken);
        return (status, Encoding.UTF8.GetString(body));
    }

    public async ValueTask DisposeAsync()
    {
        await _tls.DisposeAsync();
        _tcp.Dispose();
    }
}
