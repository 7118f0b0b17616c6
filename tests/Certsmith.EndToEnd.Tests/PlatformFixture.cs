using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Certsmith.Host;
using Microsoft.Extensions.Configuration;

namespace Certsmith.EndToEnd.Tests;

/// <summary>
/// The platform as `./run.sh` starts it (no CA configured: a local Pebble whose HTTP-01 and TLS-ALPN-01
/// ports point at the edge), in a temporary directory, on 127.0.0.1 with ports chosen at run time.
/// </summary>
public sealed class PlatformFixture : IAsyncLifetime, IAsyncDisposable
{
    private string _dir = Directory.CreateTempSubdirectory("certsmith-e2e-").FullName;

    private bool OwnsDirectory { get; set; } = true;

    /// <summary>A platform over an existing directory (to restart one), which it does not delete.</summary>
    public static PlatformFixture Over(string directory)
    {
        var fixture = new PlatformFixture();
        Directory.Delete(fixture._dir);
        fixture._dir = directory;
        fixture.OwnsDirectory = false;
        return fixture;
    }

    /// <summary>Settings on top of the zero-configuration defaults (e.g. an external CA).</summary>
    public Dictionary<string, string?> Settings { get; } = [];

    public CertsmithPlatform Platform { get; private set; } = null!;

    /// <summary>The REST API with the platform-admin token the first start wrote.</summary>
    public HttpClient Api { get; private set; } = null!;

    /// <summary>Pebble's issuing root: what a site's chain must lead to.</summary>
    public X509Certificate2 CaRoot { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Platform = await CertsmithPlatform.StartAsync([], c => c.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Certsmith:DataDirectory"] = Path.Combine(_dir, "data"),
            ["Certsmith:MasterKeyFile"] = Path.Combine(_dir, "keys", "master.key"),
            ["Certsmith:AdminTokenFile"] = Path.Combine(_dir, "keys", "admin-token"),
            ["Certsmith:AdminPasswordFile"] = Path.Combine(_dir, "keys", "admin-password"),
            ["Logging:LogLevel:Default"] = "Warning",
        }).AddInMemoryCollection(Settings), CancellationToken.None);
        Api = new HttpClient { BaseAddress = Platform.ApiUri, Timeout = TimeSpan.FromSeconds(30) };
        Api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await File.ReadAllTextAsync(Platform.AdminTokenFile)).Trim());
        CaRoot = Platform.LocalCa is { } ca ? await ca.GetRootAsync(0, CancellationToken.None) : null!;
    }

    public async Task DisposeAsync()
    {
        Api?.Dispose();
        CaRoot?.Dispose();
        if (Platform is not null)
        {
            await Platform.DisposeAsync();
        }
        if (OwnsDirectory && Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    /// <summary>For tests that start a platform of their own: <c>await using var fixture = ...</c>.</summary>
    ValueTask IAsyncDisposable.DisposeAsync() => new(DisposeAsync());

    public Task<JsonObject> PostAsync(string path, object body) => Api.PostJsonAsync(path, body);

    public Task<JsonNode> GetAsync(string path) => Api.GetJsonAsync(path);

    /// <summary>A new tenant with proven domains (the local run proves them without DNS).</summary>
    public async Task<string> TenantWithDomainsAsync(params string[] domains)
    {
        var tenant = (string)(await PostAsync("/api/v1/tenants", new { name = $"tenant-{Guid.NewGuid():N}" }))["id"]!;
        foreach (var domain in domains)
        {
            var added = await PostAsync($"/api/v1/tenants/{tenant}/domains", new { name = domain, kind = "external" });
            Assert.Equal("proven", (string?)added["state"]);
        }
        return tenant;
    }

    /// <summary>
    /// Polls until every one of <paramref name="names"/> has a valid certificate and the edge serves it (the
    /// store says "valid" a moment before the edge's next snapshot swaps it in).
    /// </summary>
    public async Task WaitForValidAsync(string tenant, IReadOnlyCollection<string> names, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        JsonArray certificates = [];
        var valid = new HashSet<string>();
        while (DateTime.UtcNow < deadline && !names.All(valid.Contains))
        {
            certificates = (await GetAsync($"/api/v1/tenants/{tenant}/certificates")).AsArray();
            valid = certificates.Where(c => (string?)c!["state"] == "valid").SelectMany(c => c!["names"]!.AsArray().Select(n => (string)n!)).ToHashSet();
            if (!names.All(valid.Contains))
            {
                await Task.Delay(100);
            }
        }
        Assert.True(names.All(valid.Contains), $"Not every name was secured within {timeout}: {certificates.ToJsonString()}");
        foreach (var name in names)
        {
            while (true)
            {
                var (leaf, _) = await EdgeClient.HandshakeAsync(Platform.EdgeHttpsPort, name, CaRoot);
                using (leaf)
                {
                    if (EdgeClient.DnsNames(leaf).Contains(name))
                    {
                        break;
                    }
                }
                Assert.True(DateTime.UtcNow < deadline, $"{name} is valid in the store but the edge did not serve it within {timeout}.");
                await Task.Delay(50);
            }
        }
    }
}
