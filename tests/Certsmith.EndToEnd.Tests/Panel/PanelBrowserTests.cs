using System.Net;
using Certsmith.Core.Storage;
using Certsmith.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Certsmith.EndToEnd.Tests.Panel;

/// <summary>
/// Issue 7, "done when": a tenant does everything from the panel alone, in Debian's Chromium, against the whole
/// platform (real Pebble, real edge): domain, site, address and its certificate becoming valid; why a certificate
/// failed and when it is retried, "check again"; a CSR, the other CA's certificate installed and attached (and served
/// by the edge); an upload with its key (and the banner before it expires); a refused upload; force HTTPS and HSTS seen
/// with a real HTTP client; another tenant's objects refused; the platform admin's views. Every page is kept as a
/// screenshot in artifacts/screenshots.
/// </summary>
[Collection(nameof(PanelBrowserCollection))]
public sealed class PanelBrowserTests(PanelPlatformFixture fixture, BrowserFixture browser) : IClassFixture<PanelPlatformFixture>, IClassFixture<BrowserFixture>
{
    private readonly PlatformFixture platform = fixture.Platform;

    private static readonly TimeSpan IssuanceDeadline = TimeSpan.FromSeconds(90);

    private Uri Panel => platform.Platform.ApiUri;

    [Fact]
    public async Task A_tenant_secures_a_site_sees_a_failure_checks_again_and_forces_https_from_the_panel()
    {
        var (tenant, email, password) = await TenantUserAsync();
        var domain = NewDomain();
        var www = "www." + domain;
        await using var panel = await PanelBrowser.SignInAsync(browser.Chromium, Panel, email, password, "tenant");
        await panel.ScreenshotAsync("overview");

        await panel.GoAsync($"/t/{tenant}/domains");
        await panel.FillAsync("Domain name", domain);
        await panel.ClickAsync("Add domain");
        await panel.ExpectNoticeAsync($"{domain} added and proven");
        await Expect(panel.Page.Locator($"tr[data-domain='{domain}']")).ToContainTextAsync("proven");
        await panel.ScreenshotAsync("domains");

        await panel.GoAsync($"/t/{tenant}/sites");
        await panel.FillAsync("Name", "shop");
        await panel.ClickAsync("Add site");
        await panel.ExpectNoticeAsync("Site shop created");
        await panel.FillAsync("Add an address", www);
        await panel.ClickAsync("Add address");
        await panel.ExpectNoticeAsync($"{www} added");
        var sitePath = new Uri(panel.Page.Url).AbsolutePath;
        await panel.ReloadUntilAsync(p => p.Locator($"tr[data-address='{www}'] .badge"), "valid", IssuanceDeadline);
        await panel.ScreenshotAsync("site-valid");

        // Force HTTPS and HSTS, then a real HTTP client at the edge sees the redirect and the header.
        await panel.Page.GetByLabel("Force HTTPS usage").CheckAsync();
        await panel.Page.GetByLabel("Send the HSTS header").CheckAsync();
        await panel.FillAsync("max-age (seconds)", "3600");
        await panel.ClickAsync("Save SSL settings");
        await panel.ExpectNoticeAsync("SSL settings saved");
        await Expect(panel.Page.GetByLabel("Force HTTPS usage")).ToBeCheckedAsync();
        await panel.ScreenshotAsync("site-ssl");
        await ExpectRedirectAndHstsAsync(www);

        // A renewal failing as the platform records it — the old certificate still served, so still valid, with the
        // error and the next attempt (faked through the store: Pebble cannot be told to fail one order) — its reason
        // and next attempt in the panel, and "check again" renewing it for real.
        var certificateId = await FailRenewalAsync(tenant, www, "The CA could not reach www over HTTP: connection refused.");
        await panel.GoAsync($"/t/{tenant}/certificates");
        await Expect(panel.Page.Locator($"tr[data-certificate='{www}']")).ToContainTextAsync("Renewal failing: The CA could not reach www over HTTP: connection refused.");
        await Expect(panel.Page.Locator($"tr[data-certificate='{www}']")).ToContainTextAsync("next attempt");
        await panel.ScreenshotAsync("certificates-failing");
        await panel.GoAsync($"/t/{tenant}/certificates/{certificateId}");
        await Expect(panel.Page.GetByTestId("last-error")).ToContainTextAsync("connection refused");
        await Expect(panel.Page.GetByTestId("next-attempt")).ToContainTextAsync("UTC");
        await Expect(panel.Page.Locator("dl.facts")).ToContainTextAsync($"Used by{www}");
        await panel.ScreenshotAsync("certificate-failing");
        await panel.ClickAsync("Check again");
        await panel.ExpectNoticeAsync("tries again now");
        await panel.ReloadUntilAsync(async p => await p.GetByTestId("last-error").CountAsync() == 0, "the renewal to succeed", IssuanceDeadline);
        await Expect(panel.Page.Locator("dd .badge")).ToHaveTextAsync("valid");
        await Expect(panel.Page.Locator("table[aria-labelledby=history]")).ToContainTextAsync("certificate.check-again");
        await panel.ScreenshotAsync("certificate-renewed");

        await panel.GoAsync(sitePath);
        await Expect(panel.Page.Locator($"tr[data-address='{www}'] .badge")).ToHaveTextAsync("valid");

        // A token for the tenant's programs, shown once.
        await panel.GoAsync($"/t/{tenant}/access");
        await panel.FillAsync("Name of a new token (what uses it, e.g. \"deploy\")", "deploy");
        await panel.ClickAsync("Make a token");
        await Expect(panel.Page.GetByTestId("new-token")).Not.ToBeEmptyAsync();
        await panel.ScreenshotAsync("access");
    }

