using System.Net;
using System.Text.Json;
using Certsmith.Acme.Jws;
using Certsmith.Acme.Resources;

namespace Certsmith.Acme.Tests.Unit;

/// <summary>What the client sends, field by field (RFC 8555 §7.4, RFC 9773 §5, ACME profiles).</summary>
public sealed class RequestPayloadTests : IDisposable
{
    private const string Order = """{"status":"pending","identifiers":[{"type":"dns","value":"a.example.org"}],"authorizations":[],"finalize":"https://ca.test/fin/1"}""";
    private readonly AcmeKey _key = AcmeKey.CreateEs256();

    public void Dispose() => _key.Dispose();

    private async Task<JsonElement> SendNewOrder(StubCa ca, NewOrderRequest request)
    {
        ca.ThenJson(HttpStatusCode.Created, Order, r => r.Headers.Location = new Uri("https://ca.test/my-order/1"));
        using var http = new HttpClient(ca);
        var client = new AcmeClient(http, _key, new AcmeClientOptions { DirectoryUri = StubCa.Directory, AccountUrl = new Uri("https://ca.test/acct/1") });
        await client.NewOrderAsync(request);
        return JsonDocument.Parse(Assert.Single(ca.Payloads)).RootElement.Clone();
    }

    [Fact]
    public async Task A_new_order_sends_identifiers_validity_profile_and_replaces()
    {
        var payload = await SendNewOrder(new StubCa(), new NewOrderRequest
        {
            Identifiers = [AcmeIdentifier.Dns("www.example.org"), AcmeIdentifier.Ip(IPAddress.Parse("2001:db8::1"))],
            NotBefore = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero),
            NotAfter = new DateTimeOffset(2026, 12, 8, 12, 30, 0, TimeSpan.FromHours(2)),
            Profile = "shortlived",
            Replaces = "aYhba4dGQEHhs3uEe6CuLN4ByNQ.AIdlQyE",
        });

        Assert.Equal("""[{"type":"dns","value":"www.example.org"},{"type":"ip","value":"2001:db8::1"}]""", payload.GetProperty("identifiers").GetRawText());
        Assert.Equal("2026-12-01T00:00:00Z", payload.GetProperty("notBefore").GetString());
        Assert.Equal("2026-12-08T10:30:00Z", payload.GetProperty("notAfter").GetString());
        Assert.Equal("shortlived", payload.GetProperty("profile").GetString());
        Assert.Equal("aYhba4dGQEHhs3uEe6CuLN4ByNQ.AIdlQyE", payload.GetProperty("replaces").GetString());
    }

    [Fact]
    public async Task A_plain_order_sends_only_identifiers()
    {
        var payload = await SendNewOrder(new StubCa(), new NewOrderRequest { Identifiers = [AcmeIdentifier.Dns("a.example.org")] });

        Assert.Equal(["identifiers"], payload.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task A_renewal_window_that_ends_before_it_starts_is_refused()
    {
        var ca = new StubCa().ThenJson(HttpStatusCode.OK, """{"suggestedWindow":{"start":"2026-12-10T00:00:00Z","end":"2026-12-09T00:00:00Z"}}""");
        using var http = new HttpClient(ca);
        var client = new AcmeClient(http, _key, new AcmeClientOptions { DirectoryUri = StubCa.Directory });

        await Assert.ThrowsAsync<Problems.AcmeProtocolException>(() => client.GetRenewalInfoAsync("aYhba4dGQEHhs3uEe6CuLN4ByNQ.AIdlQyE"));
        Assert.Equal(new Uri("https://ca.test/ari/aYhba4dGQEHhs3uEe6CuLN4ByNQ.AIdlQyE"), ca.Requests[^1].Url);
    }
}
