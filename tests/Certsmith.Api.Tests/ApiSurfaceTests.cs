using System.Net;
using System.Text;
using Certsmith.Core.Certificates;

namespace Certsmith.Api.Tests;

/// <summary>What the API shows: sites with their addresses' certificate state, histories, the OpenAPI document — and never a key.</summary>
public sealed class ApiSurfaceTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task A_new_address_gets_a_pending_certificate_with_an_expected_time_and_a_history()
    {
        using var tenant = await TenantSession.CreateAsync(fixture.Host);
        var name = TenantSession.NewDomainName();
        await tenant.AddDomainAsync(name);
        var site = await tenant.CreateSiteAsync("shop");

        var address = await tenant.AddAddressAsync((string)site["id"]!, "www." + name);

        Assert.Equal("pending", (string?)address["certificateState"]);
        var detail = await tenant.Client.GetAsync($"{tenant.Base}/addresses/{address["id"]}").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("shop", (string?)detail["siteName"]);
        Assert.Equal((string?)address["certificateId"], (string?)detail["certificateId"]);
        Assert.NotNull((string?)detail["certificateExpectedAt"]);
        Assert.Contains(detail["events"]!.AsArray(), e => (string?)e!["kind"] == "policy.order-single");
        var siteDetail = await tenant.Client.GetAsync($"{tenant.Base}/sites/{site["id"]}").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("pending", (string?)Assert.Single(siteDetail["addresses"]!.AsArray())!["certificateState"]);
        var certificate = await tenant.Client.GetAsync($"{tenant.Base}/certificates/{address["certificateId"]}").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("managed", (string?)certificate["kind"]);
        var events = await tenant.Client.GetAsync($"{tenant.Base}/certificates/{address["certificateId"]}/events").ExpectAsync(HttpStatusCode.OK);
        Assert.Contains(events.AsArray(), e => (string?)e!["kind"] == "certificate.wanted");
    }

    [Fact]
    public async Task Sites_are_listed_changed_and_deleted()
    {
        using var tenant = await TenantSession.CreateAsync(fixture.Host);
        var site = await tenant.CreateSiteAsync("blog");
        using var patch = new HttpRequestMessage(HttpMethod.Patch, $"{tenant.Base}/sites/{site["id"]}") { Content = System.Net.Http.Json.JsonContent.Create(new { backend = "http://192.0.2.10:8080/" }) };

        var updated = await tenant.Client.SendAsync(patch).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("http://192.0.2.10:8080/", (string?)updated["backend"]);
        Assert.Single((await tenant.Client.GetAsync($"{tenant.Base}/sites").ExpectAsync(HttpStatusCode.OK)).AsArray());
        await tenant.Client.DeleteAsync($"{tenant.Base}/sites/{site["id"]}").ExpectAsync(HttpStatusCode.NoContent);
        Assert.Empty((await tenant.Client.GetAsync($"{tenant.Base}/sites").ExpectAsync(HttpStatusCode.OK)).AsArray());
    }

    [Fact]
    public async Task No_answer_anywhere_carries_key_material()
    {
        using var tenant = await TenantSession.CreateAsync(fixture.Host);
        var name = TenantSession.NewDomainName();
        await tenant.AddDomainAsync(name);
        var site = await tenant.CreateSiteAsync("shop");
        var address = await tenant.AddAddressAsync((string)site["id"]!, "www." + name);
        // Make the certificate look issued, with a (fake) chain and protected key in the store.
        var store = fixture.Host.Store.Certificates;
        var record = (await store.GetCertificateAsync(Guid.Parse((string)address["certificateId"]!), CancellationToken.None))!;
        await store.UpdateCertificateAsync(record with
        {
            State = CertificateState.Valid,
            ChainPem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
            ProtectedKey = Encoding.ASCII.GetBytes("-----BEGIN PRIVATE KEY-----\nsecret\n-----END PRIVATE KEY-----"),
            NotBefore = DateTimeOffset.UtcNow.AddDays(-1),
            NotAfter = DateTimeOffset.UtcNow.AddDays(89),
            Issuer = "CN=Test CA",
            SerialNumber = "0a1b",
        }, CancellationToken.None);
        using var admin = fixture.Host.Client(fixture.Host.AdminToken);

        var paths = new[]
        {
            "/api/v1/me", "/api/v1/tenants", tenant.Base, $"{tenant.Base}/domains", $"{tenant.Base}/sites", $"{tenant.Base}/sites/{site["id"]}",
            $"{tenant.Base}/sites/{site["id"]}/addresses", $"{tenant.Base}/addresses/{address["id"]}", $"{tenant.Base}/certificates",
            $"{tenant.Base}/certificates/{address["certificateId"]}", $"{tenant.Base}/certificates/{address["certificateId"]}/events", $"{tenant.Base}/tokens",
        };
        foreach (var client in new[] { tenant.Client, admin })
        {
            foreach (var path in paths)
            {
                var body = await client.GetTextAsync(path);
                Assert.DoesNotContain("PRIVATE KEY", body, StringComparison.Ordinal);
                Assert.DoesNotContain("protectedKey", body, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain("BEGIN CERTIFICATE", body, StringComparison.Ordinal);
            }
        }
        var certificate = await tenant.Client.GetAsync($"{tenant.Base}/certificates/{address["certificateId"]}").ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("valid", (string?)certificate["state"]);
        Assert.Equal("CN=Test CA", (string?)certificate["issuer"]);
        Assert.Equal("0a1b", (string?)certificate["serialNumber"]);
    }

    [Fact]
    public async Task The_openapi_document_is_served_and_describes_the_routes()
    {
        using var anonymous = fixture.Host.Client(null);

        var document = await anonymous.GetAsync("/openapi/v1.json").ExpectAsync(HttpStatusCode.OK);

        Assert.StartsWith("3.", (string?)document["openapi"], StringComparison.Ordinal);
        var paths = document["paths"]!.AsObject().Select(p => p.Key).ToList();
        Assert.Contains("/api/v1/tenants/{tenantId}/sites/{siteId}/addresses", paths);
        Assert.Contains("/api/v1/tenants/{tenantId}/certificates/{certificateId}/events", paths);
        Assert.DoesNotContain(paths, p => p.Contains("rest", StringComparison.Ordinal));
        Assert.NotNull(document["paths"]!["/api/v1/tenants/{tenantId}/sites"]!["post"]!["requestBody"]!["content"]!["application/json"]);
    }

    [Fact]
    public async Task Every_operation_in_the_openapi_document_says_what_it_takes_and_answers()
    {
        using var anonymous = fixture.Host.Client(null);
        var document = await anonymous.GetAsync("/openapi/v1.json").ExpectAsync(HttpStatusCode.OK);
        var gaps = new List<string>();

        foreach (var (path, operations) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in operations!.AsObject())
            {
                var name = $"{method.ToUpperInvariant()} {path}";
                var responses = operation!["responses"]?.AsObject() ?? [];
                var success = responses.Where(r => r.Key.StartsWith('2')).ToList();
                if (success.Count == 0)
                {
                    gaps.Add($"{name}: no success response");
                }
                // Every answer but "no content" has a schema a client can be generated from.
                gaps.AddRange(success.Where(r => r.Key != "204" && r.Value!["content"]?["application/json"]?["schema"] is null).Select(r => $"{name}: {r.Key} without a schema"));
                if (!responses.Any(r => r.Key == "401"))
                {
                    gaps.Add($"{name}: the 401 problem is not described");
                }
                if (method is "post" or "put" or "patch" && operation["requestBody"] is null && !path.EndsWith("/prove", StringComparison.Ordinal)
                    && !path.EndsWith("/check", StringComparison.Ordinal) && !path.EndsWith("/check-again", StringComparison.Ordinal))
                {
                    gaps.Add($"{name}: no request body described");
                }
                if (operation["tags"]?.AsArray().Select(t => (string?)t).SingleOrDefault() is not { } tag || tag == "certsmith-server" || tag.StartsWith("Certsmith", StringComparison.Ordinal))
                {
                    gaps.Add($"{name}: not in one named group (tag)");
                }
            }
        }

        Assert.True(gaps.Count == 0, string.Join("\n", gaps));
    }
}
