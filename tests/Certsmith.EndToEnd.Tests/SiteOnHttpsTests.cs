using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Certsmith.EndToEnd.Tests;

/// <summary>Issue 3, section 7: a site added is a site on HTTPS, end to end on real servers.</summary>
public sealed class SiteOnHttpsTests(PlatformFixture fixture) : IClassFixture<PlatformFixture>
{
    private static readonly TimeSpan IssuanceDeadline = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Twenty_five_sites_over_several_parents_are_each_secured_by_http01_through_the_edge()
    {
        var tenant = await fixture.TenantWithDomainsAsync("e2e-a.example", "e2e-b.example");
        var names = Enumerable.Range(1, 10).Select(i => $"www{i}.shop.e2e-a.example")
            .Concat(Enumerable.Range(1, 8).Select(i => $"blog{i}.e2e-a.example"))
            .Concat(Enumerable.Range(1, 7).Select(i => $"s{i}.e2e-b.example"))
            .ToList();

        foreach (var name in names)
        {
            var site = await fixture.PostAsync($"/api/v1/tenants/{tenant}/sites", new { name });
            var address = await fixture.PostAsync($"/api/v1/tenants/{tenant}/sites/{site["id"]}/addresses", new { name });
            Assert.Equal(name, (string?)address["name"]);
        }
        await fixture.WaitForValidAsync(tenant, names, IssuanceDeadline);

        // Below the wildcard threshold: one certificate per name, each served for its own name and no other.
        var certificates = (await fixture.GetAsync($"/api/v1/tenants/{tenant}/certificates")).AsArray();
        Assert.Equal(25, certificates.Count);
        foreach (var name in names)
        {
            var (leaf, chainsToRoot) = await EdgeClient.HandshakeAsync(fixture.Platform.EdgeHttpsPort, name, fixture.CaRoot);
            using var _ = leaf;
            Assert.Equal([name], EdgeClient.DnsNames(leaf));
            Assert.True(chainsToRoot, $"the chain served for {name} leads to Pebble's root");
        }
    }

