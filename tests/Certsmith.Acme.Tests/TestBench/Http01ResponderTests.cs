using System.Net;
using Certsmith.Testing;

namespace Certsmith.Acme.Tests.TestBench;

public sealed class Http01ResponderTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Serves_the_key_authorization_of_a_set_token_and_404s_everything_else()
    {
        using var cts = new CancellationTokenSource(Deadline);
        await using var responder = await Http01Responder.StartAsync(cts.Token);
        responder.Set("tok_en-1", "tok_en-1.thumbprint");
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{responder.Port}") };

        using var hit = await client.GetAsync("/.well-known/acme-challenge/tok_en-1", cts.Token);
        using var unknown = await client.GetAsync("/.well-known/acme-challenge/other", cts.Token);
        using var elsewhere = await client.GetAsync("/tok_en-1", cts.Token);

        Assert.Equal(HttpStatusCode.OK, hit.StatusCode);
        Assert.Equal("tok_en-1.thumbprint", await hit.Content.ReadAsStringAsync(cts.Token));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, elsewhere.StatusCode);
        Assert.Equal(2, responder.RequestCount);
    }

    [Fact]
    public async Task A_removed_token_is_no_longer_served()
    {
        using var cts = new CancellationTokenSource(Deadline);
        await using var responder = await Http01Responder.StartAsync(cts.Token);
        responder.Set("token", "token.thumbprint");
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{responder.Port}") };

        Assert.True(responder.Remove("token"));
        using var response = await client.GetAsync("/.well-known/acme-challenge/token", cts.Token);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Rejects_a_token_that_is_not_base64url()
    {
        using var cts = new CancellationTokenSource(Deadline);
        await using var responder = await Http01Responder.StartAsync(cts.Token);

        Assert.Throws<ArgumentException>(() => responder.Set("../etc", "x"));
    }
}
