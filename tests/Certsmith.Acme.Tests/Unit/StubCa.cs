using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace Certsmith.Acme.Tests.Unit;

/// <summary>
/// A scripted CA for faults a real server cannot be made to produce (truncated bodies, HTML error pages,
/// hangs, exact Retry-After values). Every answer it gives is an RFC 8555 answer; it hands out nonces.
/// </summary>
internal sealed class StubCa : HttpMessageHandler
{
    public static readonly Uri Directory = new("https://ca.test/dir");
    private readonly ConcurrentQueue<Func<HttpRequestMessage, HttpResponseMessage>> _script = new();
    private int _nonce;

    public List<(HttpMethod Method, Uri Url)> Requests { get; } = [];

    /// <summary>The decoded JWS payload of every POST, in order.</summary>
    public List<string> Payloads { get; } = [];

    public StubCa Then(Func<HttpRequestMessage, HttpResponseMessage> answer)
    {
        _script.Enqueue(answer);
        return this;
    }

    public StubCa ThenJson(HttpStatusCode status, string json, Action<HttpResponseMessage>? headers = null, string mediaType = "application/json") =>
        Then(_ =>
        {
            var r = new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8, mediaType) };
            headers?.Invoke(r);
            return r;
        });

    public StubCa ThenProblem(HttpStatusCode status, string type, string detail = "detail", Action<HttpResponseMessage>? headers = null) =>
        ThenJson(status, $$"""{"type":"urn:ietf:params:acme:error:{{type}}","detail":"{{detail}}","status":{{(int)status}}}""", headers, "application/problem+json");

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        lock (Requests)
        {
            Requests.Add((request.Method, request.RequestUri!));
            if (request.Content is not null)
            {
                using var jws = System.Text.Json.JsonDocument.Parse(request.Content.ReadAsStringAsync(cancellationToken).GetAwaiter().GetResult());
                var payload = jws.RootElement.GetProperty("payload").GetString()!;
                Payloads.Add(Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(payload)));
            }
        }
        HttpResponseMessage response;
        if (request.RequestUri == Directory)
        {
            response = new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent("""
                    {"newNonce":"https://ca.test/nonce","newAccount":"https://ca.test/acct","newOrder":"https://ca.test/order",
                     "revokeCert":"https://ca.test/revoke","keyChange":"https://ca.test/key-change","renewalInfo":"https://ca.test/ari/",
                     "meta":{"termsOfService":"https://ca.test/tos","externalAccountRequired":false,"caaIdentities":["ca.test"],
                             "profiles":{"classic":"The usual","shortlived":"Six days"},"newField":{"x":1}},
                     "someFutureEndpoint":"https://ca.test/future"}
                    """, Encoding.UTF8, "application/json"),
            };
        }
        else if (request.Method == HttpMethod.Head)
        {
            response = new HttpResponseMessage(HttpStatusCode.OK);
        }
        else if (_script.TryDequeue(out var answer))
        {
            response = answer(request);
        }
        else
        {
            throw new InvalidOperationException($"The stub CA has no answer scripted for {request.Method} {request.RequestUri}.");
        }
        response.Headers.TryAddWithoutValidation("Replay-Nonce", $"nonce{Interlocked.Increment(ref _nonce)}");
        return Task.FromResult(response);
    }
}
