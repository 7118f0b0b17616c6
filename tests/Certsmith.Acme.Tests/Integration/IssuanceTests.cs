using System.Net;
using System.Security.Cryptography.X509Certificates;
using Certsmith.Acme.Certificates;
using Certsmith.Acme.Jws;
using Certsmith.Acme.Problems;
using Certsmith.Acme.Resources;

namespace Certsmith.Acme.Tests.Integration;

/// <summary>Certificates from a real Pebble through each challenge type, verified to its root.</summary>
[Collection(PebbleCollection.Name)]
public sealed class IssuanceTests(PebbleFixture fixture) : IDisposable
{
    private readonly AcmeBench _bench = fixture.Bench;
    private readonly AcmeKey _key = AcmeKey.CreateEs256();

    public void Dispose() => _key.Dispose();

    [Theory]
    [InlineData(AcmeChallenge.Http01)]
    [InlineData(AcmeChallenge.TlsAlpn01)]
    [InlineData(AcmeChallenge.Dns01)]
    public async Task A_single_name_certificate_is_issued_by_each_challenge_and_chains_to_pebbles_root(string challenge)
    {
        var client = await _bench.ClientWithAccountAsync(_key);
        var name = AcmeBench.UniqueName(challenge.Replace("-", "", StringComparison.Ordinal));
        var http01Requests = _bench.Http01.RequestCount;

        var (chain, key, order) = await _bench.IssueAsync(client, [AcmeIdentifier.Dns(name)], challenge);
        using var _ = key;

        Assert.Equal(AcmeStatus.Valid, order.Status);
        // Pebble validated through the responder of this challenge type: the HTTP-01 one is asked only for http-01.
        Assert.Equal(challenge == AcmeChallenge.Http01, _bench.Http01.RequestCount > http01Requests);
        Assert.Equal([name], AcmeBench.DnsNames(chain.Leaf));
        Assert.True(chain.Certificates.Count >= 2, "the chain holds the leaf and its intermediate");
        using var root = await _bench.Pebble.GetRootAsync(0, CancellationToken.None);
        AcmeBench.AssertChainsTo(chain, root);
        using var leafWithKey = chain.Leaf.CopyWithPrivateKey((System.Security.Cryptography.ECDsa)key.Key);
        Assert.True(leafWithKey.HasPrivateKey, "the certificate is for the key the library generated");
    }

    [Fact]
    public async Task A_multi_name_certificate_names_every_identifier()
    {
        var client = await _bench.ClientWithAccountAsync(_key);
        string[] names = [AcmeBench.UniqueName("m1"), AcmeBench.UniqueName("m2"), AcmeBench.UniqueName("m3")];

        var (chain, key, _) = await _bench.IssueAsync(client, names.Select(AcmeIdentifier.Dns).ToList());
        using var _k = key;

        Assert.Equal(names.Order(), AcmeBench.DnsNames(chain.Leaf).Order());
    }

    [Fact]
    public async Task A_wildcard_is_issued_by_dns01_only()
    {
        var client = await _bench.ClientWithAccountAsync(_key);
        var wildcard = "*." + AcmeBench.UniqueName("wild");

        var order = await client.NewOrderAsync(new NewOrderRequest { Identifiers = [AcmeIdentifier.Dns(wildcard)] });
        var authorization = await client.GetAuthorizationAsync(Assert.Single(order.Authorizations));
        Assert.True(authorization.Wildcard);
        Assert.Equal(wildcard[2..], authorization.Identifier.Value);
        Assert.Equal([AcmeChallenge.Dns01], authorization.Challenges.Select(c => c.Type));

        var (chain, key, _) = await _bench.IssueAsync(client, [AcmeIdentifier.Dns(wildcard)], AcmeChallenge.Dns01);
        using var _k = key;
        Assert.Equal([wildcard], AcmeBench.DnsNames(chain.Leaf));
    }

    [Fact]
    public async Task An_ip_address_certificate_is_issued_by_http01()
    {
        var client = await _bench.ClientWithAccountAsync(_key);

        var (chain, key, _) = await _bench.IssueAsync(client, [AcmeIdentifier.Ip(IPAddress.Loopback)]);
        using var _k = key;

        var ips = chain.Leaf.Extensions.OfType<X509SubjectAlternativeNameExtension>().SelectMany(e => e.EnumerateIPAddresses());
        Assert.Equal([IPAddress.Loopback], ips);
    }

    [Theory]
    [InlineData(CertificateKeyAlgorithm.EcdsaP384)]
    [InlineData(CertificateKeyAlgorithm.Rsa2048)]
    public async Task Other_key_types_are_certified(CertificateKeyAlgorithm algorithm)
    {
        var client = await _bench.ClientWithAccountAsync(_key);

        var (chain, key, _) = await _bench.IssueAsync(client, [AcmeIdentifier.Dns(AcmeBench.UniqueName("k"))], keyAlgorithm: algorithm);
        using var _k = key;

        Assert.Equal(algorithm == CertificateKeyAlgorithm.Rsa2048 ? "1.2.840.113549.1.1.1" : "1.2.840.10045.2.1", chain.Leaf.PublicKey.Oid.Value);
    }

