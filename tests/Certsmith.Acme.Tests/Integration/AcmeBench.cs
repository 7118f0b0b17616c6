using System.Security.Cryptography.X509Certificates;
using Certsmith.Acme.Certificates;
using Certsmith.Acme.Challenges;
using Certsmith.Acme.Jws;
using Certsmith.Acme.Resources;
using Certsmith.Testing;

namespace Certsmith.Acme.Tests.Integration;

/// <summary>
/// A real Pebble on loopback with its challenge responders (HTTP-01 and TLS-ALPN-01 on Kestrel, DNS-01
/// through pebble-challtestsrv), and the issuance steps the tests share.
/// </summary>
public sealed class AcmeBench : IAsyncDisposable
{
    private AcmeBench(PebbleServer pebble, Http01Responder http01, TlsAlpnResponder tlsAlpn, HttpClient http)
    {
        Pebble = pebble;
        Http01 = http01;
        TlsAlpn = tlsAlpn;
        Http = http;
    }

    public PebbleServer Pebble { get; }

    public Http01Responder Http01 { get; }

    public TlsAlpnResponder TlsAlpn { get; }

    /// <summary>Trusts only this Pebble's listener certificate.</summary>
    public HttpClient Http { get; }

    public static async Task<AcmeBench> StartAsync(Func<PebbleOptions, PebbleOptions>? configure = null)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var http01 = await Http01Responder.StartAsync(cts.Token);
        var tlsAlpn = await TlsAlpnResponder.StartAsync(cts.Token);
        var options = new PebbleOptions { HttpPort = http01.Port, TlsPort = tlsAlpn.Port };
        var pebble = await PebbleServer.StartAsync((configure ?? (o => o))(options), cts.Token);
        return new AcmeBench(pebble, http01, tlsAlpn, pebble.CreateHttpClient());
    }

    /// <summary>A unique name per call, so Pebble's authorization reuse never mixes tests.</summary>
    public static string UniqueName(string label = "site") => $"{label}-{Guid.NewGuid().ToString("N")[..12]}.example.org";

    public AcmeClient Client(AcmeKey key, Func<AcmeClientOptions, AcmeClientOptions>? tweak = null, Uri? directory = null, HttpClient? http = null) =>
        new(http ?? Http, key, (tweak ?? (o => o))(new AcmeClientOptions { DirectoryUri = directory ?? Pebble.DirectoryUri, PollInitialDelay = TimeSpan.FromMilliseconds(50) }));

    public async Task<AcmeClient> ClientWithAccountAsync(AcmeKey key, Uri? directory = null, HttpClient? http = null)
    {
        var client = Client(key, directory: directory, http: http);
        await client.CreateAccountAsync(new NewAccountRequest { TermsOfServiceAgreed = true, Contacts = ["mailto:ops@example.org"] });
        return client;
    }

    /// <summary>Publishes the answer to one challenge where the CA will look for it.</summary>
    public async Task PublishAsync(AcmeClient client, AcmeAuthorization authorization, AcmeChallenge challenge)
    {
        var keyAuthorization = client.GetKeyAuthorization(challenge.Token!);
        switch (challenge.Type)
        {
            case AcmeChallenge.Http01:
                Http01.Set(challenge.Token!, keyAuthorization);
                break;
            case AcmeChallenge.TlsAlpn01:
                using (var certificate = TlsAlpn01.CreateCertificate(authorization.Identifier, keyAuthorization))
                {
                    TlsAlpn.Set(TlsAlpn01.ServerName(authorization.Identifier), certificate);
                }
                break;
            case AcmeChallenge.Dns01:
                await Pebble.SetTxtAsync(ChallengeResponses.Dns01RecordName(authorization.Identifier) + ".", ChallengeResponses.Dns01TxtValue(keyAuthorization), CancellationToken.None);
                break;
            default:
                throw new InvalidOperationException($"No responder for {challenge.Type}.");
        }
    }

    /// <summary>Orders, proves every authorization with <paramref name="challengeType"/>, finalizes with a fresh key, downloads.</summary>
    public async Task<(AcmeCertificateChain Chain, CertificateKey Key, AcmeOrder Order)> IssueAsync(
        AcmeClient client, IReadOnlyList<AcmeIdentifier> identifiers, string challengeType = AcmeChallenge.Http01, NewOrderRequest? request = null,
        CertificateKeyAlgorithm keyAlgorithm = CertificateKeyAlgorithm.EcdsaP256)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var order = await client.NewOrderAsync(request ?? new NewOrderRequest { Identifiers = identifiers }, cts.Token);
        foreach (var url in order.Authorizations)
        {
            var authorization = await client.GetAuthorizationAsync(url, cts.Token);
            if (authorization.Status == AcmeStatus.Valid)
            {
                continue;
            }
            var challenge = authorization.FindChallenge(challengeType) ?? throw new InvalidOperationException($"Pebble offered no {challengeType} for {authorization.Identifier}.");
            await PublishAsync(client, authorization, challenge);
            await client.ValidateAsync(authorization, challenge, cts.Token);
        }
        var key = CertificateKey.Generate(keyAlgorithm);
        var chain = await client.CompleteOrderAsync(order, key, cts.Token);
        return (chain, key, await client.GetOrderAsync(order.Location, cts.Token));
    }

    /// <summary>Asserts that the chain leads from its leaf through its intermediates to <paramref name="root"/>.</summary>
    public static void AssertChainsTo(AcmeCertificateChain chain, X509Certificate2 root)
    {
        using var x509 = new X509Chain();
        x509.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        x509.ChainPolicy.CustomTrustStore.Add(root);
        x509.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        x509.ChainPolicy.ExtraStore.AddRange(chain.Certificates.Skip(1).ToArray());
        var built = x509.Build(chain.Leaf);
        Assert.True(built, string.Join("; ", x509.ChainStatus.Select(s => s.StatusInformation)));
        Assert.Equal(root.Thumbprint, x509.ChainElements[^1].Certificate.Thumbprint);
    }

    public static IReadOnlyList<string> DnsNames(X509Certificate2 certificate) =>
        certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().SelectMany(e => e.EnumerateDnsNames()).ToList();

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Pebble.DisposeAsync();
        await TlsAlpn.DisposeAsync();
        await Http01.DisposeAsync();
    }
}

/// <summary>One Pebble shared by the tests of the "Pebble" collection (default settings: 5% nonces rejected, alternate roots).</summary>
public sealed class PebbleFixture : IAsyncLifetime
{
    public AcmeBench Bench { get; private set; } = null!;

    public async Task InitializeAsync() => Bench = await AcmeBench.StartAsync(o => o with { AlternateRoots = 1 });

    public async Task DisposeAsync() => await Bench.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class PebbleCollection : ICollectionFixture<PebbleFixture>
{
    public const string Name = "Pebble";
}
