using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Certsmith.Acme.Challenges;

namespace Certsmith.EndToEnd.Tests;

/// <summary>
/// Issue 4, section 4: with <c>Acme:ChallengeType=tls-alpn-01</c> the platform proves names by TLS-ALPN-01 through
/// its own edge (the local Pebble's tlsPort is the edge's HTTPS port), while ordinary clients keep getting ordinary
/// certificates.
/// </summary>
public sealed class TlsAlpn01IssuanceTests : IAsyncLifetime, IDisposable
{
    private static readonly TimeSpan IssuanceDeadline = TimeSpan.FromSeconds(90);

    /// <summary>The edge's counter of acme-tls/1 handshakes (Certsmith.Edge.EdgeMetrics).</summary>
    private const string MeterName = "Certsmith.Edge";
    private const string AcmeTlsHandshakes = "certsmith.edge.acme_tls.handshakes";

    private readonly PlatformFixture _fixture = new();
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<DateTime> _answered = new();

    public async Task InitializeAsync()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == MeterName && instrument.Name == AcmeTlsHandshakes)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag is { Key: "outcome", Value: "answered" })
                {
                    _answered.Enqueue(DateTime.UtcNow);
                }
            }
        });
        _listener.Start();
        _fixture.Settings["Acme:ChallengeType"] = "tls-alpn-01";
        await _fixture.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        _listener.Dispose();
        await _fixture.DisposeAsync();
    }

    public void Dispose() => _listener.Dispose();

    [Fact]
    public async Task A_site_is_secured_by_tls_alpn01_through_the_edge_while_ordinary_clients_never_see_the_validation_certificate()
    {
        const string name = "alpn.e2e-alpn.example";
        var tenant = await _fixture.TenantWithDomainsAsync("e2e-alpn.example");
        var site = await _fixture.PostAsync($"/api/v1/tenants/{tenant}/sites", new { name = "alpn" });

        // Ordinary clients (no ALPN, and browser-like h2 + http/1.1) hammer the name for as long as the issuance runs.
        using var stop = new CancellationTokenSource();
        var observers = new[] { ObserveAsync(name, [], stop.Token), ObserveAsync(name, [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11], stop.Token) };
        await _fixture.PostAsync($"/api/v1/tenants/{tenant}/sites/{site["id"]}/addresses", new { name });
        try
        {
            await _fixture.WaitForValidAsync(tenant, [name], IssuanceDeadline);
        }
        finally
        {
            await stop.CancelAsync();
        }
        var seen = (await Task.WhenAll(observers)).SelectMany(s => s).ToList();

        // The CA proved the name over acme-tls/1 on the edge: the edge answered at least one validation handshake.
        Assert.NotEmpty(_answered);
        // Every ordinary handshake got the default certificate (before issuance) or the real one (after), never one
        // carrying the acmeIdentifier extension; and some of them ran while the issuance did.
        Assert.NotEmpty(seen);
        Assert.All(seen, s => Assert.False(s.IsValidationCertificate, $"an ordinary client was served the validation certificate at {s.At:O}"));
        Assert.All(seen, s => Assert.True(s.IsDefault || s.IsReal, $"an ordinary client got an unexpected certificate for [{string.Join(", ", s.Names)}] at {s.At:O}"));
        Assert.Contains(seen, s => s.At <= _answered.Min());

        var (leaf, chainsToRoot) = await EdgeClient.HandshakeAsync(_fixture.Platform.EdgeHttpsPort, name, _fixture.CaRoot);
        using var _ = leaf;
        Assert.True(chainsToRoot);
        Assert.Equal([name], EdgeClient.DnsNames(leaf));
    }

    private async Task<List<Seen>> ObserveAsync(string name, List<SslApplicationProtocol> protocols, CancellationToken stop)
    {
        var seen = new List<Seen>();
        while (!stop.IsCancellationRequested)
        {
            var at = DateTime.UtcNow;
            using var tcp = new TcpClient(AddressFamily.InterNetwork);
            await tcp.ConnectAsync(IPAddress.Loopback, _fixture.Platform.EdgeHttpsPort, CancellationToken.None);
            await using var tls = new SslStream(tcp.GetStream());
            var chainsToRoot = false;
            var options = new SslClientAuthenticationOptions
            {
                TargetHost = name,
                CertificateChainPolicy = TrustOnly(_fixture.CaRoot),
                RemoteCertificateValidationCallback = (_, _, _, errors) =>
                {
                    chainsToRoot = errors == SslPolicyErrors.None;
                    return true;
                },
            };
            if (protocols.Count > 0)
            {
                options.ApplicationProtocols = protocols;
            }
            await tls.AuthenticateAsClientAsync(options, CancellationToken.None);
            using var leaf = new X509Certificate2(tls.RemoteCertificate!);
            var names = EdgeClient.DnsNames(leaf);
            seen.Add(new Seen(
                at,
                names,
                IsValidationCertificate: leaf.Extensions[TlsAlpn01.AcmeIdentifierOid] is not null || tls.NegotiatedApplicationProtocol == TlsAlpn01.Protocol,
                IsDefault: !chainsToRoot && leaf.Subject.Contains("certsmith", StringComparison.OrdinalIgnoreCase),
                IsReal: chainsToRoot && names.SequenceEqual([name])));
            // Paced, so the observers leave the two cores to Pebble (its one DNS query per validation times out at 2 s).
            await Task.Delay(TimeSpan.FromMilliseconds(20), CancellationToken.None);
        }
        return seen;
    }

    private static X509ChainPolicy TrustOnly(X509Certificate2 root)
    {
        var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
        policy.CustomTrustStore.Add(root);
        return policy;
    }

    private sealed record Seen(DateTime At, IReadOnlyList<string> Names, bool IsValidationCertificate, bool IsDefault, bool IsReal);
}
