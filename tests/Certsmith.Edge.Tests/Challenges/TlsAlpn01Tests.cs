using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Certsmith.Acme.Challenges;
using Certsmith.Acme.Resources;
using Certsmith.Core.Issuance;
using Certsmith.Edge.Tests.Support;

namespace Certsmith.Edge.Tests.Challenges;

/// <summary>
/// TLS-ALPN-01 (RFC 8737) on the running edge with real TLS clients: the validation certificate goes only to a
/// client offering acme-tls/1, for a name with a pending challenge; everyone else gets the site's certificate.
/// </summary>
public sealed class TlsAlpn01Tests : IAsyncLifetime
{
    private const string Host = "www.shop.example";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private EdgeBench _bench = null!;
    private IssuedCertificate _real = null!;
    private TlsAlpn01Solver _solver = null!;

    public async Task InitializeAsync()
    {
        _bench = await EdgeBench.CreateAsync();
        var tenant = await _bench.AddTenantAsync("acme");
        var site = await _bench.AddSiteAsync(tenant, "shop");
        await _bench.AddAddressAsync(site, Host);
        (_, _real) = await _bench.IssueAsync(tenant, TimeSpan.FromDays(30), Host);
        _solver = new TlsAlpn01Solver(_bench.Store.Acme, _bench.Protector, TimeProvider.System);
        await _bench.StartAsync();
    }

    public async Task DisposeAsync() => await _bench.DisposeAsync();

    [Fact]
    public async Task AClientOfferingAcmeTlsGetsTheValidationCertificateForANameWithAPendingChallenge()
    {
        await PresentAsync(Host, "tok-1", "tok-1.thumbprint");

        await using var connection = await ConnectAsync(Host, TlsAlpn01.Protocol);

        Assert.Equal(TlsAlpn01.Protocol, connection.Protocol);
        Assert.Equal(TlsAlpn01.ExtensionValue("tok-1.thumbprint"), AcmeIdentifier(connection.Certificate));
        Assert.Equal([Host], connection.Certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single().EnumerateDnsNames());
    }

    [Fact]
    public async Task AnAcmeTlsConnectionIsClosedAfterTheHandshake()
    {
        await PresentAsync(Host, "tok-1", "tok-1.thumbprint");
        await using var connection = await ConnectAsync(Host, TlsAlpn01.Protocol);

        using var timeout = new CancellationTokenSource(Deadline);
        Assert.Equal(0, await connection.Tls.ReadAsync(new byte[16], timeout.Token));
    }

    [Fact]
    public async Task NormalClientsForTheSameNameAtTheSameMomentGetTheRealCertificateNeverTheValidationOne()
    {
        await PresentAsync(Host, "tok-1", "tok-1.thumbprint");

        // Validation and ordinary handshakes interleaved, at once: browsers (h2, http/1.1), HTTP/1.1 only, no ALPN.
        var validations = Enumerable.Range(0, 10).Select(_ => ThumbprintAsync(TlsAlpn01.Protocol));
        var browsers = Enumerable.Range(0, 10).Select(_ => ThumbprintAsync(SslApplicationProtocol.Http2, SslApplicationProtocol.Http11));
        var plain = Enumerable.Range(0, 10).Select(_ => ThumbprintAsync());
        var results = await Task.WhenAll(validations.Concat(browsers).Concat(plain));

        var validationThumbprints = results[..10].Distinct().ToList();
        Assert.DoesNotContain(_real.Leaf.Thumbprint, validationThumbprints);
        Assert.Single(validationThumbprints);
        Assert.All(results[10..], thumbprint => Assert.Equal(_real.Leaf.Thumbprint, thumbprint));
    }

    [Fact]
    public async Task AcmeTlsForANameWithoutAChallengeIsRefused()
    {
        await PresentAsync("other.shop.example", "tok-1", "tok-1.thumbprint");

        Assert.True(await RefusedAsync(Host));
        Assert.True(await RefusedAsync(null));
        // The refusal is the edge's: the same name without acme-tls/1 is served as ever.
        await using var normal = await ConnectAsync(Host, SslApplicationProtocol.Http11);
        Assert.Equal(_real.Leaf.Thumbprint, normal.Certificate.Thumbprint);
    }

    [Fact]
    public async Task AWithdrawnChallengeIsNoLongerAnswered()
    {
        var (authorization, challenge) = await PresentAsync(Host, "tok-1", "tok-1.thumbprint");
        await using (await ConnectAsync(Host, TlsAlpn01.Protocol))
        {
        }

        await _solver.CleanUpAsync(authorization, challenge, CancellationToken.None);

        Assert.True(await RefusedAsync(Host));
    }

