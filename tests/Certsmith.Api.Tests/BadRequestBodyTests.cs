using System.Net;

namespace Certsmith.Api.Tests;

/// <summary>Issue 3 §6: malformed JSON, unknown fields, ids that do not exist — each a clear problem, nothing changed.</summary>
public sealed class BadRequestBodyTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    [Theory]
    [InlineData("{\"name\": \"shop\"", "not valid JSON")]
    [InlineData("{name: 'shop'}", "not valid JSON")]
    [InlineData("", "empty")]
    [InlineData("null", "null")]
    [InlineData("[1, 2]", "must be a JSON object")]
    [InlineData("{\"name\": 42}", "\"name\" has a value of the wrong type")]
    public async Task A_malformed_body_is_refused_saying_so(string body, string expected)
    {
        using var tenant = await TenantSession.CreateAsync(fixture.Host);
        var before = await tenant.SnapshotAsync();

        var problem = await tenant.Client.PostRawAsync($"{tenant.Base}/sites", body).ExpectProblemAsync(HttpStatusCode.BadRequest);

        Assert.Contains(expected, problem.Detail, StringComparison.Ordinal);
        Assert.Equal(before, await tenant.SnapshotAsync());
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_refused_asking_for_json()
    {
        using var tenant = await TenantSession.CreateAsync(fixture.Host);
        var before = await tenant.SnapshotAsync();

        var problem = await tenant.Client.PostRawAsync($"{tenant.Base}/sites", "name=shop", "application/x-www-form-urlencoded").ExpectProblemAsync(HttpStatusCode.BadRequest);

        Assert.Contains("application/json", problem.Detail, StringComparison.Ordinal);
        Assert.Equal(before, await tenant.SnapshotAsync());
    }

    [Theory]
    [InlineData("sites", "{\"name\": \"shop\", \"backnd\": \"http://192.0.2.1\"}", "backnd")]
    [InlineData("domains", "{\"name\": \"x.org\", \"kind\": \"external\", \"owner\": \"me\"}", "owner")]
    [InlineData("tokens", "{\"name\": \"ci\", \"admin\": true}", "admin")]
    public async Task An_unknown_field_is_refused_naming_the_field(string path, string body, string field)
    {
        using var tenant = await TenantSession.CreateAsync(fixture.Host);
        var before = await tenant.SnapshotAsync();

        var problem = await tenant.Client.PostRawAsync($"{tenant.Base}/{path}", body).ExpectProblemAsync(HttpStatusCode.BadRequest);

        Assert.Contains($"Unknown field \"{field}\"", problem.Detail, StringComparison.Ordinal);
        Assert.True(problem.Errors.ContainsKey(field), problem.Raw);
        Assert.Equal(before, await tenant.SnapshotAsync());
    }

    [Fact]
    public async Task An_unknown_field_in_a_patch_changes_nothing()
    {
        using var tenant = await TenantSession.CreateAsync(fixture.Host);
        var site = await tenant.CreateSiteAsync("shop");
        var before = await tenant.SnapshotAsync();

        using var request = new HttpRequestMessage(HttpMethod.Patch, $"{tenant.Base}/sites/{site["id"]}") { Content = new StringContent("{\"backend\": null, \"forceHttps\": true}", System.Text.Encoding.UTF8, "application/json") };
        var problem = await tenant.Client.SendAsync(request).ExpectProblemAsync(HttpStatusCode.BadRequest);

        Assert.Contains("Unknown field \"forceHttps\"", problem.Detail, StringComparison.Ordinal);
        Assert.Equal(before, await tenant.SnapshotAsync());
    }

    [Theory]
    [InlineData("GET", "/domains/{0}")]
    [InlineData("POST", "/domains/{0}/prove")]
    [InlineData("GET", "/sites/{0}")]
    [InlineData("DELETE", "/sites/{0}")]
    [InlineData("GET", "/sites/{0}/addresses")]
    [InlineData("DELETE", "/sites/{0}/addresses/{0}")]
    [InlineData("GET", "/addresses/{0}")]
    [InlineData("GET", "/certificates/{0}")]
    [InlineData("GET", "/certificates/{0}/events")]
    [InlineData("DELETE", "/tokens/{0}")]
    public async Task An_id_that_does_not_exist_or_is_not_an_id_is_not_found(string method, string template)
    {
        using var tenant = await TenantSession.CreateAsync(fixture.Host);
        var before = await tenant.SnapshotAsync();

        foreach (var id in new[] { Guid.NewGuid().ToString(), "not-an-id" })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), tenant.Base + string.Format(System.Globalization.CultureInfo.InvariantCulture, template, id));
            var problem = await tenant.Client.SendAsync(request).ExpectProblemAsync(HttpStatusCode.NotFound);
            Assert.StartsWith("No such ", problem.Detail, StringComparison.Ordinal);
            if (id == "not-an-id")
            {
                Assert.Contains("is not a", problem.Detail, StringComparison.Ordinal);
            }
        }
        Assert.Equal(before, await tenant.SnapshotAsync());
    }

    [Fact]
    public async Task A_tenant_id_that_does_not_exist_is_not_found_even_for_the_admin()
    {
        using var admin = fixture.Host.Client(fixture.Host.AdminToken);

        var problem = await admin.GetAsync($"/api/v1/tenants/{Guid.NewGuid()}/sites").ExpectProblemAsync(HttpStatusCode.NotFound);

        Assert.Equal("No such tenant.", problem.Detail);
    }

    [Fact]
    public async Task An_unknown_route_is_a_problem_document()
    {
        using var admin = fixture.Host.Client(fixture.Host.AdminToken);

        var problem = await admin.GetAsync("/api/v1/nothing-here").ExpectProblemAsync(HttpStatusCode.NotFound);

        Assert.Contains("/api/v1/nothing-here", problem.Detail, StringComparison.Ordinal);
    }
}
