using System.Net;
using Certsmith.Core.Certificates;

namespace Certsmith.Api.Tests;

/// <summary>
/// What the panel's pages say and refuse, at the HTTP level where the state can be pinned down (this host runs no
/// issuance, so certificates stay pending): "will apply once the certificate is live", refusals next to their field
/// with what was typed kept, and a form handler that does not exist.
/// </summary>
public sealed class PanelPageTests(PanelFixture fixture) : IClassFixture<PanelFixture>
{
    [Fact]
    public async Task Force_https_says_it_will_apply_once_the_certificate_is_live_while_none_is_served()
    {
        using var tenant = await TenantSession.CreateAsync(fixture.Host);
        var domain = TenantSession.NewDomainName();
        await tenant.AddDomainAsync(domain);
        var site = await tenant.CreateSiteAsync("pending");
        await tenant.AddAddressAsync((string)site["id"]!, "www." + domain);
        var (email, password) = await UserAsync(tenant);
        using var panel = await PanelSession.SignInAsync(fixture.Host, email, password);
        var page = $"/t/{tenant.TenantId}/sites/{site["id"]}";

        using var saved = await panel.PostFormAsync($"{page}?handler=Https", [new("forceHttps", "true")], page);

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var body = await panel.GetPageAsync(page);
        Assert.Contains("SSL settings saved.", body, StringComparison.Ordinal);
        Assert.Contains($"Will apply once the certificate is live for www.{domain}.", body, StringComparison.Ordinal);
        Assert.True((bool)(await tenant.Client.GetAsync($"{tenant.Base}/sites/{site["id"]}").ExpectAsync(HttpStatusCode.OK))["forceHttps"]!);
    }

