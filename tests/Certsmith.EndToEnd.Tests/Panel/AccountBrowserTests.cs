using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Certsmith.EndToEnd.Tests.Panel;

/// <summary>
/// The Account page in Debian's Chromium, against the whole platform: reached from the header, a refused password
/// change shown next to its field, a new password that keeps the person signed in, and "sign out everywhere" — each
/// state checked with axe-core and kept as a screenshot.
/// </summary>
[Collection(nameof(PanelBrowserCollection))]
public sealed class AccountBrowserTests(PanelPlatformFixture fixture, BrowserFixture browser) : IClassFixture<PanelPlatformFixture>, IClassFixture<BrowserFixture>
{
    private readonly PlatformFixture platform = fixture.Platform;

    [Fact]
    public async Task A_user_changes_the_password_on_the_account_page_and_signs_out_everywhere()
    {
        var tenant = (string)(await platform.PostAsync("/api/v1/tenants", new { name = $"tenant-{Guid.NewGuid():N}" }))["id"]!;
        var email = $"user-{Guid.NewGuid():N}@example.com";
        const string password = "correct horse battery staple";
        const string newPassword = "a new password for the panel";
        await platform.PostAsync($"/api/v1/tenants/{tenant}/users", new { email, password });
        await using var panel = await PanelBrowser.SignInAsync(browser.Chromium, platform.Platform.ApiUri, email, password, "account");

        await panel.Page.GetByRole(AriaRole.Link, new() { Name = "Account", Exact = true }).ClickAsync();
        await Expect(panel.Page.GetByRole(AriaRole.Heading, new() { Name = "Account", Exact = true })).ToBeVisibleAsync();
        await Expect(panel.Page.Locator("main")).ToContainTextAsync(email);
        await panel.ScreenshotAsync("account");

        await panel.FillAsync("Current password", "not the password");
        await panel.Page.Locator("#newPassword").FillAsync(newPassword);
        await panel.FillAsync("New password again", newPassword);
        await panel.ClickAsync("Change password");
        await Expect(panel.Page.Locator("#currentPassword-error")).ToHaveTextAsync("That is not your current password.");
        await Expect(panel.Page.GetByLabel("Current password", new() { Exact = true })).ToHaveAttributeAsync("aria-invalid", "true");
        await panel.ScreenshotAsync("account-refused");

        await panel.FillAsync("Current password", password);
        await panel.Page.Locator("#newPassword").FillAsync(newPassword);
        await panel.FillAsync("New password again", newPassword);
        await panel.ClickAsync("Change password");
        await panel.ExpectNoticeAsync("Password changed");
        await panel.GoAsync($"/t/{tenant}");

        await panel.GoAsync("/account");
        await panel.ClickAsync("Sign out everywhere");
        await Expect(panel.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/sign-in"));
        await panel.Page.GotoAsync($"/t/{tenant}");
        await Expect(panel.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/sign-in"));

        await using var again = await PanelBrowser.SignInAsync(browser.Chromium, platform.Platform.ApiUri, email, newPassword, "account-again");
    }
}
