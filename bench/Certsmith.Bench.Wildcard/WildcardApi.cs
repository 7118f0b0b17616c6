using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Certsmith.Bench.Wildcard;

/// <summary>The REST calls the wildcard benchmark makes (/api/v1, the platform admin's bearer token).</summary>
internal sealed class WildcardApi : IDisposable
{
    private readonly HttpClient _http;

    public WildcardApi(Uri apiUrl, string token)
    {
        // One connection, kept open: the timed loop then measures the platform, not connection set-up.
        _http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(10) }, disposeHandler: true)
        {
            BaseAddress = new Uri(apiUrl.ToString().TrimEnd('/') + "/api/v1/"),
            Timeout = TimeSpan.FromSeconds(60),
        };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    public async Task<string> CreateTenantAsync(string name) =>
        Id(await PostAsync("tenants", new JsonObject { ["name"] = name }));

    /// <summary>A hosted zone assigned by the platform admin: proven when the platform's DNS serves it.</summary>
    public async Task AddHostedZoneAsync(string tenant, string zone)
    {
        var domain = await PostAsync($"tenants/{tenant}/domains", new JsonObject { ["name"] = zone, ["kind"] = "hostedZone" });
        if ((string?)domain["state"] != "proven")
        {
            throw new InvalidOperationException($"Hosted zone {zone} is not proven: {domain.ToJsonString()}");
        }
    }

    /// <summary>POST /wildcards: the new (pending) wildcard certificate.</summary>
    public Task<JsonNode> RequestWildcardAsync(string tenant, string parent) =>
        PostAsync($"tenants/{tenant}/wildcards", new JsonObject { ["parent"] = parent });

    public Task<JsonNode> GetCertificateAsync(string tenant, string id) => GetAsync($"tenants/{tenant}/certificates/{id}");

    public Task<JsonNode> GetEventsAsync(string tenant, string id) => GetAsync($"tenants/{tenant}/certificates/{id}/events");

    public void Dispose() => _http.Dispose();

    public static string Id(JsonNode node) => (string?)node["id"] ?? throw new InvalidOperationException("No id in " + node.ToJsonString());

    private async Task<JsonNode> GetAsync(string path)
    {
        using var response = await _http.GetAsync(new Uri(path, UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode ? JsonNode.Parse(text)! : throw new HttpRequestException($"GET {path}: {(int)response.StatusCode} {text}");
    }

    private async Task<JsonNode> PostAsync(string path, JsonObject body)
    {
        using var content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await _http.PostAsync(new Uri(path, UriKind.Relative), content);
        var text = await response.Content.ReadAsStringAsync();
        return response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK
            ? JsonNode.Parse(text)!
            : throw new HttpRequestException($"POST {path}: {(int)response.StatusCode} {text}");
    }
}
