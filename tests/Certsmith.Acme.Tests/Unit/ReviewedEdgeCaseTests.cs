using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Certsmith.Acme.Certificates;
using Certsmith.Acme.Challenges;
using Certsmith.Acme.Jws;
using Certsmith.Acme.Problems;
using Certsmith.Acme.Resources;
using Microsoft.Extensions.Time.Testing;

namespace Certsmith.Acme.Tests.Unit;

/// <summary>Corner cases of RFC 8555 §6.5, §7.4, §7.5.1 and RFC 9773 §4 that a careless client gets wrong.</summary>
public sealed class ReviewedEdgeCaseTests : IDisposable
{
    private static readonly Uri OrderUrl = new("https://ca.test/my-order/1");
    private readonly StubCa _ca = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));
    private readonly HttpClient _http;
    private readonly AcmeKey _key = AcmeKey.CreateEs256();

    public ReviewedEdgeCaseTests() => _http = new HttpClient(_ca);

    public void Dispose()
    {
        _http.Dispose();
        _key.Dispose();
    }

    private AcmeClient Client(TimeProvider? time = null) => new(_http, _key, new AcmeClientOptions
    {
        DirectoryUri = StubCa.Directory,
        AccountUrl = new Uri("https://ca.test/acct/1"),
        PollInitialDelay = TimeSpan.FromMilliseconds(10),
    }, time ?? _time);

    [Fact]
    public async Task A_head_answer_announcing_a_length_it_does_not_send_still_gives_a_nonce()
    {
        var ca = new HeadWithLength();
        using var http = new HttpClient(ca);
        var client = new AcmeClient(http, _key, new AcmeClientOptions { DirectoryUri = StubCa.Directory, AccountUrl = new Uri("https://ca.test/acct/1") });

        var order = await client.GetOrderAsync(OrderUrl);

        Assert.Equal(AcmeStatus.Valid, order.Status);
    }

    [Theory]
    [InlineData(1, 60)]
    [InlineData(2_000_000_000, 86_400)]
    [InlineData(3_600, 3_600)]
    public async Task Renewal_info_retry_after_is_clamped_to_between_a_minute_and_a_day(long retryAfterSeconds, long expectedSeconds)
    {
        _ca.ThenJson(HttpStatusCode.OK, """{"suggestedWindow":{"start":"2026-12-10T00:00:00Z","end":"2026-12-11T00:00:00Z"}}""",
            r => r.Headers.TryAddWithoutValidation("Retry-After", retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        var info = await Client().GetRenewalInfoAsync("aYhba4dGQEHhs3uEe6CuLN4ByNQ.AIdlQyE");

        Assert.Equal(_time.GetUtcNow().AddSeconds(expectedSeconds), info!.NextPoll);
    }

    [Fact]
    public async Task An_invalid_renewal_window_means_ask_again_later()
    {
        _ca.ThenJson(HttpStatusCode.OK, """{"suggestedWindow":{"start":"2026-12-10T00:00:00Z","end":"2026-12-10T00:00:00Z"}}""");

        var e = await Assert.ThrowsAsync<AcmeProtocolException>(() => Client().GetRenewalInfoAsync("aYhba4dGQEHhs3uEe6CuLN4ByNQ.AIdlQyE"));

        Assert.Equal(AcmeErrorKind.RetryLater, e.Kind);
        Assert.Equal(_time.GetUtcNow().AddHours(6), e.RetryAfter);
    }

    [Fact]
    public async Task A_malformed_ari_identifier_is_refused_before_asking()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Client().GetRenewalInfoAsync("../../etc/passwd"));
        Assert.Empty(_ca.Requests);
    }

    [Fact]
    public async Task A_retry_after_longer_than_one_call_waits_hands_the_work_back()
    {
        const string Pending = """{"identifier":{"type":"dns","value":"a.example"},"status":"pending","challenges":[{"type":"http-01","url":"https://ca.test/chall/1","status":"processing","token":"t"}]}""";
        _ca.ThenJson(HttpStatusCode.OK, Pending, r => r.Headers.RetryAfter = new(TimeSpan.FromHours(1)));
        var authorization = new AcmeAuthorization
        {
            Location = new Uri("https://ca.test/authz/1"),
            Identifier = AcmeIdentifier.Dns("a.example"),
            Status = AcmeStatus.Pending,
            Challenges = [new AcmeChallenge { Type = AcmeChallenge.Http01, Url = new Uri("https://ca.test/chall/1"), Status = AcmeStatus.Processing, Token = "t" }],
        };

        var e = await Assert.ThrowsAsync<AcmePendingException>(() => Client(TimeProvider.System).ValidateAsync(authorization, authorization.Challenges[0]));

        Assert.Equal(AcmeErrorKind.RetryLater, e.Kind);
        Assert.True(e.RetryAfter > DateTimeOffset.UtcNow.AddMinutes(59));
        Assert.DoesNotContain(_ca.Requests, r => r.Url.AbsolutePath.StartsWith("/chall", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_challenge_without_a_status_is_answered()
    {
        _ca.ThenJson(HttpStatusCode.OK, """{"type":"http-01","url":"https://ca.test/chall/1","token":"t"}""")
           .ThenJson(HttpStatusCode.OK, """{"identifier":{"type":"dns","value":"a.example"},"status":"valid","challenges":[]}""");
        var authorization = new AcmeAuthorization
        {
            Location = new Uri("https://ca.test/authz/1"),
            Identifier = AcmeIdentifier.Dns("a.example"),
            Status = AcmeStatus.Pending,
        };

        var result = await Client(TimeProvider.System).ValidateAsync(authorization, new AcmeChallenge { Type = AcmeChallenge.Http01, Url = new Uri("https://ca.test/chall/1"), Token = "t" });

        Assert.Equal(AcmeStatus.Valid, result.Status);
        Assert.Contains(_ca.Requests, r => r.Url.AbsolutePath == "/chall/1");
    }

    [Fact]
    public async Task Order_not_ready_at_finalize_looks_at_the_order_and_carries_on()
    {
        using var issued = SelfSigned("a.example");
        var pem = issued.ExportCertificatePem();
        _ca.ThenProblem(HttpStatusCode.Forbidden, "orderNotReady", "Order is not in the ready state")
           .ThenJson(HttpStatusCode.OK, """{"status":"valid","identifiers":[{"type":"dns","value":"a.example"}],"authorizations":[],"finalize":"https://ca.test/fin/1","certificate":"https://ca.test/cert/1"}""")
           .Then(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(pem, Encoding.ASCII, "application/pem-certificate-chain") });
        var order = new AcmeOrder { Location = OrderUrl, Status = AcmeStatus.Ready, Identifiers = [AcmeIdentifier.Dns("a.example")], Finalize = new Uri("https://ca.test/fin/1") };
        using var key = CertificateKey.Generate();

        var chain = await Client().CompleteOrderAsync(order, key);

        Assert.Equal(issued.Thumbprint, chain.Leaf.Thumbprint);
    }

    [Fact]
    public async Task An_order_with_a_relative_finalize_url_is_a_protocol_error_not_a_crash()
    {
        _ca.ThenJson(HttpStatusCode.OK, """{"status":"ready","identifiers":[{"type":"dns","value":"a.example"}],"authorizations":[],"finalize":"/fin/1"}""");

        var e = await Assert.ThrowsAsync<AcmeProtocolException>(() => Client().GetOrderAsync(OrderUrl));

        Assert.Contains("finalize", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_order_without_identifiers_is_a_protocol_error_not_a_crash()
    {
        _ca.ThenJson(HttpStatusCode.OK, """{"status":"ready","authorizations":[],"finalize":"https://ca.test/fin/1"}""");

        await Assert.ThrowsAsync<AcmeProtocolException>(() => Client().GetOrderAsync(OrderUrl));
    }

    [Fact]
    public async Task A_problem_with_a_null_subproblem_is_still_a_typed_problem()
    {
        _ca.ThenJson(HttpStatusCode.BadRequest, """{"type":"urn:ietf:params:acme:error:compound","detail":"x","subproblems":[null,{"type":"urn:ietf:params:acme:error:rateLimited"}]}""", mediaType: "application/problem+json");

        var e = await Assert.ThrowsAsync<AcmeProblemException>(() => Client().GetOrderAsync(OrderUrl));

        Assert.Single(e.Problem.Subproblems);
        Assert.Equal(AcmeErrorKind.RateLimited, e.Kind);
    }

    [Fact]
    public void Tls_alpn_refuses_a_wildcard()
    {
        Assert.Throws<ArgumentException>(() => TlsAlpn01.CreateCertificate(AcmeIdentifier.Dns("*.example.org"), "t.k"));
    }

    private static X509Certificate2 SelfSigned(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256).CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
    }

    /// <summary>A CA whose HEAD newNonce announces a Content-Length (RFC 9110 §9.3.2 allows it).</summary>
    private sealed class HeadWithLength : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            HttpResponseMessage response;
            if (request.RequestUri == StubCa.Directory)
            {
                response = new(HttpStatusCode.OK) { Content = new StringContent("""{"newNonce":"https://ca.test/nonce","newAccount":"https://ca.test/acct","newOrder":"https://ca.test/order"}""", Encoding.UTF8, "application/json") };
            }
            else if (request.Method == HttpMethod.Head)
            {
                var empty = new ByteArrayContent([]);
                empty.Headers.ContentLength = 42;
                response = new(HttpStatusCode.OK) { Content = empty };
                response.Headers.TryAddWithoutValidation("Replay-Nonce", "headnonce");
            }
            else
            {
                response = new(HttpStatusCode.OK) { Content = new StringContent("""{"status":"valid","identifiers":[{"type":"dns","value":"a.example"}],"authorizations":[],"finalize":"https://ca.test/fin/1"}""", Encoding.UTF8, "application/json") };
            }
            return Task.FromResult(response);
        }
    }
}