    [Fact]
    public async Task A_name_with_no_certificate_gets_the_default_certificate_never_another_tenants()
    {
        var tenant = await fixture.TenantWithDomainsAsync("e2e-default.example");
        var site = await fixture.PostAsync($"/api/v1/tenants/{tenant}/sites", new { name = "known" });
        await fixture.PostAsync($"/api/v1/tenants/{tenant}/sites/{site["id"]}/addresses", new { name = "known.e2e-default.example" });
        await fixture.WaitForValidAsync(tenant, ["known.e2e-default.example"], IssuanceDeadline);

        var (leaf, chainsToRoot) = await EdgeClient.HandshakeAsync(fixture.Platform.EdgeHttpsPort, "unknown.e2e-default.example", fixture.CaRoot);
        using var _ = leaf;

        Assert.False(chainsToRoot);
        Assert.DoesNotContain("known.e2e-default.example", EdgeClient.DnsNames(leaf));
        Assert.Contains("certsmith", leaf.Subject, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_site_with_a_backend_is_proxied_over_https_with_forwarded_headers()
    {
        await using var backend = await Backend.StartAsync();
        var tenant = await fixture.TenantWithDomainsAsync("e2e-proxy.example");
        var site = await fixture.PostAsync($"/api/v1/tenants/{tenant}/sites", new { name = "app", backend = backend.Url });
        await fixture.PostAsync($"/api/v1/tenants/{tenant}/sites/{site["id"]}/addresses", new { name = "app.e2e-proxy.example" });
        await fixture.WaitForValidAsync(tenant, ["app.e2e-proxy.example"], IssuanceDeadline);

        using var http = EdgeClient.Http(fixture.Platform.EdgeHttpsPort, fixture.CaRoot);
        var body = await http.GetStringAsync($"https://app.e2e-proxy.example:{fixture.Platform.EdgeHttpsPort}/hello");

        Assert.Equal($"backend saw /hello proto=https host=app.e2e-proxy.example:{fixture.Platform.EdgeHttpsPort}", body);
    }

    [Fact]
    public async Task A_site_without_a_backend_answers_with_a_page_naming_it()
    {
        var tenant = await fixture.TenantWithDomainsAsync("e2e-page.example");
        var site = await fixture.PostAsync($"/api/v1/tenants/{tenant}/sites", new { name = "placeholder" });
        await fixture.PostAsync($"/api/v1/tenants/{tenant}/sites/{site["id"]}/addresses", new { name = "p.e2e-page.example" });
        await fixture.WaitForValidAsync(tenant, ["p.e2e-page.example"], IssuanceDeadline);

        using var http = EdgeClient.Http(fixture.Platform.EdgeHttpsPort, fixture.CaRoot);
        var page = await http.GetStringAsync($"https://p.e2e-page.example:{fixture.Platform.EdgeHttpsPort}/");

        Assert.Contains("p.e2e-page.example", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_force_https_a_real_http_client_is_redirected_to_https_and_gets_hsts_there()
    {
        var tenant = await fixture.TenantWithDomainsAsync("e2e-force.example");
        var site = await fixture.PostAsync($"/api/v1/tenants/{tenant}/sites", new { name = "forced" });
        await fixture.PostAsync($"/api/v1/tenants/{tenant}/sites/{site["id"]}/addresses", new { name = "f.e2e-force.example" });
        await fixture.WaitForValidAsync(tenant, ["f.e2e-force.example"], IssuanceDeadline);
        using (var put = await fixture.Api.PutAsJsonAsync($"/api/v1/tenants/{tenant}/sites/{site["id"]}/https", new { forceHttps = true, hstsMaxAgeSeconds = 86400 }))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }
        // A client that follows redirects, resolving every name to the edge and trusting only the CA's root.
        using var http = new HttpClient(new SocketsHttpHandler
        {
            ConnectCallback = async (context, ct) =>
            {
                var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(IPAddress.Loopback, context.DnsEndPoint.Port, ct);
                return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
            },
            SslOptions = new System.Net.Security.SslClientAuthenticationOptions
            {
                CertificateChainPolicy = new System.Security.Cryptography.X509Certificates.X509ChainPolicy
                {
                    TrustMode = System.Security.Cryptography.X509Certificates.X509ChainTrustMode.CustomRootTrust,
                    RevocationMode = System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck,
                    CustomTrustStore = { fixture.CaRoot },
                },
            },
        });

        // The edge's next snapshot carries the setting within its poll interval: poll for the redirect.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        HttpResponseMessage response;
        while (true)
        {
            response = await http.GetAsync(new Uri($"http://f.e2e-force.example:{fixture.Platform.EdgeHttpPort}/menu?day=1"));
            if (response.RequestMessage!.RequestUri!.Scheme == "https" || DateTime.UtcNow > deadline)
            {
                break;
            }
            response.Dispose();
            await Task.Delay(100);
        }
        using (response)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(new Uri($"https://f.e2e-force.example:{fixture.Platform.EdgeHttpsPort}/menu?day=1"), response.RequestMessage!.RequestUri);
            Assert.Equal("max-age=86400", Assert.Single(response.Headers.GetValues("Strict-Transport-Security")));
        }
    }

    [Fact]
    public async Task A_certificate_issued_while_connections_are_open_is_served_to_new_ones_without_dropping_the_old()
    {
        var tenant = await fixture.TenantWithDomainsAsync("e2e-live.example");
        var first = await fixture.PostAsync($"/api/v1/tenants/{tenant}/sites", new { name = "first" });
        await fixture.PostAsync($"/api/v1/tenants/{tenant}/sites/{first["id"]}/addresses", new { name = "one.e2e-live.example" });
        await fixture.WaitForValidAsync(tenant, ["one.e2e-live.example"], IssuanceDeadline);
        var connects = 0;
        using var open = EdgeClient.Http(fixture.Platform.EdgeHttpsPort, fixture.CaRoot, () => Interlocked.Increment(ref connects));
        var url = $"https://one.e2e-live.example:{fixture.Platform.EdgeHttpsPort}/";
        await open.GetStringAsync(url);

        var second = await fixture.PostAsync($"/api/v1/tenants/{tenant}/sites", new { name = "second" });
        await fixture.PostAsync($"/api/v1/tenants/{tenant}/sites/{second["id"]}/addresses", new { name = "two.e2e-live.example" });
        await fixture.WaitForValidAsync(tenant, ["two.e2e-live.example"], IssuanceDeadline);
        var (leaf, chainsToRoot) = await EdgeClient.HandshakeAsync(fixture.Platform.EdgeHttpsPort, "two.e2e-live.example", fixture.CaRoot);
        using var _ = leaf;
        await open.GetStringAsync(url);

        Assert.True(chainsToRoot);
        Assert.Equal(["two.e2e-live.example"], EdgeClient.DnsNames(leaf));
        Assert.Equal(1, connects);
    }

    /// <summary>A site backend: a small Kestrel app on 127.0.0.1 that says what it saw.</summary>
    private sealed class Backend : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private Backend(WebApplication app, string url)
        {
            _app = app;
            Url = url;
        }

        public string Url { get; }

        public static async Task<Backend> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
            var app = builder.Build();
            app.Run(context => context.Response.WriteAsync(
                $"backend saw {context.Request.Path} proto={context.Request.Headers["X-Forwarded-Proto"]} host={context.Request.Headers["X-Forwarded-Host"]}"));
            await app.StartAsync();
            return new Backend(app, app.Urls.First());
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }
}