    [Fact]
    public async Task A_tenant_brings_certificates_from_another_ca_through_the_panel()
    {
        var (tenant, email, password) = await TenantUserAsync();
        var domain = NewDomain();
        var secure = "secure." + domain;
        var upload = "up." + domain;
        using var ca = new OtherCa("Panel Test CA");
        await using var panel = await PanelBrowser.SignInAsync(browser.Chromium, Panel, email, password, "custom");
        await panel.GoAsync($"/t/{tenant}/domains");
        await panel.FillAsync("Domain name", domain);
        await panel.ClickAsync("Add domain");
        await panel.ExpectNoticeAsync("proven");
        await panel.GoAsync($"/t/{tenant}/sites");
        await panel.FillAsync("Name", "brand");
        await panel.ClickAsync("Add site");
        foreach (var name in new[] { secure, upload })
        {
            await panel.FillAsync("Add an address", name);
            await panel.ClickAsync("Add address");
            await panel.ExpectNoticeAsync($"{name} added");
        }

        // Generate a CSR; the other CA signs it; install what it returns (pasted PEM with its intermediate); attach.
        await panel.GoAsync($"/t/{tenant}/certificates/csr");
        await panel.ScreenshotAsync("csr-form");
        await panel.FillAsync("Names (one per line: host names or *.name, under your proven domains)", secure);
        await panel.FillAsync("Organisation (O)", "Example Shop GmbH");
        await panel.FillAsync("Country (C) (two letters, e.g. DE)", "DE");
        await panel.ClickAsync("Generate the CSR");
        await panel.ExpectNoticeAsync("CSR generated");
        var csr = await panel.Page.GetByTestId("csr").InnerTextAsync();
        Assert.StartsWith("-----BEGIN CERTIFICATE REQUEST-----", csr.Trim(), StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE KEY", await panel.Page.ContentAsync(), StringComparison.Ordinal);
        await panel.ScreenshotAsync("csr");
        using var signed = ca.SignCsr(csr, [secure]);
        await panel.FillAsync("Or paste it (PEM)", OtherCa.Pem(signed, ca.Intermediate));
        await panel.ClickAsync("Install");
        await panel.ExpectNoticeAsync("Certificate installed");
        await Expect(panel.Page.Locator("dd .badge")).ToHaveTextAsync("valid");
        await panel.Page.GetByLabel(secure).CheckAsync();
        await panel.ClickAsync("Attach");
        await panel.ExpectNoticeAsync($"Attached to {secure}");
        await panel.ScreenshotAsync("custom-attached");
        await WaitForIssuerAsync(secure, ca.Intermediate.Subject);

        // A garbage upload is refused next to its field, and nothing is stored.
        var before = await CertificateCountAsync(tenant);
        await panel.GoAsync($"/t/{tenant}/certificates/add");
        await panel.Page.Locator("#certificateText").FillAsync("-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n");
        await panel.ClickAsync("Upload");
        await Expect(panel.Page.Locator("#certificate-error")).Not.ToBeEmptyAsync();
        await panel.ScreenshotAsync("upload-refused");
        Assert.Equal(before, await CertificateCountAsync(tenant));

        // A 20 MB file: refused from its size with a page that says so (not the browser's "connection reset").
        await panel.Page.Locator("#certificateFile").SetInputFilesAsync(new FilePayload { Name = "huge.pem", MimeType = "application/x-pem-file", Buffer = new byte[20 * 1024 * 1024] });
        await panel.ClickAsync("Upload");
        await Expect(panel.Page.Locator("h1")).ToHaveTextAsync("Too large");
        await Expect(panel.Page.Locator("p.error")).ToContainTextAsync("too large (2048");
        await panel.ScreenshotAsync("upload-too-large");
        Assert.Equal(before, await CertificateCountAsync(tenant));
        await panel.GoAsync($"/t/{tenant}/certificates/add");

        // A wildcard needs DNS-01, which the zero-configuration run lacks: said next to the parent field.
        await panel.FillAsync("Parent name", domain);
        await panel.ClickAsync("Request the wildcard");
        await Expect(panel.Page.Locator("#parent-error")).Not.ToBeEmptyAsync();
        await panel.ScreenshotAsync("wildcard-refused");

        // An upload with its key, expiring in 10 days: accepted, and the panel warns on every page.
        var (leaf, key) = ca.Issue([upload], notAfter: DateTimeOffset.UtcNow.AddDays(10));
        using (leaf)
        using (key)
        {
            await panel.GoAsync($"/t/{tenant}/certificates/add");
            await panel.Page.Locator("#certificateText").FillAsync(OtherCa.Pem(leaf, ca.Intermediate));
            await panel.Page.Locator("#privateKeyText").FillAsync(key.ExportPkcs8PrivateKeyPem());
            await panel.ClickAsync("Upload");
            await panel.ExpectNoticeAsync("Certificate uploaded");
        }
        await Expect(panel.Page.Locator(".banner.warning")).ToContainTextAsync($"{upload}");
        await Expect(panel.Page.Locator(".banner.warning")).ToContainTextAsync("expires in");
        Assert.DoesNotContain("PRIVATE KEY", await panel.Page.ContentAsync(), StringComparison.Ordinal);
        await panel.ScreenshotAsync("upload-expiring");
        await panel.GoAsync($"/t/{tenant}/certificates");
        await Expect(panel.Page.Locator($"table[aria-labelledby=custom] tr[data-certificate='{upload}']")).ToContainTextAsync("valid");
        await panel.ScreenshotAsync("certificates");
    }

    [Fact]
    public async Task Another_tenants_objects_are_refused_in_the_browser()
    {
        var (owner, _, _) = await TenantUserAsync();
        var domain = NewDomain();
        await platform.PostAsync($"/api/v1/tenants/{owner}/domains", new { name = domain, kind = "external" });
        var site = await platform.PostAsync($"/api/v1/tenants/{owner}/sites", new { name = "private" });
        var (intruder, email, password) = await TenantUserAsync();
        await using var panel = await PanelBrowser.SignInAsync(browser.Chromium, Panel, email, password, "intruder");

        foreach (var path in new[] { $"/t/{owner}", $"/t/{owner}/domains", $"/t/{owner}/sites/{site["id"]}", $"/t/{intruder}/sites/{site["id"]}", $"/t/{owner}/certificates", "/admin", "/admin/tenants" })
        {
            var response = await panel.Page.GotoAsync(path);
            Assert.Equal(404, response!.Status);
            Assert.DoesNotContain(domain, await panel.Page.ContentAsync(), StringComparison.Ordinal);
        }
        await panel.ScreenshotAsync("refused");
    }

    [Fact]
    public async Task The_platform_admin_adds_a_tenant_and_sees_the_queue_budgets_and_failures()
    {
        var adminPassword = (await File.ReadAllTextAsync(Path.Combine(Path.GetDirectoryName(platform.Platform.AdminTokenFile)!, "admin-password"))).Trim();
        await using var admin = await PanelBrowser.SignInAsync(browser.Chromium, Panel, "admin@certsmith.localhost", adminPassword, "admin");
        var name = $"Panel Admin Tenant {Guid.NewGuid():N}"[..30];
        var email = $"owner-{Guid.NewGuid():N}@example.com";

        await admin.GoAsync("/admin/tenants");
        await admin.FillAsync("Name", name);
        await admin.ClickAsync("Add tenant");
        await admin.ExpectNoticeAsync($"Tenant {name} added");
        await admin.Page.GetByLabel("Tenant", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = name });
        await admin.FillAsync("E-mail", email);
        await admin.FillAsync("First password (at least 12 characters)", "short");
        await admin.ClickAsync("Add user");
        await Expect(admin.Page.Locator("#password-error")).ToContainTextAsync("at least 12 characters");
        await admin.ScreenshotAsync("tenants-refused");
        await admin.Page.GetByLabel("Tenant", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = name });
        await admin.FillAsync("E-mail", email);
        await admin.FillAsync("First password (at least 12 characters)", "a long enough password");
        await admin.ClickAsync("Add user");
        await admin.ExpectNoticeAsync($"{email} can sign in now");
        await Expect(admin.Page.GetByRole(AriaRole.Row, new() { Name = name })).ToContainTextAsync(email);
        await admin.ScreenshotAsync("tenants");

