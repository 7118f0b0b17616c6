using System.Net;
using Microsoft.AspNetCore.WebUtilities;

namespace Certsmith.Api.Tests;

/// <summary>
/// Issue 7, "Access control", for the web panel: every page and every form, as another tenant's user, as a tenant's
/// user on the admin pages, as no one, without the antiforgery token, and as a user disabled mid-session — nothing is
/// read or changed. And the platform admin, who may see everything.
/// </summary>
public sealed class PanelAccessTests(PanelFixture fixture) : IClassFixture<PanelFixture>
{
    private static readonly string[] AdminPages = ["/admin", "/admin/queue", "/admin/budgets", "/admin/failures", "/admin/tenants"];

    private static readonly string[] SiteHandlers = ["AddAddress", "RemoveAddress", "Https", "Backend", "Delete"];

    private static readonly string[] CertificateHandlers = ["CheckAgain", "Withdraw", "Install", "Attach", "Detach", "Remove"];

    [Fact]
    public async Task A_tenant_user_gets_not_found_for_every_page_and_form_of_another_tenant_and_changes_nothing()
    {
        var a = await TenantWorld.CreateAsync(fixture.Host, fixture.Ca);
        var b = await TenantWorld.CreateAsync(fixture.Host, fixture.Ca);
        using var session = await PanelSession.SignInAsync(fixture.Host, a.UserEmail, TenantWorld.Password);
        // A valid token of A's session, from A's own page: only the ids can make these requests fail.
        var token = await session.TokenFromAsync($"/t/{a.TenantId}/domains");
        var beforeA = await a.Api.SnapshotAsync();
        var beforeB = await b.Api.SnapshotAsync();

        // B's pages, and B's objects under A's own tenant id.
        foreach (var page in PagesOf(b.TenantId, b).Concat(ObjectPagesOf(a.TenantId, b)))
        {
            using (var response = await session.GetAsync(page))
            {
                await AssertNotFoundAsync(response, $"GET {page}", b);
            }
            using var head = await session.SendAsync(new HttpRequestMessage(HttpMethod.Head, page));
            await AssertNotFoundAsync(head, $"HEAD {page}", b);
        }
        var forms = FormsOf(b.TenantId, b).Concat(ObjectFormsOf(a.TenantId, b)).Concat(
        [
            // A's own site and certificate, aimed at B's address.
            ($"/t/{a.TenantId}/sites/{a.SiteId}?handler=RemoveAddress&addressId={b.AddressId}", []),
            ($"/t/{a.TenantId}/certificates/{a.CustomCertificateId}?handler=Detach&addressId={b.AddressId}", []),
            ($"/t/{a.TenantId}/certificates/{a.CustomCertificateId}?handler=Attach", [new("addressIds", b.AddressId)]),
        ]);
        foreach (var (path, fields) in forms)
        {
            using var response = await session.PostFormWithTokenAsync(path, fields, token);
            await AssertNotFoundAsync(response, $"POST {path}", b);
        }

        Assert.Equal(beforeB, await b.Api.SnapshotAsync());
        Assert.Equal(beforeA, await a.Api.SnapshotAsync());
        // The same token works on A's own forms: the refusals above were about B's ids, not the token.
        using var own = await session.PostFormWithTokenAsync($"/t/{a.TenantId}/sites", [new("name", "own")], token);
        Assert.Equal(HttpStatusCode.Redirect, own.StatusCode);
    }