    [Fact]
    public async Task A_refused_form_shows_the_reason_next_to_its_field_keeps_what_was_typed_and_changes_nothing()
    {
        using var tenant = await TenantSession.CreateAsync(fixture.Host);
        var (email, password) = await UserAsync(tenant);
        using var panel = await PanelSession.SignInAsync(fixture.Host, email, password);
        var page = $"/t/{tenant.TenantId}/domains";
        var before = await tenant.SnapshotAsync();

        using var refused = await panel.PostFormAsync($"{page}?handler=Add", [new("name", "not a host name!"), new("kind", "external")], page);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var body = await refused.Content.ReadAsStringAsync();
        var field = body.IndexOf("id=\"name-error\"", StringComparison.Ordinal);
        Assert.True(field > 0, body);
        var error = body[field..body.IndexOf("</p>", field, StringComparison.Ordinal)];
        Assert.Contains("not a host name", WebUtility.HtmlDecode(error), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("value=\"not a host name!\"", body, StringComparison.Ordinal);
        Assert.Contains("aria-invalid=\"true\"", body, StringComparison.Ordinal);
        Assert.Equal(before, await tenant.SnapshotAsync());
    }

    [Fact]
    public async Task A_form_handler_the_page_does_not_have_is_not_found()
    {
        using var tenant = await TenantSession.CreateAsync(fixture.Host);
        var site = await tenant.CreateSiteAsync("shop");
        var (email, password) = await UserAsync(tenant);
        using var panel = await PanelSession.SignInAsync(fixture.Host, email, password);
        var page = $"/t/{tenant.TenantId}/sites/{site["id"]}";

        using var response = await panel.PostFormAsync($"{page}?handler=Nope", [], page);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private static async Task<(string Email, string Password)> UserAsync(TenantSession tenant)
    {
        var email = $"user-{Guid.NewGuid():N}@example.org";
        await tenant.Client.PostJsonAsync($"{tenant.Base}/users", new { email, password = TenantWorld.Password }).ExpectAsync(HttpStatusCode.Created);
        return (email, TenantWorld.Password);
    }

    [Fact]
    public async Task A_token_made_in_the_panel_is_shown_once_works_for_the_api_and_stops_when_revoked()
    {
        using var tenant = await TenantSession.CreateAsync(fixture.Host);
        var (email, password) = await UserAsync(tenant);
        using var panel = await PanelSession.SignInAsync(fixture.Host, email, password);
        var page = $"/t/{tenant.TenantId}/access";

        using var made = await panel.PostFormAsync($"{page}?handler=CreateToken", [new("tokenName", "deploy")], page);

        Assert.Equal(HttpStatusCode.OK, made.StatusCode);
        var body = await made.Content.ReadAsStringAsync();
        var start = body.IndexOf("data-testid=\"new-token\"><code>", StringComparison.Ordinal);
        Assert.True(start > 0, body);
        start = body.IndexOf("<code>", start, StringComparison.Ordinal) + "<code>".Length;
        var secret = WebUtility.HtmlDecode(body[start..body.IndexOf("</code>", start, StringComparison.Ordinal)]);
        using var program = fixture.Host.Client(secret);
        await program.GetAsync($"{tenant.Base}/sites").ExpectAsync(HttpStatusCode.OK);
        Assert.DoesNotContain(secret, await panel.GetPageAsync(page), StringComparison.Ordinal);

        var tokens = (await tenant.Client.GetAsync($"{tenant.Base}/tokens").ExpectAsync(HttpStatusCode.OK)).AsArray();
        var id = (string)tokens.Single(t => (string?)t!["name"] == "deploy")!["id"]!;
        using var revoked = await panel.PostFormAsync($"{page}?handler=RevokeToken&tokenId={id}", [], page);
        Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);
        await program.GetAsync($"{tenant.Base}/sites").ExpectProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_user_added_in_the_panel_signs_in_and_once_disabled_there_is_signed_out()
    {
        using var tenant = await TenantSession.CreateAsync(fixture.Host);
        var (email, password) = await UserAsync(tenant);
        using var panel = await PanelSession.SignInAsync(fixture.Host, email, password);
        var page = $"/t/{tenant.TenantId}/access";
        var colleague = $"colleague-{Guid.NewGuid():N}@example.org";

        using var added = await panel.PostFormAsync($"{page}?handler=AddUser", [new("email", colleague), new("password", TenantWorld.Password)], page);
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        using var other = await PanelSession.SignInAsync(fixture.Host, colleague, TenantWorld.Password);
        Assert.Contains(colleague, await other.GetPageAsync($"/t/{tenant.TenantId}"), StringComparison.Ordinal);

        var users = (await tenant.Client.GetAsync($"{tenant.Base}/users").ExpectAsync(HttpStatusCode.OK)).AsArray();
        var id = (string)users.Single(u => (string?)u!["email"] == colleague)!["id"]!;
        using var disabled = await panel.PostFormAsync($"{page}?handler=DisableUser&userId={id}", [], page);
        Assert.Equal(HttpStatusCode.Redirect, disabled.StatusCode);

        using var after = await other.GetAsync($"/t/{tenant.TenantId}");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/sign-in", after.Headers.Location!.OriginalString.Replace(fixture.Host.BaseAddress.ToString().TrimEnd('/'), "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_20_mb_upload_is_refused_with_a_page_that_says_so_and_stores_nothing()
    {
        using var tenant = await TenantSession.CreateAsync(fixture.Host);
        var (email, password) = await UserAsync(tenant);
        using var panel = await PanelSession.SignInAsync(fixture.Host, email, password);
        var page = $"/t/{tenant.TenantId}/certificates/add";
        var token = await panel.TokenFromAsync(page);
        var before = await tenant.SnapshotAsync();
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), PanelSession.TokenField },
            { new ByteArrayContent(new byte[20 * 1024 * 1024]), "certificateFile", "huge.pem" },
        };

        using var response = await panel.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"{page}?handler=Upload") { Content = form });

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("too large (20480 KiB", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await tenant.SnapshotAsync());
    }

    [Fact]
    public async Task An_address_covered_by_another_valid_certificate_of_the_tenant_is_live_as_the_edge_serves_it()
    {
        using var tenant = await TenantSession.CreateAsync(fixture.Host);
        var domain = TenantSession.NewDomainName();
        await tenant.AddDomainAsync(domain);
        var site = await tenant.CreateSiteAsync("covered");
        await tenant.AddAddressAsync((string)site["id"]!, "www." + domain);
        // Uploaded for the name, not attached: the edge serves it by rule 3 while the managed one is pending.
        var (leaf, key) = fixture.Ca.Issue(["www." + domain]);
        using (leaf)
        using (key)
        {
            await tenant.Client.PostJsonAsync($"{tenant.Base}/certificates/upload", new { certificate = ApiRoutes.Pem(leaf, fixture.Ca), privateKey = key.ExportPkcs8PrivateKeyPem() })
                .ExpectAsync(HttpStatusCode.Created);
        }
        var (email, password) = await UserAsync(tenant);
        using var panel = await PanelSession.SignInAsync(fixture.Host, email, password);

        var body = await panel.GetPageAsync($"/t/{tenant.TenantId}/sites/{site["id"]}");

        Assert.Contains("data-state=\"valid\"", body, StringComparison.Ordinal);
        Assert.Contains("<small>custom</small>", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Will apply once the certificate is live", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refused_ssl_settings_are_shown_as_typed_and_nothing_is_stored()
    {
        using var tenant = await TenantSession.CreateAsync(fixture.Host);
        var site = await tenant.CreateSiteAsync("typed");
        var (email, password) = await UserAsync(tenant);
        using var panel = await PanelSession.SignInAsync(fixture.Host, email, password);
        var page = $"/t/{tenant.TenantId}/sites/{site["id"]}";

        using var refused = await panel.PostFormAsync($"{page}?handler=Https",
            [new("forceHttps", "true"), new("hsts", "true"), new("hstsMaxAgeSeconds", "999999999"), new("includeSubDomains", "true")], page);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var body = await refused.Content.ReadAsStringAsync();
        Assert.Contains("value=\"999999999\"", body, StringComparison.Ordinal);
        Assert.Matches("name=\"forceHttps\" value=\"true\" checked=\"checked\"", body);
        Assert.Matches("name=\"includeSubDomains\" value=\"true\" checked=\"checked\"", body);
        var error = body[body.IndexOf("id=\"hsts-error\"", StringComparison.Ordinal)..];
        Assert.StartsWith("id=\"hsts-error\" role=\"alert\">", error, StringComparison.Ordinal);
        Assert.False(error["id=\"hsts-error\" role=\"alert\">".Length..].StartsWith("</p>", StringComparison.Ordinal), "the max-age error is shown next to its field");
        var stored = await tenant.Client.GetAsync($"{tenant.Base}/sites/{site["id"]}").ExpectAsync(HttpStatusCode.OK);
        Assert.False((bool)stored["forceHttps"]!);
    }

    [Fact]
    public async Task A_big_tenants_certificates_are_listed_a_hundred_at_a_time_with_the_counts()
    {
        using var tenant = await TenantSession.CreateAsync(fixture.Host);
        for (var i = 0; i < 105; i++)
        {
            var now = DateTimeOffset.UtcNow;
            await fixture.Host.Store.Certificates.AddCertificateAsync(new CertificateRecord
            {
                Id = Guid.NewGuid(),
                TenantId = Guid.Parse(tenant.TenantId),
                Kind = CertificateKind.Managed,
                Names = [Core.Names.DnsName.Parse($"n{i:D3}.{TenantSession.NewDomainName()}")],
                State = CertificateState.Pending,
                CreatedAt = now.AddSeconds(i),
                UpdatedAt = now,
            }, CancellationToken.None);
        }
        var (email, password) = await UserAsync(tenant);
        using var panel = await PanelSession.SignInAsync(fixture.Host, email, password);

        var first = await panel.GetPageAsync($"/t/{tenant.TenantId}/certificates");
        var second = await panel.GetPageAsync($"/t/{tenant.TenantId}/certificates?p=1");

        Assert.Equal(100, Rows(first));
        Assert.Contains("105 in use, 0 valid, 105 on their way, 0 failing", first, StringComparison.Ordinal);
        Assert.Contains("Page 1 of 2", first, StringComparison.Ordinal);
        Assert.Contains("rel=\"next\"", first, StringComparison.Ordinal);
        Assert.Equal(5, Rows(second));
        Assert.Contains("n000.", second, StringComparison.Ordinal); // the oldest is on the last page
        Assert.Contains("rel=\"prev\"", second, StringComparison.Ordinal);

        static int Rows(string body) => System.Text.RegularExpressions.Regex.Count(body, "<tr data-certificate=");
    }

    [Fact]
    public async Task A_big_tenants_sites_are_listed_two_hundred_at_a_time_by_name()
    {
        using var tenant = await TenantSession.CreateAsync(fixture.Host);
        for (var i = 0; i < 205; i++)
        {
            await fixture.Host.Store.Sites.AddSiteAsync(new Core.Tenancy.Site(Guid.NewGuid(), Guid.Parse(tenant.TenantId), $"site-{i:D3}", null, false, null, DateTimeOffset.UtcNow), CancellationToken.None);
        }
        var (email, password) = await UserAsync(tenant);
        using var panel = await PanelSession.SignInAsync(fixture.Host, email, password);

        var first = await panel.GetPageAsync($"/t/{tenant.TenantId}/sites");
        var second = await panel.GetPageAsync($"/t/{tenant.TenantId}/sites?p=1");

        Assert.Equal(200, System.Text.RegularExpressions.Regex.Count(first, ">site-[0-9]{3}</a>"));
        Assert.Contains("Sites 1–200 of 205", first, StringComparison.Ordinal);
        Assert.Equal(["site-200", "site-201", "site-202", "site-203", "site-204"],
            System.Text.RegularExpressions.Regex.Matches(second, ">(site-[0-9]{3})</a>").Select(m => m.Groups[1].Value));
        Assert.Contains("rel=\"prev\"", second, StringComparison.Ordinal);
    }
}
