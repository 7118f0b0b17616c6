using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Certsmith.Bench.Platform;

/// <summary>The few REST calls the benchmarks make (/api/v1, bearer token), with the JSON read as nodes.</summary>
internal sealed class PlatformApi : IDisposable
{
    private readonly HttpClient _http;

    public PlatformApi(Uri apiUrl, string token, int maxConnections)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = maxConnections,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        };
        _http = new HttpClient(handler, disposeHandler: true)
        {
            BaseAddress = new Uri(apiUrl.ToString().TrimEnd('/') + "/api/v1/"),
            Timeout = TimeSpan.FromSeconds(120),
        };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    /// <summary>Creates a tenant whose wildcard threshold is out of reach, so every address gets its own certificate.</summary>
    public async Task<string> CreateTenantAsync(string name) =>
        Id(await PostAsync("tenants", new JsonObject { ["name"] = name, ["wildcardThreshold"] = 10000 }));

    /// <summary>An external domain: proven at once in the local run, and never a wildcard (no DNS-01).</summary>
    public async Task<string> AddDomainAsync(string tenant, string name)
    {
        var domain = await PostAsync($"tenants/{tenant}/domains", new JsonObject { ["name"] = name, ["kind"] = "external" });
        if ((string?)domain["state"] != "proven")
        {
            throw new InvalidOperationException($"Domain {name} is {(string?)domain["state"]}, not proven: is this the local (Pebble) run?");
        }
        return Id(domain);
    }

    public async Task<string> CreateSiteAsync(string tenant, string name) =>
        Id(await PostAsync($"tenants/{tenant}/sites", new JsonObject { ["name"] = name, ["backend"] = null }));

    public async Task<JsonNode> AddAddressAsync(string tenant, string site, string host) =>
        await PostAsync($"tenants/{tenant}/sites/{site}/addresses", new JsonObject { ["name"] = host });

    /// <summary>Every certificate of the tenant (state, names, timestamps).</summary>
    public async Task<JsonArray> ListCertificatesAsync(string tenant, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(new Uri($"tenants/{tenant}/certificates", UriKind.Relative), cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"GET certificates: {(int)response.StatusCode} {body}");
        }
        return JsonNode.Parse(body)!.AsArray();
    }

    public void Dispose() => _http.Dispose();

    private static string Id(JsonNode node) => (string?)node["id"] ?? throw new InvalidOperationException("No id in " + node.ToJsonString());

    private async Task<JsonNode> PostAsync(string path, JsonObject body)
    {
        using var content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await _http.PostAsync(new Uri(path, UriKind.Relative), content);
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new HttpRequestException($"POST {path}: {(int)response.StatusCode} {text}");
        }
        return JsonNode.Parse(text)!;
    }
}
