using System.Net;
using Certsmith.Core.Storage;
using Certsmith.Edge.Tests.Support;

namespace Certsmith.Edge.Tests.Requests;

/// <summary>HTTP-01 (RFC 8555 §8.3): answered from the store on plain HTTP for every Host, before anything else.</summary>
public sealed class ChallengeTests : IAsyncLifetime
{
    private EdgeBench _bench = null!;

    public async Task InitializeAsync() => _bench = await EdgeBench.CreateAsync();

    public async Task DisposeAsync() => await _bench.DisposeAsync();

    [Theory]
    [InlineData("www.shop.example")]
    [InlineData("not-a-site.example")]
    [InlineData("127.0.0.1")]
    public async Task ChallengePathIsAnsweredFromTheStoreForAnyHost(string host)
    {
        var tenant = await _bench.AddTenantAsync("acme");
        var backend = await TestBackend.StartAsync();
        await using (backend)
        {
            var site = await _bench.AddSiteAsync(tenant, "shop", backend.Address);
            await _bench.AddAddressAsync(site, "www.shop.example");
            await _bench.Store.Acme.PutChallengeAnswerAsync(new ChallengeAnswer("tok-EN_123", "tok-EN_123.thumbprint", DateTimeOffset.UtcNow.AddHours(1)), CancellationToken.None);
            await _bench.StartAsync();
            using var client = _bench.CreateClient();

            using var response = await client.GetAsync(new Uri($"http://{host}/.well-known/acme-challenge/tok-EN_123"));

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("tok-EN_123.thumbprint", await response.Content.ReadAsStringAsync());
            Assert.False(response.Headers.Contains("X-Backend"));
        }
    }

    [Theory]
    [InlineData("unknown-token")]
    [InlineData("expired-token")]
    [InlineData("bad%20token")]
    [InlineData("")]
    public async Task UnknownExpiredOrMalformedTokensAre404(string token)
    {
        var tenant = await _bench.AddTenantAsync("acme");
        var site = await _bench.AddSiteAsync(tenant, "shop");
        await _bench.AddAddressAsync(site, "www.shop.example");
        await _bench.Store.Acme.PutChallengeAnswerAsync(new ChallengeAnswer("expired-token", "expired-token.x", DateTimeOffset.UtcNow.AddMinutes(-1)), CancellationToken.None);
        await _bench.StartAsync();
        using var client = _bench.CreateClient();

        using var response = await client.GetAsync(new Uri($"http://www.shop.example/.well-known/acme-challenge/{token}"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
