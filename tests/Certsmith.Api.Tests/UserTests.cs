using System.Net;
using Certsmith.Core.Platform;
using Microsoft.Extensions.DependencyInjection;

namespace Certsmith.Api.Tests;

/// <summary>Issue 7, "Access control" (first part): users of a tenant and platform admins, passwords hashed, sign-ins throttled.</summary>
public sealed class UserTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task A_tenant_makes_its_own_users_whose_passwords_are_never_returned()
    {
        using var tenant = await TenantSession.CreateAsync(fixture.Host);
        var email = $"ops-{Guid.NewGuid():N}@example.org";

        var created = await tenant.Client.PostJsonAsync($"{tenant.Base}/users", new { email = email.ToUpperInvariant(), password = "correct horse battery" }).ExpectAsync(HttpStatusCode.Created);
        var listed = await tenant.Client.GetTextAsync($"{tenant.Base}/users");

        Assert.Equal(email, (string?)created["email"]);
        Assert.Equal(tenant.TenantId, (string?)created["tenantId"]);
        Assert.Contains(email, listed, StringComparison.Ordinal);
        Assert.DoesNotContain("correct horse", listed + created.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain("AQAAAA", listed, StringComparison.Ordinal); // the Identity hash format's prefix
        var user = await fixture.Host.Store.Tenants.FindUserByEmailAsync(email, CancellationToken.None);
        Assert.StartsWith("AQAAAA", user!.PasswordHash, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not-an-email", "correct horse battery", "email")]
    [InlineData("a@b.example", "short", "password")]
    public async Task Bad_users_are_refused_with_the_field(string email, string password, string field)
    {
        using var tenant = await TenantSession.CreateAsync(fixture.Host);

        var problem = await tenant.Client.PostJsonAsync($"{tenant.Base}/users", new { email, password }).ExpectProblemAsync(HttpStatusCode.BadRequest);

        Assert.True(problem.Errors.ContainsKey(field), problem.Raw);
        Assert.Empty((await tenant.Client.GetAsync($"{tenant.Base}/users").ExpectAsync(HttpStatusCode.OK)).AsArray());
    }

    [Fact]
    public async Task An_email_is_one_account_and_tenants_cannot_see_or_make_admins_or_each_others_users()
    {
        using var a = await TenantSession.CreateAsync(fixture.Host);
        using var b = await TenantSession.CreateAsync(fixture.Host);
        var email = $"dup-{Guid.NewGuid():N}@example.org";
        await a.Client.PostJsonAsync($"{a.Base}/users", new { email, password = "correct horse battery" }).ExpectAsync(HttpStatusCode.Created);

        await b.Client.PostJsonAsync($"{b.Base}/users", new { email, password = "correct horse battery" }).ExpectProblemAsync(HttpStatusCode.Conflict);
        await b.Client.GetAsync($"{a.Base}/users").ExpectProblemAsync(HttpStatusCode.NotFound);
        await b.Client.PostJsonAsync($"{a.Base}/users", new { email = "x" + email, password = "correct horse battery" }).ExpectProblemAsync(HttpStatusCode.NotFound);
        await b.Client.PostJsonAsync("/api/v1/admins", new { email = "y" + email, password = "correct horse battery" }).ExpectProblemAsync(HttpStatusCode.Forbidden);
        using var admin = fixture.Host.Client(fixture.Host.AdminToken);
        var made = await admin.PostJsonAsync("/api/v1/admins", new { email = "z" + email, password = "correct horse battery" }).ExpectAsync(HttpStatusCode.Created);
        Assert.Null((string?)made["tenantId"]);
    }

    [Fact]
    public async Task Sign_in_checks_the_password_and_slows_down_after_five_failures()
    {
        using var tenant = await TenantSession.CreateAsync(fixture.Host);
        var email = $"signin-{Guid.NewGuid():N}@example.org";
        await tenant.Client.PostJsonAsync($"{tenant.Base}/users", new { email, password = "correct horse battery" }).ExpectAsync(HttpStatusCode.Created);
        var users = fixture.Host.Services.GetRequiredService<UserService>();

        Assert.NotNull((await users.SignInAsync(email.ToUpperInvariant(), "correct horse battery", CancellationToken.None)).User);
        Assert.Null((await users.SignInAsync("nobody@example.org", "correct horse battery", CancellationToken.None)).User);
        for (var i = 0; i < 6; i++)
        {
            var failed = await users.SignInAsync(email, "wrong password!", CancellationToken.None);
            Assert.Null(failed.User);
            Assert.Null(failed.RetryAfter);
        }
        // The sixth failure earned a wait: even the right password is refused until it passes.
        var throttled = await users.SignInAsync(email, "correct horse battery", CancellationToken.None);
        Assert.Null(throttled.User);
        Assert.InRange(throttled.RetryAfter!.Value, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task A_disabled_user_cannot_sign_in_and_is_listed_as_disabled()
    {
        using var tenant = await TenantSession.CreateAsync(fixture.Host);
        var email = $"leaver-{Guid.NewGuid():N}@example.org";
        var created = await tenant.Client.PostJsonAsync($"{tenant.Base}/users", new { email, password = "correct horse battery" }).ExpectAsync(HttpStatusCode.Created);
        var users = fixture.Host.Services.GetRequiredService<UserService>();
        Assert.NotNull((await users.SignInAsync(email, "correct horse battery", CancellationToken.None)).User);

        await tenant.Client.DeleteAsync($"{tenant.Base}/users/{created["id"]}").ExpectAsync(HttpStatusCode.NoContent);

        var refused = await users.SignInAsync(email, "correct horse battery", CancellationToken.None);
        Assert.Null(refused.User);
        Assert.Null(refused.RetryAfter);
        var listed = Assert.Single((await tenant.Client.GetAsync($"{tenant.Base}/users").ExpectAsync(HttpStatusCode.OK)).AsArray())!;
        Assert.NotNull((string?)listed["disabledAt"]);
        // Disabling again changes nothing, and the address stays taken.
        await tenant.Client.DeleteAsync($"{tenant.Base}/users/{created["id"]}").ExpectAsync(HttpStatusCode.NoContent);
        Assert.Equal((string?)listed["disabledAt"], (string?)Assert.Single((await tenant.Client.GetAsync($"{tenant.Base}/users").ExpectAsync(HttpStatusCode.OK)).AsArray())!["disabledAt"]);
        await tenant.Client.PostJsonAsync($"{tenant.Base}/users", new { email, password = "correct horse battery" }).ExpectProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_tenant_disables_only_its_own_users_and_only_an_admin_disables_admins()
    {
        using var a = await TenantSession.CreateAsync(fixture.Host);
        using var b = await TenantSession.CreateAsync(fixture.Host);
        var aUser = await a.Client.PostJsonAsync($"{a.Base}/users", new { email = $"a-{Guid.NewGuid():N}@example.org", password = "correct horse battery" }).ExpectAsync(HttpStatusCode.Created);
        using var admin = fixture.Host.Client(fixture.Host.AdminToken);
        var ops = await admin.PostJsonAsync("/api/v1/admins", new { email = $"ops-{Guid.NewGuid():N}@example.org", password = "correct horse battery" }).ExpectAsync(HttpStatusCode.Created);

        await b.Client.DeleteAsync($"{b.Base}/users/{aUser["id"]}").ExpectProblemAsync(HttpStatusCode.NotFound);
        await b.Client.DeleteAsync($"{a.Base}/users/{aUser["id"]}").ExpectProblemAsync(HttpStatusCode.NotFound);
        await b.Client.DeleteAsync($"/api/v1/admins/{ops["id"]}").ExpectProblemAsync(HttpStatusCode.Forbidden);
        // A tenant's user is not an admin, and an admin is no tenant's user.
        await admin.DeleteAsync($"/api/v1/admins/{aUser["id"]}").ExpectProblemAsync(HttpStatusCode.NotFound);
        await admin.DeleteAsync($"{a.Base}/users/{ops["id"]}").ExpectProblemAsync(HttpStatusCode.NotFound);

        Assert.Null((string?)Assert.Single((await a.Client.GetAsync($"{a.Base}/users").ExpectAsync(HttpStatusCode.OK)).AsArray())!["disabledAt"]);
        await admin.DeleteAsync($"{a.Base}/users/{aUser["id"]}").ExpectAsync(HttpStatusCode.NoContent);
        Assert.NotNull((string?)Assert.Single((await a.Client.GetAsync($"{a.Base}/users").ExpectAsync(HttpStatusCode.OK)).AsArray())!["disabledAt"]);
    }

    [Fact]
    public async Task An_admin_is_disabled_but_never_the_last_one_who_can_sign_in()
    {
        using var admin = fixture.Host.Client(fixture.Host.AdminToken);
        var email = $"last-{Guid.NewGuid():N}@example.org";
        var kept = await admin.PostJsonAsync("/api/v1/admins", new { email, password = "correct horse battery" }).ExpectAsync(HttpStatusCode.Created);
        var users = fixture.Host.Services.GetRequiredService<UserService>();

        foreach (var other in (await admin.GetAsync("/api/v1/admins").ExpectAsync(HttpStatusCode.OK)).AsArray().Where(u => (string?)u!["id"] != (string?)kept["id"]))
        {
            await admin.DeleteAsync($"/api/v1/admins/{other!["id"]}").ExpectAsync(HttpStatusCode.NoContent);
            Assert.Null((await users.SignInAsync((string)other["email"]!, "correct horse battery", CancellationToken.None)).User);
        }
        var problem = await admin.DeleteAsync($"/api/v1/admins/{kept["id"]}").ExpectProblemAsync(HttpStatusCode.BadRequest);

        Assert.Contains("last platform admin", problem.Detail, StringComparison.Ordinal);
        Assert.NotNull((await users.SignInAsync(email, "correct horse battery", CancellationToken.None)).User);
    }
}
