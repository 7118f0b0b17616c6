using System.Net;
using System.Text.Json.Nodes;

namespace Certsmith.Api.Tests;

/// <summary>A tenant made through the API by the admin, with its own token and a client that uses it.</summary>
public sealed class TenantSession : IDisposable
{
    private TenantSession(ApiHost host, string tenantId, string token)
    {
        TenantId = tenantId;
        Token = token;
        Client = host.Client(token);
    }

    public string TenantId { get; }

    public string Token { get; }

    public HttpClient Client { get; }

    public string Base => $"/api/v1/tenants/{TenantId}";

    public static async Task<TenantSession> CreateAsync(ApiHost host)
    {
        using var admin = host.Client(host.AdminToken);
        var tenant = await admin.PostJsonAsync("/api/v1/tenants", new { name = "tenant " + Guid.NewGuid().ToString("N")[..8] }).ExpectAsync(HttpStatusCode.Created);
        var id = (string)tenant["id"]!;
        var token = await admin.PostJsonAsync($"/api/v1/tenants/{id}/tokens", new { name = "tests" }).ExpectAsync(HttpStatusCode.Created);
        return new TenantSession(host, id, (string)token["secret"]!);
    }

    /// <summary>A fresh registrable name nobody else holds.</summary>
    public static string NewDomainName() => $"d{Guid.NewGuid():N}"[..13] + ".org";

    public async Task<JsonNode> AddDomainAsync(string name, string kind = "hostedZone") =>
        await Client.PostJsonAsync($"{Base}/domains", new { name, kind }).ExpectAsync(HttpStatusCode.Created);

    public async Task<JsonNode> CreateSiteAsync(string name) =>
        await Client.PostJsonAsync($"{Base}/sites", new { name }).ExpectAsync(HttpStatusCode.Created);

    public async Task<JsonNode> AddAddressAsync(string siteId, string name) =>
        await Client.PostJsonAsync($"{Base}/sites/{siteId}/addresses", new { name }).ExpectAsync(HttpStatusCode.Created);

    /// <summary>Everything the tenant can list, to compare before and after a refused request.</summary>
    public async Task<string> SnapshotAsync()
    {
        var parts = new List<string> { await Client.GetTextAsync(Base) }; // the tenant itself: its name, threshold, webhook
        foreach (var path in new[] { "domains", "sites", "certificates", "tokens", "users", "delegations" })
        {
            parts.Add(await Client.GetTextAsync($"{Base}/{path}"));
        }
        foreach (var site in (await Client.GetAsync($"{Base}/sites").ExpectAsync(HttpStatusCode.OK)).AsArray())
        {
            parts.Add(await Client.GetTextAsync($"{Base}/sites/{site!["id"]}"));
        }
        foreach (var certificate in (await Client.GetAsync($"{Base}/certificates").ExpectAsync(HttpStatusCode.OK)).AsArray())
        {
            parts.Add(await Client.GetTextAsync($"{Base}/certificates/{certificate!["id"]}/events"));
        }
        return string.Join("\n", parts);
    }

    public void Dispose() => Client.Dispose();
}
