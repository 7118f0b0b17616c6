using System.Net;
using System.Net.Http.Json;

namespace Certsmith.Api.Tests;

/// <summary>
/// A password set for a user who lost theirs, through the API: by the user's tenant or a platform admin, never by
/// another tenant; the user's panel sessions end with it.
/// </summary>
public sealed class UserPasswordTests(PanelFixture fixture) : IClassFixture<PanelFixture>
{
    private const string NewPassword = "set by the tenant";

    [Fact]
    public async Task A_tenant_sets_its_users_password_and_the_users_sessions_end()
    {
        var b = await TenantWorld.CreateAsync(fixture.Host, fixture.Ca);
        using var session = await PanelSession.SignInAsync(fixture.Host, b.UserEmail, TenantWorld.Password);

        await b.Api.Client.PutAsJsonAsync($"{b.Api.Base}/users/{b.UserId}/password", new { password = NewPassword }).ExpectAsync(HttpStatusCode.NoContent);

        using (var page = await session.GetAsync($"/t/{b.TenantId}"))
        {
            Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
            Assert.False(session.HasSession);
        }
        using (var old = await new PanelSession(fixture.Host).SignInAsync(b.UserEmail, TenantWorld.Password))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, old.StatusCode);
        }
        using var again = await PanelSession.SignInAsync(fixture.Host, b.UserEmail, NewPassword);
        Assert.DoesNotContain(NewPassword, await b.Api.Client.GetTextAsync($"{b.Api.Base}/users"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_tenant_gets_not_found_and_changes_nothing()
    {
        var a = await TenantWorld.CreateAsync(fixture.Host, fixture.Ca);
        var b = await TenantWorld.CreateAsync(fixture.Host, fixture.Ca);
        using var session = await PanelSession.SignInAsync(fixture.Host, b.UserEmail, TenantWorld.Password);
        var before = await fixture.Host.Store.Tenants.GetUserAsync(Guid.Parse(b.UserId), CancellationToken.None);

        // B's tenant id, and A's own tenant id with B's user.
        await a.Api.Client.PutAsJsonAsync($"{b.Api.Base}/users/{b.UserId}/password", new { password = NewPassword }).ExpectProblemAsync(HttpStatusCode.NotFound);
        await a.Api.Client.PutAsJsonAsync($"{a.Api.Base}/users/{b.UserId}/password", new { password = NewPassword }).ExpectProblemAsync(HttpStatusCode.NotFound);
        await a.Api.Client.PutAsJsonAsync($"{a.Api.Base}/users/not-an-id/password", new { password = NewPassword }).ExpectProblemAsync(HttpStatusCode.NotFound);

        Assert.Equal(before, await fixture.Host.Store.Tenants.GetUserAsync(Guid.Parse(b.UserId), CancellationToken.None));
        await session.GetPageAsync($"/t/{b.TenantId}");
    }

    [Fact]
    public async Task A_short_password_is_refused_with_the_field_and_ends_no_session()
    {
        var b = await TenantWorld.CreateAsync(fixture.Host, fixture.Ca);
        using var session = await PanelSession.SignInAsync(fixture.Host, b.UserEmail, TenantWorld.Password);

        var problem = await b.Api.Client.PutAsJsonAsync($"{b.Api.Base}/users/{b.UserId}/password", new { password = "short" }).ExpectProblemAsync(HttpStatusCode.BadRequest);

        Assert.True(problem.Errors.ContainsKey("password"), problem.Raw);
        await session.GetPageAsync($"/t/{b.TenantId}");
    }

    [Fact]
    public async Task Only_a_platform_admin_sets_an_admins_password_and_a_tenants_user_is_no_admin()
    {
        var b = await TenantWorld.CreateAsync(fixture.Host, fixture.Ca);
        using var admin = fixture.Host.Client(fixture.Host.AdminToken);
        var email = $"ops-{Guid.NewGuid():N}@example.org";
        var ops = await admin.PostJsonAsync("/api/v1/admins", new { email, password = TenantWorld.Password }).ExpectAsync(HttpStatusCode.Created);
        using var opsSession = await PanelSession.SignInAsync(fixture.Host, email, TenantWorld.Password);

        await b.Api.Client.PutAsJsonAsync($"/api/v1/admins/{ops["id"]}/password", new { password = NewPassword }).ExpectProblemAsync(HttpStatusCode.Forbidden);
        await admin.PutAsJsonAsync($"/api/v1/admins/{b.UserId}/password", new { password = NewPassword }).ExpectProblemAsync(HttpStatusCode.NotFound);
        await opsSession.GetPageAsync("/admin");

        await admin.PutAsJsonAsync($"/api/v1/admins/{ops["id"]}/password", new { password = NewPassword }).ExpectAsync(HttpStatusCode.NoContent);

        using (var page = await opsSession.GetAsync("/admin"))
        {
            Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        }
        using var again = await PanelSession.SignInAsync(fixture.Host, email, NewPassword);
        // An admin also sets a tenant's user's password, under the tenant.
        await admin.PutAsJsonAsync($"{b.Api.Base}/users/{b.UserId}/password", new { password = NewPassword }).ExpectAsync(HttpStatusCode.NoContent);
        using var user = await PanelSession.SignInAsync(fixture.Host, b.UserEmail, NewPassword);
    }
}
