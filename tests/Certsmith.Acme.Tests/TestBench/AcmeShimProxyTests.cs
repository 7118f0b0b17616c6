using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Certsmith.Acme.Ari;
using Certsmith.Acme.Certificates;
using Certsmith.Acme.Jws;
using Certsmith.Acme.Problems;
using Certsmith.Acme.Resources;
using Certsmith.Acme.Tests.Integration;
using Certsmith.Testing.AcmeProxy;

namespace Certsmith.Acme.Tests.TestBench;

public sealed class AcmeShimCertIdTests
{
    [Fact]
    public void CertId_matches_the_RFC_9773_example()
    {
        byte[] keyIdentifier = Convert.FromHexString("69885B6B87464041E1B37B847BA0AE2CDE01C8D4");
        byte[] serial = Convert.FromHexString("0087654321");

        Assert.Equal("aYhba4dGQEHhs3uEe6CuLN4ByNQ.AIdlQyE", AcmeCertId.Compute(keyIdentifier, serial));
    }

    [Fact]
    public void CertId_of_a_certificate_uses_its_AKI_and_serial_content_octets()
    {
        using var leaf = TestCertificates.Leaf(serial: Convert.FromHexString("0087654321"), out var keyIdentifier);

        Assert.Equal(Base64Url.EncodeToString(keyIdentifier) + ".AIdlQyE", AcmeCertId.Compute(leaf));
    }

    [Fact]
    public async Task StartAsync_reports_every_invalid_option_at_once()
    {
        var options = new AcmeShimOptions { RenewalInfoRetryAfter = TimeSpan.Zero, PendingRetryAfter = TimeSpan.FromSeconds(-1) };
        using var handler = new HttpClientHandler();

        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            AcmeShimProxy.StartAsync(new Uri("https://127.0.0.1:1/"), handler, options, TimeProvider.System, CancellationToken.None));

        Assert.Contains(nameof(AcmeShimOptions.RenewalInfoRetryAfter), error.Message);
        Assert.Contains(nameof(AcmeShimOptions.PendingRetryAfter), error.Message);
    }

    [Theory]
    [InlineData("aYhba4dGQEHhs3uEe6CuLN4ByNQ.AIdlQyE", true)]
    [InlineData("aYhba4dGQEHhs3uEe6CuLN4ByNQ", false)]
    [InlineData("aYhba4dGQEHhs3uEe6CuLN4ByNQ.", false)]
    [InlineData("a.b.c", false)]
    [InlineData("aYhb+4dG.AIdlQyE", false)]
    [InlineData("aYhba4dGQEHhs3uEe6CuLN4ByNQ=.AIdlQyE", false)]
    public void CertId_well_formedness_follows_RFC_9773(string certId, bool wellFormed) =>
        Assert.Equal(wellFormed, AcmeCertId.IsWellFormed(certId));
}

/// <summary>
/// What the proxy promises on the wire — URLs, headers, status codes, its own renewalInfo answers — beyond what
/// Integration/ShimProtocolTests sees through the library. Pebble validates through the bench's HTTP-01 responder.
/// </summary>
public sealed class AcmeShimProxyTests(AcmeShimProxyTests.Bench bench) : IClassFixture<AcmeShimProxyTests.Bench>, IDisposable
{
    private static readonly TimeSpan PendingRetryAfter = TimeSpan.FromSeconds(2);

    private static readonly AcmeShimOptions Options = new()
    {
        Profiles = new Dictionary<string, string> { ["classic"] = "The usual 90 days", ["shortlived"] = "Six days" },
        PendingRetryAfter = PendingRetryAfter,
        RenewalInfoRetryAfter = TimeSpan.FromHours(6),
    };

    private readonly AcmeKey _key = AcmeKey.CreateEs256();

    private AcmeShimProxy Proxy => bench.Shim.Proxy;

    private HttpClient Http => bench.Shim.Http;

    public void Dispose() => _key.Dispose();

    [Fact]
    public async Task Directory_keeps_Pebbles_fields_and_points_every_url_at_the_proxy()
    {
        var directory = JsonNode.Parse(await Http.GetStringAsync(Proxy.DirectoryUri))!.AsObject();

        var authority = Proxy.BaseUri.GetLeftPart(UriPartial.Authority);
        Assert.Equal(authority + "/renewal-info", (string?)directory["renewalInfo"]);
        foreach (var name in new[] { "newNonce", "newAccount", "newOrder", "revokeCert", "keyChange" })
        {
            Assert.StartsWith(authority + "/", (string?)directory[name]);
        }

        Assert.NotNull(directory["meta"]!["termsOfService"]);
        Assert.True(Proxy.CountOf(AcmeShimRequestKind.Directory) >= 1);
    }