        // Something in every view: a queued certificate of a tenant, a charged budget, a failing certificate.
        var (tenant, _, _) = await TenantUserAsync();
        var domain = NewDomain();
        await platform.PostAsync($"/api/v1/tenants/{tenant}/domains", new { name = domain, kind = "external" });
        var site = await platform.PostAsync($"/api/v1/tenants/{tenant}/sites", new { name = "watched" });
        await platform.PostAsync($"/api/v1/tenants/{tenant}/sites/{site["id"]}/addresses", new { name = "a." + domain });
        await platform.WaitForValidAsync(tenant, ["a." + domain], IssuanceDeadline);
        await FailRenewalAsync(tenant, "a." + domain, "Timeout during connect (likely firewall problem).");

        await admin.GoAsync("/admin");
        await admin.ScreenshotAsync("overview");
        await admin.GoAsync("/admin/queue");
        await Expect(admin.Page.Locator("main table")).ToContainTextAsync("a." + domain);
        await admin.ScreenshotAsync("queue");
        await admin.GoAsync("/admin/budgets");
        await Expect(admin.Page.Locator("main table")).ToContainTextAsync("new orders per");
        // The account's order budget has been charged: its meter shows a share used, not nothing or everything.
        var orders = admin.Page.GetByRole(AriaRole.Row).Filter(new() { HasText = "new orders per" }).Locator("meter");
        var used = double.Parse((await orders.GetAttributeAsync("value"))!, System.Globalization.CultureInfo.InvariantCulture);
        var max = double.Parse((await orders.GetAttributeAsync("max"))!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(used / max, double.Epsilon, 0.5);
        await admin.ScreenshotAsync("budgets");
        await admin.GoAsync("/admin/failures");
        await Expect(admin.Page.Locator("main table")).ToContainTextAsync("likely firewall problem");
        await admin.ScreenshotAsync("failures");

        // The new tenant's user signs in and lands on its own tenant.
        await using var owner = await PanelBrowser.SignInAsync(browser.Chromium, Panel, email, "a long enough password", "new-owner");
        await Expect(owner.Page.Locator("h1")).ToHaveTextAsync(name);
    }