    [Fact]
    public async Task Alternate_chains_lead_to_pebbles_other_root()
    {
        var client = await _bench.ClientWithAccountAsync(_key);
        var (chain, key, order) = await _bench.IssueAsync(client, [AcmeIdentifier.Dns(AcmeBench.UniqueName("alt"))]);
        using var _k = key;

        var chains = await client.DownloadAllChainsAsync(order.Certificate!);

        Assert.Equal(2, chains.Count);
        Assert.Single(chain.AlternateUrls);
        Assert.All(chains, c => Assert.Equal(chain.Leaf.Thumbprint, c.Leaf.Thumbprint));
        Assert.NotEqual(chains[0].TopIssuer, chains[1].TopIssuer);
        using var root0 = await _bench.Pebble.GetRootAsync(0, CancellationToken.None);
        using var root1 = await _bench.Pebble.GetRootAsync(1, CancellationToken.None);
        AcmeBench.AssertChainsTo(chains[0], root0);
        AcmeBench.AssertChainsTo(chains[1], root1);
    }

    [Fact]
    public async Task A_rejected_identifier_is_a_typed_problem_to_fix()
    {
        var client = await _bench.ClientWithAccountAsync(_key);

        var e = await Assert.ThrowsAsync<AcmeProblemException>(() =>
            client.NewOrderAsync(new NewOrderRequest { Identifiers = [AcmeIdentifier.Dns("bad_name.example.org")] }));

        Assert.Equal(AcmeErrorKind.FixInput, e.Kind);
        Assert.True(e.Problem.Is(AcmeErrorTypes.RejectedIdentifier) || e.Problem.Is(AcmeErrorTypes.Malformed), e.Problem.ToString());
        Assert.Equal(400, e.HttpStatus);
    }

    [Fact]
    public async Task A_failed_challenge_is_a_typed_validation_problem_naming_the_identifier()
    {
        var client = await _bench.ClientWithAccountAsync(_key);
        var name = AcmeBench.UniqueName("fail");
        var order = await client.NewOrderAsync(new NewOrderRequest { Identifiers = [AcmeIdentifier.Dns(name)] });
        var authorization = await client.GetAuthorizationAsync(Assert.Single(order.Authorizations));
        var challenge = authorization.FindChallenge(AcmeChallenge.Http01)!;
        _bench.Http01.Set(challenge.Token!, "wrong-key-authorization");
        var http01Requests = _bench.Http01.RequestCount;

        var e = await Assert.ThrowsAsync<AcmeProblemException>(() => client.ValidateAsync(authorization, challenge));

        Assert.True(_bench.Http01.RequestCount > http01Requests, "Pebble fetched the wrong answer rather than failing to connect");
        Assert.True(e.IsValidationFailure, e.Problem.ToString());
        Assert.Equal(AcmeErrorKind.FixInput, e.Kind);
        Assert.Equal(name, e.Problem.Identifier?.Value);
        var after = await client.GetOrderAsync(order.Location);
        Assert.Equal(AcmeStatus.Invalid, after.Status);
    }