    [Fact]
    public async Task A_tenant_user_gets_not_found_for_every_admin_page_and_form()
    {
        var a = await TenantWorld.CreateAsync(fixture.Host, fixture.Ca);
        var b = await TenantWorld.CreateAsync(fixture.Host, fixture.Ca);
        using var session = await PanelSession.SignInAsync(fixture.Host, a.UserEmail, TenantWorld.Password);
        var token = await session.TokenFromAsync($"/t/{a.TenantId}");
        using var admin = fixture.Host.Client(fixture.Host.AdminToken);
        var tenantsBefore = await admin.GetTextAsync("/api/v1/tenants");
        var adminsBefore = await admin.GetTextAsync("/api/v1/admins");
        var beforeB = await b.Api.SnapshotAsync();
        var intruder = $"intruder-{Guid.NewGuid():N}@example.org";

        foreach (var page in AdminPages)
        {
            using var get = await session.GetAsync(page);
            await AssertNotFoundAsync(get, $"GET {page}", b);
            using var post = await session.PostFormWithTokenAsync(page, [], token);
            await AssertNotFoundAsync(post, $"POST {page}", b);
        }
        foreach (var (path, fields) in AdminForms(b.TenantId, intruder))
        {
            using var response = await session.PostFormWithTokenAsync(path, fields, token);
            await AssertNotFoundAsync(response, $"POST {path}", b);
        }

        Assert.Equal(tenantsBefore, await admin.GetTextAsync("/api/v1/tenants"));
        Assert.Equal(adminsBefore, await admin.GetTextAsync("/api/v1/admins"));
        Assert.Equal(beforeB, await b.Api.SnapshotAsync());
        Assert.Null(await fixture.Host.Store.Tenants.FindUserByEmailAsync(intruder, CancellationToken.None));
    }

    [Fact]
    public async Task No_one_signed_in_is_sent_to_sign_in_from_every_page_and_no_form_changes_anything()
    {
        var b = await TenantWorld.CreateAsync(fixture.Host, fixture.Ca);
        using var anonymous = new PanelSession(fixture.Host);
        // A valid antiforgery token of an anonymous visitor: only the missing session may stop these forms.
        var token = await anonymous.TokenFromAsync("/sign-in");
        using var admin = fixture.Host.Client(fixture.Host.AdminToken);
        var tenantsBefore = await admin.GetTextAsync("/api/v1/tenants");
        var beforeB = await b.Api.SnapshotAsync();
        var intruder = $"intruder-{Guid.NewGuid():N}@example.org";

        var userBefore = await fixture.Host.Store.Tenants.GetUserAsync(Guid.Parse(b.UserId), CancellationToken.None);

        foreach (var page in PagesOf(b.TenantId, b).Concat(AdminPages).Append("/").Append("/account"))
        {
            using var response = await anonymous.GetAsync(page);
            AssertSentToSignIn(response, $"GET {page}", returnUrl: page == "/" ? null : page);
        }
        foreach (var (path, fields) in FormsOf(b.TenantId, b).Concat(AdminForms(b.TenantId, intruder)).Concat(AccountForms))
        {
            using (var withToken = await anonymous.PostFormWithTokenAsync(path, fields, token))
            {
                // Back to the page the form was on, not to its handler (a GET of "?handler=…" finds none).
                AssertSentToSignIn(withToken, $"POST {path}", returnUrl: path.Split('?')[0]);
            }
            using var withoutToken = await anonymous.PostFormWithTokenAsync(path, fields, null);
            Assert.True(withoutToken.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.BadRequest, $"POST {path} without a token: {(int)withoutToken.StatusCode}");
        }

        Assert.Equal(beforeB, await b.Api.SnapshotAsync());
        Assert.Equal(tenantsBefore, await admin.GetTextAsync("/api/v1/tenants"));
        Assert.Null(await fixture.Host.Store.Tenants.FindUserByEmailAsync(intruder, CancellationToken.None));
        Assert.Equal(userBefore, await fixture.Host.Store.Tenants.GetUserAsync(Guid.Parse(b.UserId), CancellationToken.None));
    }