    private static string NewDomain() => $"panel-{Guid.NewGuid():N}"[..18] + ".example";

    /// <summary>A tenant with a user (made through the admin API), its id, e-mail and password.</summary>
    private async Task<(string Tenant, string Email, string Password)> TenantUserAsync()
    {
        var tenant = (string)(await platform.PostAsync("/api/v1/tenants", new { name = $"tenant-{Guid.NewGuid():N}" }))["id"]!;
        var email = $"user-{Guid.NewGuid():N}@example.com";
        const string password = "correct horse battery staple";
        await platform.PostAsync($"/api/v1/tenants/{tenant}/users", new { email, password });
        return (tenant, email, password);
    }

    /// <summary>
    /// Leaves the valid certificate for <paramref name="name"/> as a failed renewal does (IssuanceProcessor): still valid
    /// while the old certificate serves, its renewal due, the reason and a next attempt an hour away.
    /// </summary>
    private async Task<Guid> FailRenewalAsync(string tenant, string name, string reason)
    {
        var certificates = (await platform.GetAsync($"/api/v1/tenants/{tenant}/certificates")).AsArray();
        var id = Guid.Parse((string)certificates.Single(c => c!["names"]!.AsArray().Any(n => (string?)n == name))!["id"]!);
        var store = platform.Platform.Services.GetRequiredService<ICertsmithStore>().Certificates;
        while (true)
        {
            // The processor may be saving the record (its renewal schedule) at the same moment: read again and retry.
            var record = (await store.GetCertificateAsync(id, CancellationToken.None))!;
            try
            {
                await store.UpdateCertificateAsync(record with
                {
                    LastError = reason,
                    FailureCount = 3,
                    RenewAt = DateTimeOffset.UtcNow.AddMinutes(-5),
                    NextAttemptAt = DateTimeOffset.UtcNow.AddHours(1),
                    UpdatedAt = DateTimeOffset.UtcNow.AddMinutes(-5), // the attempt that failed, a while ago
                }, CancellationToken.None);
                return id;
            }
            catch (StoreConflictException)
            {
            }
        }
    }

