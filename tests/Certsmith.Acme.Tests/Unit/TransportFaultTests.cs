using System.Net;
using System.Net.Sockets;
using System.Text;
using Certsmith.Acme.Jws;
using Certsmith.Acme.Problems;
using Certsmith.Acme.Resources;
using Microsoft.Extensions.Time.Testing;

namespace Certsmith.Acme.Tests.Unit;

/// <summary>Faults no real CA can be made to produce on demand, each a typed error and never a hang or crash.</summary>
public sealed class TransportFaultTests : IDisposable
{
    private static readonly Uri Account = new("https://ca.test/acct/1");
    private readonly StubCa _ca = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));
    private readonly HttpClient _http;
    private readonly AcmeKey _key = AcmeKey.CreateEs256();

    public TransportFaultTests() => _http = new HttpClient(_ca);

    public void Dispose()
    {
        _http.Dispose();
        _key.Dispose();
    }

    private AcmeClient Client(Func<AcmeClientOptions, AcmeClientOptions>? tweak = null) =>
        new(_http, _key, (tweak ?? (o => o))(new AcmeClientOptions { DirectoryUri = StubCa.Directory, AccountUrl = Account }), _time);

    private const string PendingOrder = """{"status":"pending","identifiers":[{"type":"dns","value":"a.example"}],"authorizations":["https://ca.test/authz/1"],"finalize":"https://ca.test/fin/1"}""";

    [Fact]
    public async Task Bad_nonce_is_retried_with_a_fresh_nonce_until_accepted()
    {
        _ca.ThenProblem(HttpStatusCode.BadRequest, "badNonce").ThenProblem(HttpStatusCode.BadRequest, "badNonce")
           .ThenJson(HttpStatusCode.Created, PendingOrder, r => r.Headers.Location = new Uri("https://ca.test/my-order/1"));

        var order = await Client().NewOrderAsync(new NewOrderRequest { Identifiers = [AcmeIdentifier.Dns("a.example")] });

        Assert.Equal(AcmeStatus.Pending, order.Status);
        Assert.Equal(3, _ca.Requests.Count(r => r.Url.AbsolutePath == "/order"));
    }

    [Fact]
    public async Task Bad_nonce_beyond_the_retry_limit_surfaces_as_retry_now()
    {
        for (var i = 0; i < 3; i++)
        {
            _ca.ThenProblem(HttpStatusCode.BadRequest, "badNonce");
        }

        var e = await Assert.ThrowsAsync<AcmeProblemException>(() => Client(o => o with { MaxBadNonceRetries = 2 }).GetOrderAsync(new Uri("https://ca.test/my-order/1")));

        Assert.Equal(AcmeErrorKind.RetryNow, e.Kind);
    }

    [Fact]
    public async Task Rate_limited_answer_carries_its_retry_after_and_help_link()
    {
        _ca.ThenProblem((HttpStatusCode)429, "rateLimited", "too many certificates", r =>
        {
            r.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(3600));
            r.Headers.TryAddWithoutValidation("Link", "<https://letsencrypt.org/docs/rate-limits/>;rel=\"help\"");
        });

        var e = await Assert.ThrowsAsync<AcmeProblemException>(() => Client().NewOrderAsync(new NewOrderRequest { Identifiers = [AcmeIdentifier.Dns("a.example")] }));

        Assert.Equal(AcmeErrorKind.RateLimited, e.Kind);
        Assert.Equal(_time.GetUtcNow().AddHours(1), e.RetryAfter);
        Assert.Equal(new Uri("https://letsencrypt.org/docs/rate-limits/"), Assert.Single(e.HelpLinks));
        Assert.Equal("too many certificates", e.Problem.Detail);
    }

    [Fact]
    public async Task An_html_error_page_from_a_proxy_is_a_transient_protocol_error()
    {
        _ca.Then(_ => new HttpResponseMessage(HttpStatusCode.BadGateway) { Content = new StringContent("<html><body>502 Bad Gateway</body></html>", Encoding.UTF8, "text/html") });

        var e = await Assert.ThrowsAsync<AcmeProtocolException>(() => Client().GetOrderAsync(new Uri("https://ca.test/my-order/1")));

        Assert.Equal(AcmeErrorKind.RetryLater, e.Kind);
        Assert.Equal(502, e.HttpStatus);
        Assert.Contains("502 Bad Gateway", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_truncated_json_answer_is_a_protocol_error()
    {
        _ca.ThenJson(HttpStatusCode.OK, """{"status":"pending","identifiers":[{"type":"dns",""");

        var e = await Assert.ThrowsAsync<AcmeProtocolException>(() => Client().GetOrderAsync(new Uri("https://ca.test/my-order/1")));

        Assert.Contains("not the JSON object", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_shorter_than_its_content_length_is_a_protocol_error()
    {
        _ca.Then(_ =>
        {
            var content = new ByteArrayContent(Encoding.UTF8.GetBytes("""{"status":"valid"}"""));
            content.Headers.ContentLength = 500;
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
        });

        var e = await Assert.ThrowsAsync<AcmeProtocolException>(() => Client().GetOrderAsync(new Uri("https://ca.test/my-order/1")));

        Assert.Contains("cut off", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unexpected_status_without_a_problem_document_is_a_protocol_error()
    {
        _ca.Then(_ => new HttpResponseMessage(HttpStatusCode.NotFound));

        var e = await Assert.ThrowsAsync<AcmeProtocolException>(() => Client().GetOrderAsync(new Uri("https://ca.test/my-order/1")));

        Assert.Equal(AcmeErrorKind.GiveUp, e.Kind);
        Assert.Equal(404, e.HttpStatus);
    }

    [Fact]
    public async Task A_201_without_location_is_a_protocol_error()
    {
        _ca.ThenJson(HttpStatusCode.Created, PendingOrder);

        var e = await Assert.ThrowsAsync<AcmeProtocolException>(() => Client().NewOrderAsync(new NewOrderRequest { Identifiers = [AcmeIdentifier.Dns("a.example")] }));

        Assert.Contains("Location", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_ca_that_never_answers_is_a_timeout_not_a_hang()
    {
        using var hanging = new HttpClient(new HangingHandler());
        var client = new AcmeClient(hanging, _key, new AcmeClientOptions { DirectoryUri = StubCa.Directory, RequestTimeout = TimeSpan.FromMilliseconds(200) });

        var e = await Assert.ThrowsAsync<AcmeTransportException>(() => client.GetDirectoryAsync());

        Assert.Equal(AcmeTransportFailure.Timeout, e.Failure);
        Assert.Equal(AcmeErrorKind.RetryLater, e.Kind);
    }

    [Fact]
    public async Task The_callers_cancellation_is_a_cancellation_not_a_timeout()
    {
        using var hanging = new HttpClient(new HangingHandler());
        var client = new AcmeClient(hanging, _key, new AcmeClientOptions { DirectoryUri = StubCa.Directory });
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetDirectoryAsync(cts.Token));
    }

    [Fact]
    public async Task A_closed_port_is_a_connection_failure()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var http = new HttpClient();
        var client = new AcmeClient(http, _key, new AcmeClientOptions { DirectoryUri = new Uri($"https://127.0.0.1:{port}/dir") });

        var e = await Assert.ThrowsAsync<AcmeTransportException>(() => client.GetDirectoryAsync());

        Assert.Equal(AcmeTransportFailure.Connection, e.Failure);
    }

    [Fact]
    public async Task An_oversized_answer_is_refused()
    {
        _ca.ThenJson(HttpStatusCode.OK, "{\"status\":\"valid\",\"x\":\"" + new string('a', 40_000) + "\"}");

        var e = await Assert.ThrowsAsync<AcmeProtocolException>(() => Client(o => o with { MaxResponseBytes = 16 * 1024 }).GetOrderAsync(new Uri("https://ca.test/my-order/1")));

        Assert.Contains("larger than", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_directory_fields_and_statuses_are_tolerated()
    {
        _ca.ThenJson(HttpStatusCode.OK, """{"status":"someNewState","identifiers":[{"type":"dns","value":"a.example"}],"authorizations":[],"finalize":"https://ca.test/fin/1","futureField":[1,2]}""");
        var client = Client();

        var directory = await client.GetDirectoryAsync();
        var order = await client.GetOrderAsync(new Uri("https://ca.test/my-order/1"));

        Assert.Equal(["classic", "shortlived"], directory.Meta.Profiles.Keys.Order());
        Assert.Equal(new Uri("https://ca.test/ari/"), directory.RenewalInfo);
        Assert.Equal(["ca.test"], directory.Meta.CaaIdentities);
        Assert.Equal(AcmeStatus.Unknown, order.Status);
    }

    [Fact]
    public void Options_report_every_error_at_once()
    {
        var options = new AcmeClientOptions
        {
            DirectoryUri = new Uri("http://insecure.test/dir"),
            RequestTimeout = TimeSpan.Zero,
            PollBackoffFactor = 0.5,
            MaxBadNonceRetries = -1,
        };

        var errors = options.Validate();
        var e = Assert.Throws<ArgumentException>(() => new AcmeClient(_http, _key, options));

        Assert.Equal(4, errors.Count);
        foreach (var error in errors)
        {
            Assert.Contains(error, e.Message, StringComparison.Ordinal);
        }
    }

    private sealed class HangingHandler : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        }
    }
}