    [Fact]
    public async Task A_csr_for_other_names_than_the_order_is_refused_at_finalize()
    {
        var client = await _bench.ClientWithAccountAsync(_key);
        var name = AcmeBench.UniqueName("csr");
        var order = await client.NewOrderAsync(new NewOrderRequest { Identifiers = [AcmeIdentifier.Dns(name)] });
        var authorization = await client.GetAuthorizationAsync(order.Authorizations[0]);
        var challenge = authorization.FindChallenge(AcmeChallenge.Http01)!;
        await _bench.PublishAsync(client, authorization, challenge);
        await client.ValidateAsync(authorization, challenge);
        using var key = CertificateKey.Generate();

        var e = await Assert.ThrowsAsync<AcmeProblemException>(() =>
            client.FinalizeAsync(order, CertificateSigningRequest.Create(key, [AcmeIdentifier.Dns("someone-else.example.org")])));

        Assert.Equal(AcmeErrorKind.FixInput, e.Kind);
        Assert.True(e.Problem.Is(AcmeErrorTypes.BadCsr) || e.Problem.Is(AcmeErrorTypes.Unauthorized), e.Problem.ToString());
        Assert.Contains(name, e.Problem.Detail ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_ca_without_ari_gets_no_replaces_and_no_renewal_info_request()
    {
        var recorder = new PayloadRecorder(_bench.Pebble.CreateHandler());
        using var http = new HttpClient(recorder);
        var client = await _bench.ClientWithAccountAsync(_key, http: http);

        var order = await client.NewOrderAsync(new NewOrderRequest { Identifiers = [AcmeIdentifier.Dns(AcmeBench.UniqueName("noari"))], Replaces = "aYhba4dGQEHhs3uEe6CuLN4ByNQ.AIdlQyE" });
        var requestsBefore = recorder.Requests;
        var info = await client.GetRenewalInfoAsync("aYhba4dGQEHhs3uEe6CuLN4ByNQ.AIdlQyE");

        Assert.Equal(AcmeStatus.Pending, order.Status);
        Assert.Null(order.Replaces);
        Assert.Contains(recorder.Payloads, p => p.Contains("\"identifiers\"", StringComparison.Ordinal));
        Assert.DoesNotContain(recorder.Payloads, p => p.Contains("replaces", StringComparison.Ordinal));
        Assert.Null(info);
        Assert.Equal(requestsBefore, recorder.Requests);
    }

    [Fact]
    public async Task An_authorization_can_be_deactivated()
    {
        var client = await _bench.ClientWithAccountAsync(_key);
        var order = await client.NewOrderAsync(new NewOrderRequest { Identifiers = [AcmeIdentifier.Dns(AcmeBench.UniqueName("deact"))] });

        var authorization = await client.DeactivateAuthorizationAsync(Assert.Single(order.Authorizations));

        Assert.Equal(AcmeStatus.Deactivated, authorization.Status);
    }

    [Fact]
    public async Task A_ca_whose_certificate_is_not_trusted_is_a_tls_failure()
    {
        using var untrusting = new HttpClient();
        var client = _bench.Client(_key, http: untrusting);

        var e = await Assert.ThrowsAsync<AcmeTransportException>(() => client.GetDirectoryAsync());

        Assert.Equal(AcmeTransportFailure.Tls, e.Failure);
        Assert.Equal(AcmeErrorKind.FixInput, e.Kind);
    }

    [Fact]
    public async Task Revocation_with_the_account_key_then_again_is_already_revoked()
    {
        var client = await _bench.ClientWithAccountAsync(_key);
        var (chain, key, _) = await _bench.IssueAsync(client, [AcmeIdentifier.Dns(AcmeBench.UniqueName("rev"))]);
        using var _k = key;

        await client.RevokeCertificateAsync(chain.Leaf, RevocationReason.Superseded);
        var e = await Assert.ThrowsAsync<AcmeProblemException>(() => client.RevokeCertificateAsync(chain.Leaf));

        Assert.True(e.Problem.Is(AcmeErrorTypes.AlreadyRevoked), e.Problem.ToString());
        Assert.Equal(AcmeErrorKind.GiveUp, e.Kind);
    }

    [Fact]
    public async Task Revocation_with_the_certificate_key_needs_no_account()
    {
        var client = await _bench.ClientWithAccountAsync(_key);
        var (chain, key, _) = await _bench.IssueAsync(client, [AcmeIdentifier.Dns(AcmeBench.UniqueName("revk"))]);
        using var _k = key;
        using var stranger = AcmeKey.CreateEs256();
        var anyone = _bench.Client(stranger);

        await anyone.RevokeCertificateAsync(chain.Leaf, key.Key, RevocationReason.KeyCompromise);
        var e = await Assert.ThrowsAsync<AcmeProblemException>(() => client.RevokeCertificateAsync(chain.Leaf));

        Assert.True(e.Problem.Is(AcmeErrorTypes.AlreadyRevoked), e.Problem.ToString());
    }

    [Fact]
    public async Task An_order_is_resumed_from_its_stored_url_by_a_new_client()
    {
        var client = await _bench.ClientWithAccountAsync(_key);
        var name = AcmeBench.UniqueName("resume");
        var order = await client.NewOrderAsync(new NewOrderRequest { Identifiers = [AcmeIdentifier.Dns(name)] });
        var authorization = await client.GetAuthorizationAsync(order.Authorizations[0]);
        var challenge = authorization.FindChallenge(AcmeChallenge.Http01)!;
        await _bench.PublishAsync(client, authorization, challenge);
        await client.ValidateAsync(authorization, challenge);

        // A restarted process knows only the account URL and the order URL from its store.
        var restarted = _bench.Client(_key, o => o with { AccountUrl = client.AccountUrl });
        var stored = await restarted.GetOrderAsync(order.Location);
        using var key = CertificateKey.Generate();
        var chain = await restarted.CompleteOrderAsync(stored, key);

        Assert.Equal([name], AcmeBench.DnsNames(chain.Leaf));
    }

    /// <summary>Records the decoded JWS payload of every request sent to Pebble.</summary>
    private sealed class PayloadRecorder(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> _payloads = new();
        private int _requests;

        public IReadOnlyCollection<string> Payloads => _payloads;

        public int Requests => Volatile.Read(ref _requests);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _requests);
            if (request.Content is not null)
            {
                using var jws = System.Text.Json.JsonDocument.Parse(await request.Content.ReadAsStringAsync(cancellationToken));
                _payloads.Enqueue(System.Text.Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(jws.RootElement.GetProperty("payload").GetString()!)));
            }
            return await base.SendAsync(request, cancellationToken);
        }
    }
}