    [Fact]
    public async Task A_form_without_the_sessions_own_antiforgery_token_is_refused_with_400_and_changes_nothing()
    {
        var a = await TenantWorld.CreateAsync(fixture.Host, fixture.Ca);
        var b = await TenantWorld.CreateAsync(fixture.Host, fixture.Ca);
        using var owner = await PanelSession.SignInAsync(fixture.Host, b.UserEmail, TenantWorld.Password);
        using var other = await PanelSession.SignInAsync(fixture.Host, a.UserEmail, TenantWorld.Password);
        var othersToken = await other.TokenFromAsync($"/t/{a.TenantId}/domains");
        var newDomain = TenantSession.NewDomainName();
        var addDomain = ($"/t/{b.TenantId}/domains?handler=Add", new KeyValuePair<string, string>[] { new("name", newDomain), new("kind", "hostedZone") });
        var before = await b.Api.SnapshotAsync();

        foreach (var (path, fields) in new[]
        {
            addDomain,
            ($"/t/{b.TenantId}/sites/{b.SiteId}?handler=Delete", []),
            ($"/t/{b.TenantId}/certificates/{b.CustomCertificateId}?handler=Remove", []),
            ($"/t/{b.TenantId}/certificates/{b.CustomCertificateId}?handler=Detach&addressId={b.AddressId}", []),
        })
        {
            using (var none = await owner.PostFormWithTokenAsync(path, fields, null))
            {
                Assert.True(none.StatusCode == HttpStatusCode.BadRequest, $"POST {path} without a token: {(int)none.StatusCode}");
            }
            using var othersSessions = await owner.PostFormWithTokenAsync(path, fields, othersToken);
            Assert.True(othersSessions.StatusCode == HttpStatusCode.BadRequest, $"POST {path} with another session's token: {(int)othersSessions.StatusCode}");
        }

        Assert.Equal(before, await b.Api.SnapshotAsync());
        // The same form with the owner's token from the page it is on goes through.
        using var accepted = await owner.PostFormAsync(addDomain.Item1, addDomain.Item2);
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.Contains(newDomain, await b.Api.Client.GetTextAsync($"{b.Api.Base}/domains"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_panel_session_does_not_open_the_api_and_an_api_token_does_not_open_the_panel()
    {
        var b = await TenantWorld.CreateAsync(fixture.Host, fixture.Ca);
        using var session = await PanelSession.SignInAsync(fixture.Host, b.UserEmail, TenantWorld.Password);
        var before = await b.Api.SnapshotAsync();

        // The session cookie alone (what a forged cross-site request would carry) is no API credential.
        using (var me = await session.GetAsync("/api/v1/me"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
        }
        using (var create = await session.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"{b.Api.Base}/sites") { Content = System.Net.Http.Json.JsonContent.Create(new { name = "by cookie" }) }))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, create.StatusCode);
        }
        // And an API token is no panel session.
        using var bearer = new PanelSession(fixture.Host);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/t/{b.TenantId}/sites");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", b.Api.Token);
        using (var page = await bearer.SendAsync(request))
        {
            AssertSentToSignIn(page, "GET a panel page with an API token", returnUrl: $"/t/{b.TenantId}/sites");
        }