    [Fact]
    public async Task AReplacedChallengeIsAnsweredWithTheNewKeyAuthorization()
    {
        await PresentAsync(Host, "tok-1", "tok-1.thumbprint");
        await using (var first = await ConnectAsync(Host, TlsAlpn01.Protocol))
        {
            Assert.Equal(TlsAlpn01.ExtensionValue("tok-1.thumbprint"), AcmeIdentifier(first.Certificate));
        }

        await PresentAsync(Host, "tok-2", "tok-2.thumbprint");

        await using var second = await ConnectAsync(Host, TlsAlpn01.Protocol);
        Assert.Equal(TlsAlpn01.ExtensionValue("tok-2.thumbprint"), AcmeIdentifier(second.Certificate));
    }

    [Fact]
    public async Task TheServerNameIsMatchedWhateverItsCase()
    {
        await PresentAsync(Host, "tok-1", "tok-1.thumbprint");

        await using var connection = await ConnectAsync("WWW.Shop.Example", TlsAlpn01.Protocol);

        Assert.Equal(TlsAlpn01.ExtensionValue("tok-1.thumbprint"), AcmeIdentifier(connection.Certificate));
    }

    private async Task<(AcmeAuthorization Authorization, AcmeChallenge Challenge)> PresentAsync(string name, string token, string keyAuthorization)
    {
        var challenge = new AcmeChallenge { Type = AcmeChallenge.TlsAlpn01, Token = token, Url = new Uri("https://ca.example/chall/" + token) };
        var authorization = new AcmeAuthorization { Identifier = Acme.Resources.AcmeIdentifier.Dns(name), Challenges = [challenge] };
        Assert.True(await _solver.CanSolveAsync(Guid.NewGuid(), Core.Names.DnsName.Parse(name.ToLowerInvariant()), CancellationToken.None));
        Assert.False(await _solver.CanSolveAsync(Guid.NewGuid(), Core.Names.DnsName.ParseWildcard("*.shop.example"), CancellationToken.None));
        await _solver.PresentAsync(authorization, challenge, keyAuthorization, CancellationToken.None);
        return (authorization, challenge);
    }

    /// <summary>Whether an acme-tls/1 handshake for the name ends without a certificate (an alert or a closed connection).</summary>
    private async Task<bool> RefusedAsync(string? serverName)
    {
        try
        {
            await using var connection = await ConnectAsync(serverName, TlsAlpn01.Protocol);
            return false;
        }
        catch (Exception e) when (e is System.Security.Authentication.AuthenticationException or IOException)
        {
            return true;
        }
    }

    private async Task<string> ThumbprintAsync(params SslApplicationProtocol[] protocols)
    {
        await using var connection = await ConnectAsync(Host, protocols);
        return connection.Certificate.Thumbprint;
    }

    private static byte[]? AcmeIdentifier(X509Certificate2 certificate) =>
        certificate.Extensions[TlsAlpn01.AcmeIdentifierOid] is { Critical: true } extension ? extension.RawData : null;

    private async Task<Connection> ConnectAsync(string? serverName, params SslApplicationProtocol[] protocols)
    {
        var tcp = new TcpClient(AddressFamily.InterNetwork);
        try
        {
            using var timeout = new CancellationTokenSource(Deadline);
            await tcp.ConnectAsync(IPAddress.Loopback, _bench.Running.HttpsPort, timeout.Token);
            var tls = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false);
            var options = new SslClientAuthenticationOptions
            {
                TargetHost = serverName ?? "",
                RemoteCertificateValidationCallback = (_, _, _, _) => true,
            };
            if (protocols.Length > 0)
            {
                options.ApplicationProtocols = [.. protocols];
            }
            await tls.AuthenticateAsClientAsync(options, timeout.Token);
            return new Connection(tcp, tls, new X509Certificate2(tls.RemoteCertificate!));
        }
        catch
        {
            tcp.Dispose();
            throw;
        }
    }

    private sealed record Connection(TcpClient Tcp, SslStream Tls, X509Certificate2 Certificate) : IAsyncDisposable
    {
        public SslApplicationProtocol Protocol => Tls.NegotiatedApplicationProtocol;

        public async ValueTask DisposeAsync()
        {
            await Tls.DisposeAsync();
            Tcp.Dispose();
            Certificate.Dispose();
        }
    }
}
