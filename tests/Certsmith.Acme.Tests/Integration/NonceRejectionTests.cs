using Certsmith.Acme.Jws;
using Certsmith.Acme.Resources;

namespace Certsmith.Acme.Tests.Integration;

/// <summary>Issuance always succeeds while Pebble rejects half of all nonces (RFC 8555 §6.5).</summary>
public sealed class NonceRejectionTests : IAsyncLifetime
{
    private AcmeBench _bench = null!;

    public async Task InitializeAsync() => _bench = await AcmeBench.StartAsync(o => o with { NonceRejectPercent = 50 });

    public async Task DisposeAsync() => await _bench.DisposeAsync();

    [Fact]
    public async Task Issuance_succeeds_when_half_the_nonces_are_rejected()
    {
        using var key = AcmeKey.CreateEs256();
        var counter = new BadNonceCounter(_bench.Pebble.CreateHandler());
        using var http = new HttpClient(counter);
        var client = await _bench.ClientWithAccountAsync(key, http: http);

        for (var i = 0; i < 5; i++)
        {
            var name = AcmeBench.UniqueName($"n{i}");
            var (chain, certificateKey, _) = await _bench.IssueAsync(client, [AcmeIdentifier.Dns(name)]);
            using var _k = certificateKey;
            Assert.Equal([name], AcmeBench.DnsNames(chain.Leaf));
        }
        // About half of ~40 signed requests were refused and re-signed; none of it reached the caller.
        Assert.True(counter.Rejected >= 5, $"Pebble rejected only {counter.Rejected} nonces");
        // Each rejected request was signed again with the nonce Pebble's error handed out (RFC 8555 §6.5).
        Assert.Equal(counter.Rejected, counter.RetriedWithTheErrorsNonce);
    }

    /// <summary>Counts Pebble's badNonce answers and checks that the next request is signed with the nonce the answer carried (§6.5).</summary>
    private sealed class BadNonceCounter(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        private readonly Lock _gate = new();
        private readonly HashSet<string> _offered = [];
        private int _rejected;
        private int _reused;

        public int Rejected => Volatile.Read(ref _rejected);

        /// <summary>Requests signed with a nonce that a badNonce answer had just handed out.</summary>
        public int RetriedWithTheErrorsNonce => Volatile.Read(ref _reused);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Content is not null && SignedNonce(await request.Content.ReadAsStringAsync(cancellationToken)) is { } nonce)
            {
                lock (_gate)
                {
                    if (_offered.Remove(nonce))
                    {
                        _reused++;
                    }
                }
            }
            var response = await base.SendAsync(request, cancellationToken);
            if ((int)response.StatusCode == 400 && (await response.Content.ReadAsStringAsync(cancellationToken)).Contains("badNonce", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref _rejected);
                if (response.Headers.TryGetValues("Replay-Nonce", out var fresh))
                {
                    lock (_gate)
                    {
                        _offered.Add(fresh.First());
                    }
                }
            }
            return response;
        }

        private static string? SignedNonce(string jws)
        {
            using var body = System.Text.Json.JsonDocument.Parse(jws);
            var header = System.Buffers.Text.Base64Url.DecodeFromChars(body.RootElement.GetProperty("protected").GetString()!);
            using var parsed = System.Text.Json.JsonDocument.Parse(header);
            return parsed.RootElement.TryGetProperty("nonce", out var n) ? n.GetString() : null;
        }
    }
}
