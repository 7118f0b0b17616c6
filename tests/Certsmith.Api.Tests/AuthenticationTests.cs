using System.Net;
using Certsmith.Core.Platform;
using Certsmith.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Certsmith.Api.Tests;

/// <summary>Issue 3 §5 and §6: every route needs an active token; a token's secret is shown once.</summary>
public sealed class AuthenticationTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    [Theory]
    [InlineData(null, "needs an API token")]
    [InlineData("Bearer cst_unknown", "unknown or has been revoked")]
    [InlineData("Bearer nonsense", "unknown or has been revoked")]
    [InlineData("Basic dXNlcjpwYXNz", "Bearer <token>")]
    public async Task A_missing_malformed_or_unknown_token_is_401_with_a_problem(string? authorization, string expected)
    {
        using var client = fixture.Host.Client(null);
        foreach (var path in new[] { "/api/v1/me", "/api/v1/tenants", $"/api/v1/tenants/{Guid.NewGuid()}/sites" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            if (authorization is not null)
            {
                request.Headers.TryAddWithoutValidation("Authorization", authorization);
            }
            using (var response = await client.SendAsync(Clone(request)))
            {
                Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
            }
            var problem = await client.SendAsync(request).ExpectProblemAsync(HttpStatusCode.Unauthorized);
            Assert.Contains(expected, problem.Detail, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Without_a_token_nothing_is_created_even_with_a_valid_body()
    {
        using var tenant = await TenantSession.CreateAsync(fixture.Host);
        var before = await tenant.SnapshotAsync();
        using var anonymous = fixture.Host.Client(null);

        await anonymous.PostJsonAsync($"{tenant.Base}/sites", new { name = "sneaky" }).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        await anonymous.PostRawAsync($"{tenant.Base}/sites", "{not json").ExpectProblemAsync(HttpStatusCode.Unauthorized);

        Assert.Equal(before, await tenant.SnapshotAsync());
    }

    [Fact]
    public async Task A_revoked_token_no_longer_opens_the_api()
    {
        using var tenant = await TenantSession.CreateAsync(fixture.Host);
        var created = await tenant.Client.PostJsonAsync($"{tenant.Base}/tokens", new { name = "deploy" }).ExpectAsync(HttpStatusCode.Created);
        using var deploy = fixture.Host.Client((string)created["secret"]!);
        await deploy.GetAsync($"{tenant.Base}/sites").ExpectAsync(HttpStatusCode.OK);

        var revoked = await tenant.Client.DeleteAsync($"{tenant.Base}/tokens/{created["id"]}").ExpectAsync(HttpStatusCode.OK);

        Assert.NotNull((string?)revoked["revokedAt"]);
        var problem = await deploy.GetAsync($"{tenant.Base}/sites").ExpectProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Contains("revoked", problem.Detail, StringComparison.Ordinal);
        await deploy.PostJsonAsync($"{tenant.Base}/sites", new { name = "after revocation" }).ExpectProblemAsync(HttpStatusCode.Unauthorized);
        Assert.DoesNotContain("after revocation", await tenant.Client.GetTextAsync($"{tenant.Base}/sites"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_route_in_the_openapi_document_answers_401_without_a_token_or_with_a_revoked_one_and_changes_nothing()
    {
        using var ca = new OtherCa();
        var b = await TenantWorld.CreateAsync(fixture.Host, ca);
        var tenants = fixture.Host.Services.GetRequiredService<TenantService>();
        // B's own token and a platform admin's, both revoked: the strongest keys there were, now worth nothing.
        var created = await b.Api.Client.PostJsonAsync($"{b.Api.Base}/tokens", new { name = "revoked" }).ExpectAsync(HttpStatusCode.Created);
        await b.Api.Client.DeleteAsync($"{b.Api.Base}/tokens/{created["id"]}").ExpectAsync(HttpStatusCode.OK);
        var (adminToken, adminSecret) = await tenants.CreateTokenAsync(null, "revoked admin", CancellationToken.None);
        await tenants.RevokeTokenAsync(null, adminToken.Id, CancellationToken.None);
        using var anonymous = fixture.Host.Client(null);
        using var revokedTenant = fixture.Host.Client((string)created["secret"]!);
        using var revokedAdmin = fixture.Host.Client(adminSecret);
        using var admin = fixture.Host.Client(fixture.Host.AdminToken);
        var operations = await ApiRoutes.ReadAsync(fixture.Host);
        var before = await b.Api.SnapshotAsync();
        var tenantsBefore = await admin.GetTextAsync("/api/v1/tenants");
        var adminsBefore = await admin.GetTextAsync("/api/v1/admins");

        foreach (var operation in operations)
        {
            foreach (var (who, client) in new[] { ("no token", anonymous), ("a revoked tenant token", revokedTenant), ("a revoked admin token", revokedAdmin) })
            {
                using var request = ApiRoutes.Request(operation, b.TenantId, b, ca);
                using var response = await client.SendAsync(request);
                Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{operation} with {who}: {(int)response.StatusCode}");
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            }
        }

        // The document is the API's whole surface, not an empty list that proves nothing.
        Assert.True(operations.Count >= 40, $"only {operations.Count} operations in the OpenAPI document");
        Assert.Contains(operations, o => o.ToString() == "DELETE /api/v1/tenants/{tenantId}/certificates/{certificateId}");
        Assert.Equal(before, await b.Api.SnapshotAsync());
        Assert.Equal(tenantsBefore, await admin.GetTextAsync("/api/v1/tenants"));
        Assert.Equal(adminsBefore, await admin.GetTextAsync("/api/v1/admins"));
    }

    [Fact]
    public async Task The_secret_is_returned_once_and_never_in_lists()
    {
        using var tenant = await TenantSession.CreateAsync(fixture.Host);

        var created = await tenant.Client.PostJsonAsync($"{tenant.Base}/tokens", new { name = "ci" }).ExpectAsync(HttpStatusCode.Created);
        var secret = (string)created["secret"]!;

        Assert.StartsWith("cst_", secret, StringComparison.Ordinal);
        var list = await tenant.Client.GetTextAsync($"{tenant.Base}/tokens");
        Assert.Contains((string)created["id"]!, list, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, list, StringComparison.Ordinal);
        Assert.DoesNotContain(tenant.Token, list, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", list, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("hash", list, StringComparison.OrdinalIgnoreCase);
        using var admin = fixture.Host.Client(fixture.Host.AdminToken);
        Assert.DoesNotContain(secret, await admin.GetTextAsync($"{tenant.Base}/tokens"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Me_says_whose_token_it_is()
    {
        using var tenant = await TenantSession.CreateAsync(fixture.Host);
        using var admin = fixture.Host.Client(fixture.Host.AdminToken);

        var me = await tenant.Client.GetAsync("/api/v1/me").ExpectAsync(HttpStatusCode.OK);
        var adminMe = await admin.GetAsync("/api/v1/me").ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(tenant.TenantId, (string?)me["tenantId"]);
        Assert.False((bool)me["isAdmin"]!);
        Assert.True((bool)adminMe["isAdmin"]!);
        Assert.Null(adminMe["tenantId"]);
    }

    private static HttpRequestMessage Clone(HttpRequestMessage request)
    {
        var clone = new HttpRequestMessage(request.Method, request.RequestUri);
        if (request.Headers.TryGetValues("Authorization", out var values))
        {
            clone.Headers.TryAddWithoutValidation("Authorization", values);
        }
        return clone;
    }
}