        Assert.Equal(before, await b.Api.SnapshotAsync());
    }

    [Fact]
    public async Task A_disabled_user_loses_the_session_on_the_next_request()
    {
        var b = await TenantWorld.CreateAsync(fixture.Host, fixture.Ca);
        using var session = await PanelSession.SignInAsync(fixture.Host, b.UserEmail, TenantWorld.Password);
        var sites = $"/t/{b.TenantId}/sites";
        var token = await session.TokenFromAsync(sites);

        await b.Api.Client.DeleteAsync($"{b.Api.Base}/users/{b.UserId}").ExpectAsync(HttpStatusCode.NoContent);
        var before = await b.Api.SnapshotAsync();

        using (var response = await session.GetAsync(sites))
        {
            AssertSentToSignIn(response, $"GET {sites} after disabling", returnUrl: sites);
        }
        Assert.False(session.HasSession, "the session cookie outlived its disabled user");
        using (var post = await session.PostFormWithTokenAsync(sites, [new("name", "after disabling")], token))
        {
            Assert.True(post.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.BadRequest, $"POST {sites} after disabling: {(int)post.StatusCode}");
        }
        Assert.Equal(before, await b.Api.SnapshotAsync());
        using var again = await new PanelSession(fixture.Host).SignInAsync(b.UserEmail, TenantWorld.Password);
        Assert.Equal(HttpStatusCode.Unauthorized, again.StatusCode);
    }

    [Fact]
    public async Task A_platform_admin_sees_every_tenants_pages_and_the_admin_pages()
    {
        var b = await TenantWorld.CreateAsync(fixture.Host, fixture.Ca);
        using var admin = await PanelSession.SignInAsync(fixture.Host, fixture.AdminEmail, TenantWorld.Password);

        foreach (var page in PagesOf(b.TenantId, b).Concat(AdminPages).Append("/account"))
        {
            await admin.GetPageAsync(page);
        }

        Assert.Contains("www." + b.Domain, await admin.GetPageAsync($"/t/{b.TenantId}/sites/{b.SiteId}"), StringComparison.Ordinal);
        Assert.Contains(b.UserEmail, await admin.GetPageAsync("/admin/tenants"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_panel_page_carries_a_private_key()
    {
        var b = await TenantWorld.CreateAsync(fixture.Host, fixture.Ca);
        var keyLine = b.PrivateKeyPem.Split('\n')[1]; // the first line of the key's base64
        using var user = await PanelSession.SignInAsync(fixture.Host, b.UserEmail, TenantWorld.Password);
        using var admin = await PanelSession.SignInAsync(fixture.Host, fixture.AdminEmail, TenantWorld.Password);

        foreach (var session in new[] { user, admin })
        {
            foreach (var page in PagesOf(b.TenantId, b))
            {
                var body = await session.GetPageAsync(page);
                Assert.DoesNotContain("PRIVATE KEY", body, StringComparison.Ordinal);
                Assert.DoesNotContain(keyLine, body, StringComparison.Ordinal);
            }
        }
        // The pages looked at were the real ones: the uploaded certificate's page names it, the CSR is a CSR.
        Assert.Contains("www." + b.Domain, await user.GetPageAsync($"/t/{b.TenantId}/certificates/{b.CustomCertificateId}"), StringComparison.Ordinal);
        Assert.Contains("BEGIN CERTIFICATE REQUEST", await user.GetPageAsync($"/t/{b.TenantId}/certificates/{b.CsrCertificateId}?handler=Csr"), StringComparison.Ordinal);
    }

    /// <summary>Every page of a tenant, those of the world's objects included.</summary>
    private static IEnumerable<string> PagesOf(string tenantId, TenantWorld world)
    {
        var t = $"/t/{tenantId}";
        return new[] { t, $"{t}/domains", $"{t}/sites", $"{t}/certificates", $"{t}/certificates/csr", $"{t}/certificates/add", $"{t}/access" }.Concat(ObjectPagesOf(tenantId, world));
    }

    /// <summary>The pages of the world's objects (a site, each kind of certificate, a CSR download) under a tenant's id.</summary>
    private static IEnumerable<string> ObjectPagesOf(string tenantId, TenantWorld world)
    {
        var t = $"/t/{tenantId}";
        return
        [
            $"{t}/sites/{world.SiteId}", $"{t}/certificates/{world.ManagedCertificateId}", $"{t}/certificates/{world.CustomCertificateId}",
            $"{t}/certificates/{world.CsrCertificateId}", $"{t}/certificates/{world.CsrCertificateId}?handler=Csr",
        ];
    }

    /// <summary>Every form of a tenant's pages, filled in so that it would change the world if let through.</summary>
    private List<(string Path, KeyValuePair<string, string>[] Fields)> FormsOf(string tenantId, TenantWorld world)
    {
        var t = $"/t/{tenantId}";
        var fresh = "n" + Guid.NewGuid().ToString("N")[..8] + "." + world.Domain;
        var (leaf, key) = fixture.Ca.Issue([fresh]);
        using (leaf)
        using (key)
        {
            return new (string, KeyValuePair<string, string>[])[]
            {
                ($"{t}?handler=Webhook", [new("webhookUrl", "http://127.0.0.1:9/hook")]),
                ($"{t}/domains?handler=Add", [new("name", TenantSession.NewDomainName()), new("kind", "hostedZone")]),
                ($"{t}/domains?handler=Delegate", [new("parent", world.Domain)]),
                ($"{t}/sites", [new("name", "intruder")]),
                ($"{t}/certificates/csr", [new("names", fresh), new("keyType", "ecdsa-p256")]),
                ($"{t}/certificates/add?handler=Wildcard", [new("parent", world.Domain)]),
                ($"{t}/certificates/add?handler=Upload", [new("certificateText", ApiRoutes.Pem(leaf, fixture.Ca)), new("privateKeyText", key.ExportPkcs8PrivateKeyPem())]),
                ($"{t}/access?handler=AddUser", [new("email", $"intruder-{Guid.NewGuid():N}@example.org"), new("password", TenantWorld.Password)]),
                ($"{t}/access?handler=CreateToken", [new("tokenName", "intruder")]),
            }.Concat(ObjectFormsOf(tenantId, world)).ToList();
        }
    }

    /// <summary>Every form that names one of the world's objects (a domain, the site, each certificate), under a tenant's id.</summary>
    private List<(string Path, KeyValuePair<string, string>[] Fields)> ObjectFormsOf(string tenantId, TenantWorld world)
    {
        var t = $"/t/{tenantId}";
        using var answer = fixture.Ca.SignCsr(world.Csr, ["api." + world.Domain]);
        var installed = ApiRoutes.Pem(answer, fixture.Ca);
        var forms = new List<(string Path, KeyValuePair<string, string>[] Fields)>
        {
            ($"{t}/domains?handler=Prove&domainId={world.DomainId}", []),
            // This host has no challenge zone, so no tenant has a delegation: the id is a stranger's at best.
            ($"{t}/domains?handler=CheckDelegation&delegationId={Guid.NewGuid()}", []),
            ($"{t}/access?handler=DisableUser&userId={world.UserId}", []),
            ($"{t}/access?handler=RevokeToken&tokenId={world.TokenId}", []),
        };
        foreach (var handler in SiteHandlers)
        {
            forms.Add(handler switch
            {
                "AddAddress" => ($"{t}/sites/{world.SiteId}?handler=AddAddress", [new("address", "shop." + world.Domain)]),
                "RemoveAddress" => ($"{t}/sites/{world.SiteId}?handler=RemoveAddress&addressId={world.AddressId}", []),
                "Https" => ($"{t}/sites/{world.SiteId}?handler=Https", [new("forceHttps", "true"), new("hsts", "true"), new("hstsMaxAgeSeconds", "300")]),
                "Backend" => ($"{t}/sites/{world.SiteId}?handler=Backend", [new("backend", "http://192.0.2.10:8080/")]),
                _ => ($"{t}/sites/{world.SiteId}?handler={handler}", []),
            });
        }
        foreach (var certificate in new[] { world.ManagedCertificateId, world.CustomCertificateId, world.CsrCertificateId })
        {
            foreach (var handler in CertificateHandlers)
            {
                var path = $"{t}/certificates/{certificate}?handler={handler}";
                forms.Add(handler switch
                {
                    "Install" => (path, [new("certificateText", installed)]),
                    "Attach" => (path, [new("addressIds", world.AddressId)]),
                    "Detach" => ($"{path}&addressId={world.AddressId}", []),
                    _ => (path, []),
                });
            }
        }
        return forms;
    }

    /// <summary>The admin pages' forms: a new tenant, and a new user for the world's tenant.</summary>
    private static IEnumerable<(string Path, KeyValuePair<string, string>[] Fields)> AdminForms(string tenantId, string email) =>
    [
        ("/admin/tenants?handler=Create", [new("name", "intruder")]),
        ("/admin/tenants?handler=AddUser", [new("userTenant", tenantId), new("email", email), new("password", TenantWorld.Password)]),
    ];

    /// <summary>The account page's forms (its own user's: no ids to aim at another's).</summary>
    private static readonly (string Path, KeyValuePair<string, string>[] Fields)[] AccountForms =
    [
        ("/account?handler=ChangePassword", [new("currentPassword", TenantWorld.Password), new("newPassword", "intruder's password"), new("repeatPassword", "intruder's password")]),
        ("/account?handler=EndSessions", []),
    ];

    /// <summary>A 404 that says nothing about the tenant it hides.</summary>
    private static async Task AssertNotFoundAsync(HttpResponseMessage response, string what, TenantWorld hidden)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{what}: {(int)response.StatusCode}");
        Assert.DoesNotContain(hidden.Domain, body, StringComparison.Ordinal);
    }

    /// <summary>A 302 to this site's sign-in page that brings the visitor back to <paramref name="returnUrl"/>.</summary>
    private void AssertSentToSignIn(HttpResponseMessage response, string what, string? returnUrl)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{what}: {(int)response.StatusCode}");
        var location = new Uri(fixture.Host.BaseAddress, response.Headers.Location!);
        Assert.Equal(fixture.Host.BaseAddress.Authority, location.Authority);
        Assert.Equal("/sign-in", location.AbsolutePath);
        if (returnUrl is not null)
        {
            Assert.Equal(returnUrl, (string?)QueryHelpers.ParseQuery(location.Query)["ReturnUrl"]);
        }
    }
}