    [Fact]
    public async Task Head_newNonce_through_the_proxy_returns_a_Replay_Nonce()
    {
        using var request = new HttpRequestMessage(HttpMethod.Head, new Uri(Proxy.BaseUri, "/nonce-plz"));
        using var response = await Http.SendAsync(request);

        Assert.True(response.IsSuccessStatusCode);
        Assert.False(string.IsNullOrEmpty(response.Headers.GetValues("Replay-Nonce").Single()));
    }

    [Fact]
    public async Task RenewalInfo_for_an_unknown_certId_is_404_and_for_garbage_is_400()
    {
        using var unknown = await Http.GetAsync(new Uri(Proxy.BaseUri, "/renewal-info/aYhba4dGQEHhs3uEe6CuLN4ByNQ.AIdlQyE"));
        using var garbage = await Http.GetAsync(new Uri(Proxy.BaseUri, "/renewal-info/not-a-cert-id"));

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
        Assert.Equal("urn:ietf:params:acme:error:malformed", (string?)JsonNode.Parse(await unknown.Content.ReadAsStringAsync())!["type"]);
        Assert.Equal(HttpStatusCode.BadRequest, garbage.StatusCode);
        Assert.Equal("application/problem+json", garbage.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task RenewalInfo_for_a_known_certificate_answers_its_window_and_SetRenewalWindow_moves_it()
    {
        using var leaf = TestCertificates.Leaf(RandomNumberGenerator.GetBytes(8), out _);
        var certId = Proxy.Remember(leaf);
        var lifetime = leaf.NotAfter - leaf.NotBefore;
        var before = Proxy.CountOf(AcmeShimRequestKind.RenewalInfo);

        var (window, retryAfter) = await GetRenewalInfoAsync(certId);
        Assert.Equal(TimeSpan.FromHours(6), retryAfter);
        Assert.Equal(new DateTimeOffset(leaf.NotAfter - (lifetime / 3)), DateTimeOffset.Parse((string)window["suggestedWindow"]!["start"]!), TimeSpan.FromSeconds(1));
        Assert.Equal(new DateTimeOffset(leaf.NotAfter - (lifetime / 6)), DateTimeOffset.Parse((string)window["suggestedWindow"]!["end"]!), TimeSpan.FromSeconds(1));
        Assert.Null(window["explanationURL"]);

        var drill = new DateTimeOffset(2020, 1, 2, 3, 4, 5, TimeSpan.Zero);
        Proxy.SetRenewalWindow(certId, drill, drill.AddHours(1), new Uri("https://ca.test/incident"));
        (window, _) = await GetRenewalInfoAsync(certId);
        Assert.Equal("2020-01-02T03:04:05Z", (string?)window["suggestedWindow"]!["start"]);
        Assert.Equal("2020-01-02T04:04:05Z", (string?)window["suggestedWindow"]!["end"]);
        Assert.Equal("https://ca.test/incident", (string?)window["explanationURL"]);
        Assert.Equal(before + 2, Proxy.CountOf(AcmeShimRequestKind.RenewalInfo));
    }

    [Fact]
    public async Task An_unknown_profile_is_a_400_whose_Replay_Nonce_signs_the_next_request()
    {
        var client = await bench.Shim.ClientWithAccountAsync(_key);

        var e = await Assert.ThrowsAsync<AcmeProblemException>(() => client.NewOrderAsync(new NewOrderRequest
        {
            Identifiers = [AcmeIdentifier.Dns(AcmeBench.UniqueName("noprof"))],
            Profile = "no-such-profile",
        }));
        var sent = Proxy.Requests.Count;
        await client.GetAccountAsync();

        Assert.Equal(400, e.HttpStatus);
        // The client pools the nonce of every answer: one POST and no HEAD newNonce means the problem carried
        // a Replay-Nonce, and no badNonce retry means Pebble took it.
        Assert.Equal([AcmeShimRequestKind.Other], Proxy.Requests.Skip(sent).Select(r => r.Kind));
    }

    [Fact]
    public async Task An_order_lives_at_the_proxy_says_when_to_poll_until_valid_and_a_second_replacement_is_a_409()
    {
        var client = await bench.Shim.ClientWithAccountAsync(_key);
        var name = AcmeBench.UniqueName("wire");

        var order = await client.NewOrderAsync(new NewOrderRequest { Identifiers = [AcmeIdentifier.Dns(name)], Profile = "shortlived" });
        Assert.StartsWith(Proxy.BaseUri.ToString(), order.Location.ToString(), StringComparison.Ordinal);
        Assert.Equal(AcmeStatus.Pending, order.Status);
        AssertPollAgainIn(PendingRetryAfter, order.RetryAfter);

        var authorization = await client.GetAuthorizationAsync(order.Authorizations[0]);
        var challenge = authorization.FindChallenge(AcmeChallenge.Http01)!;
        await bench.Shim.Acme.PublishAsync(client, authorization, challenge);
        await client.ValidateAsync(authorization, challenge);
        var ready = await client.WaitForOrderAsync(order.Location);
        using var key = CertificateKey.Generate();
        var finalized = await client.FinalizeAsync(ready, CertificateSigningRequest.Create(key, ready.Identifiers));
        Assert.Equal(finalized.Status is AcmeStatus.Processing or AcmeStatus.Pending, finalized.RetryAfter is not null);
        var valid = await client.WaitForOrderAsync(order.Location);
        Assert.Equal(AcmeStatus.Valid, valid.Status);
        Assert.Null(valid.RetryAfter);

        var chain = await client.DownloadCertificateAsync(valid.Certificate!);
        var renewal = new NewOrderRequest { Identifiers = [AcmeIdentifier.Dns(name)], Replaces = AriCertificateId.FromCertificate(chain.Leaf) };
        var replacing = await client.NewOrderAsync(renewal);
        Assert.Null(replacing.Profile);
        Assert.Equal(renewal.Replaces, Proxy.ReplacesOf(replacing.Location));

        var again = await Assert.ThrowsAsync<AcmeProblemException>(() => client.NewOrderAsync(renewal));
        Assert.Equal(409, again.HttpStatus);
    }

    private static void AssertPollAgainIn(TimeSpan expected, DateTimeOffset? retryAfter)
    {
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value - DateTimeOffset.UtcNow, expected - TimeSpan.FromSeconds(1), expected);
    }

    private async Task<(JsonObject Window, TimeSpan? RetryAfter)> GetRenewalInfoAsync(string certId)
    {
        using var response = await Http.GetAsync(new Uri(Proxy.BaseUri, "/renewal-info/" + certId));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return (JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject(), response.Headers.RetryAfter?.Delta);
    }

    /// <summary>One Pebble and one proxy for the tests of this class.</summary>
    public sealed class Bench : IAsyncLifetime
    {
        public ShimBench Shim { get; private set; } = null!;

        public async Task InitializeAsync() => Shim = await ShimBench.StartAsync(Options);

        public async Task DisposeAsync()
        {
            if (Shim is not null)
            {
                await Shim.DisposeAsync();
            }
        }
    }
}

/// <summary>Certificates with a chosen serial and an Authority Key Identifier, for certID checks.</summary>
file static class TestCertificates
{
    public static X509Certificate2 Leaf(byte[] serial, out byte[] keyIdentifier)
    {
        using var issuerKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var issuerRequest = new CertificateRequest("CN=Test issuer", issuerKey, HashAlgorithmName.SHA256);
        issuerRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        var subjectKeyIdentifier = new X509SubjectKeyIdentifierExtension(issuerRequest.PublicKey, false);
        issuerRequest.CertificateExtensions.Add(subjectKeyIdentifier);
        var now = DateTimeOffset.UtcNow;
        using var issuer = issuerRequest.CreateSelfSigned(now.AddDays(-1), now.AddDays(100));
        keyIdentifier = subjectKeyIdentifier.SubjectKeyIdentifierBytes.ToArray();

        using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var leafRequest = new CertificateRequest("CN=leaf.certsmith.test", leafKey, HashAlgorithmName.SHA256);
        leafRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, true, false));
        return leafRequest.Create(issuer, now.AddMinutes(-5), now.AddDays(90), serial);
    }
}