    private async Task<int> CertificateCountAsync(string tenant) => (await platform.GetAsync($"/api/v1/tenants/{tenant}/certificates")).AsArray().Count;

    /// <summary>Polls plain HTTP at the edge until it redirects (the edge's next snapshot carries the setting), then checks HTTPS and HSTS.</summary>
    private async Task ExpectRedirectAndHstsAsync(string host)
    {
        using var plain = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });
        var url = new Uri($"http://127.0.0.1:{platform.Platform.EdgeHttpPort}/menu?day=1");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        HttpResponseMessage response;
        while (true)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent("order=1") };
            request.Headers.Host = host;
            response = await plain.SendAsync(request);
            if (response.StatusCode == HttpStatusCode.PermanentRedirect || DateTime.UtcNow > deadline)
            {
                break;
            }
            response.Dispose();
            await Task.Delay(100);
        }
        using (response)
        {
            Assert.Equal(HttpStatusCode.PermanentRedirect, response.StatusCode);
            Assert.Equal(new Uri($"https://{host}:{platform.Platform.EdgeHttpsPort}/menu?day=1"), response.Headers.Location);
            Assert.False(response.Headers.Contains("Strict-Transport-Security"), "HSTS is sent on HTTPS responses only");
        }
        using var tls = EdgeClient.Http(platform.Platform.EdgeHttpsPort, platform.CaRoot);
        using var secure = await tls.GetAsync(new Uri($"https://{host}:{platform.Platform.EdgeHttpsPort}/"));
        Assert.Equal("max-age=3600", Assert.Single(secure.Headers.GetValues("Strict-Transport-Security")));
    }

    private async Task WaitForIssuerAsync(string name, string issuer)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var (leaf, _) = await EdgeClient.HandshakeAsync(platform.Platform.EdgeHttpsPort, name, platform.CaRoot);
            using (leaf)
            {
                if (leaf.Issuer == issuer)
                {
                    return;
                }
                Assert.True(DateTime.UtcNow < deadline, $"The edge still served {leaf.Issuer} for {name}, not the attached certificate from {issuer}.");
            }
            await Task.Delay(100);
        }
    }
}
