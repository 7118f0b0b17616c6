using System.Net;
using System.Text.RegularExpressions;

namespace Certsmith.Api.Tests;

/// <summary>
/// The panel's Account page and what ends a session: a new password (this session goes on, every other one ends),
/// "sign out everywhere", and a session's absolute lifetime — on the host's clock, which the cookie handler reads too.
/// </summary>
public sealed partial class AccountTests(PanelFixture fixture) : IClassFixture<PanelFixture>
{
    private const string NewPassword = "a brand new password";

    [Fact]
    public async Task Changing_the_password_keeps_this_session_ends_the_others_and_only_the_new_password_signs_in()
    {
        var b = await TenantWorld.CreateAsync(fixture.Host, fixture.Ca);
        using var here = await PanelSession.SignInAsync(fixture.Host, b.UserEmail, TenantWorld.Password);
        using var elsewhere = await PanelSession.SignInAsync(fixture.Host, b.UserEmail, TenantWorld.Password);

        using (var changed = await ChangePasswordAsync(here, TenantWorld.Password, NewPassword, NewPassword))
        {
            Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
            Assert.Equal("/account", changed.Headers.Location?.OriginalString);
        }

        Assert.Contains("Password changed.", await here.GetPageAsync("/account"), StringComparison.Ordinal);
        await here.GetPageAsync($"/t/{b.TenantId}/sites");
        await AssertSignedOutAsync(elsewhere, $"/t/{b.TenantId}/sites");
        using (var old = await new PanelSession(fixture.Host).SignInAsync(b.UserEmail, TenantWorld.Password))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, old.StatusCode);
        }
        using var again = await PanelSession.SignInAsync(fixture.Host, b.UserEmail, NewPassword);
        await again.GetPageAsync($"/t/{b.TenantId}/sites");
    }

    [Fact]
    public async Task A_wrong_current_password_is_refused_next_to_its_field_and_changes_nothing()
    {
        var b = await TenantWorld.CreateAsync(fixture.Host, fixture.Ca);
        using var here = await PanelSession.SignInAsync(fixture.Host, b.UserEmail, TenantWorld.Password);
        using var elsewhere = await PanelSession.SignInAsync(fixture.Host, b.UserEmail, TenantWorld.Password);
        var before = await fixture.Host.Store.Tenants.GetUserAsync(Guid.Parse(b.UserId), CancellationToken.None);

        using (var refused = await ChangePasswordAsync(here, "not my password at all", NewPassword, NewPassword))
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            var page = await refused.Content.ReadAsStringAsync();
            Assert.Equal("That is not your current password.", FieldError(page, "currentPassword"));
            Assert.Contains("id=\"currentPassword\" name=\"currentPassword\" type=\"password\" autocomplete=\"current-password\" aria-describedby=\"currentPassword-error\" aria-invalid=\"true\"", page, StringComparison.Ordinal);
            Assert.DoesNotContain(NewPassword, page, StringComparison.Ordinal);
        }
        using (var mismatch = await ChangePasswordAsync(here, TenantWorld.Password, NewPassword, NewPassword + "!"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, mismatch.StatusCode);
            Assert.Equal("The two new passwords differ; type the same one twice.", FieldError(await mismatch.Content.ReadAsStringAsync(), "repeatPassword"));
        }
        using (var same = await ChangePasswordAsync(here, TenantWorld.Password, TenantWorld.Password, TenantWorld.Password))
        {
            Assert.Equal(HttpStatusCode.BadRequest, same.StatusCode);
            Assert.NotNull(FieldError(await same.Content.ReadAsStringAsync(), "newPassword"));
        }
        using (var tooShort = await ChangePasswordAsync(here, TenantWorld.Password, "short", "short"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, tooShort.StatusCode);
            Assert.Equal("A password has at least 12 characters.", FieldError(await tooShort.Content.ReadAsStringAsync(), "newPassword"));
        }

        Assert.Equal(before, await fixture.Host.Store.Tenants.GetUserAsync(Guid.Parse(b.UserId), CancellationToken.None));
        await here.GetPageAsync("/account");
        await elsewhere.GetPageAsync("/account");
    }

    [Fact]
    public async Task Guessing_the_current_password_is_throttled_like_signing_in()
    {
        var b = await TenantWorld.CreateAsync(fixture.Host, fixture.Ca);
        using var here = await PanelSession.SignInAsync(fixture.Host, b.UserEmail, TenantWorld.Password);

        for (var guess = 1; guess <= 6; guess++)
        {
            using var wrong = await ChangePasswordAsync(here, $"guess number {guess}", NewPassword, NewPassword);
            Assert.Equal("That is not your current password.", FieldError(await wrong.Content.ReadAsStringAsync(), "currentPassword"));
        }
        // The sixth wrong guess earned a wait: even the right password is refused until it passes, here and at sign-in.
        using (var throttled = await ChangePasswordAsync(here, TenantWorld.Password, NewPassword, NewPassword))
        {
            Assert.Equal(HttpStatusCode.BadRequest, throttled.StatusCode);
            Assert.StartsWith("Too many wrong passwords", FieldError(await throttled.Content.ReadAsStringAsync(), "currentPassword"), StringComparison.Ordinal);
        }
        using (var signIn = await new PanelSession(fixture.Host).SignInAsync(b.UserEmail, TenantWorld.Password))
        {
            Assert.Equal((HttpStatusCode)429, signIn.StatusCode);
        }

        fixture.Clock.Advance(TimeSpan.FromSeconds(1));
        using var changed = await ChangePasswordAsync(here, TenantWorld.Password, NewPassword, NewPassword);
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
    }

    [Fact]
    public async Task Sign_out_everywhere_ends_every_session_of_the_user_this_one_included_and_no_one_elses()
    {
        var b = await TenantWorld.CreateAsync(fixture.Host, fixture.Ca);
        var c = await TenantWorld.CreateAsync(fixture.Host, fixture.Ca);
        using var here = await PanelSession.SignInAsync(fixture.Host, b.UserEmail, TenantWorld.Password);
        using var elsewhere = await PanelSession.SignInAsync(fixture.Host, b.UserEmail, TenantWorld.Password);
        using var someoneElse = await PanelSession.SignInAsync(fixture.Host, c.UserEmail, TenantWorld.Password);

        using (var ended = await here.PostFormAsync("/account?handler=EndSessions", [], tokenPage: "/account"))
        {
            Assert.Equal(HttpStatusCode.Redirect, ended.StatusCode);
            Assert.Equal("/sign-in", ended.Headers.Location?.OriginalString);
        }

        await AssertSignedOutAsync(here, "/account");
        await AssertSignedOutAsync(elsewhere, $"/t/{b.TenantId}");
        await someoneElse.GetPageAsync($"/t/{c.TenantId}");
        // The password still works: a new session begins as usual.
        using var again = await PanelSession.SignInAsync(fixture.Host, b.UserEmail, TenantWorld.Password);
        await again.GetPageAsync("/account");
    }

    [Fact]
    public async Task A_session_in_use_all_day_ends_a_day_after_signing_in()
    {
        var b = await TenantWorld.CreateAsync(fixture.Host, fixture.Ca);
        using var session = await PanelSession.SignInAsync(fixture.Host, b.UserEmail, TenantWorld.Password);
        var overview = $"/t/{b.TenantId}";

        // Used every 7 hours, within the 8-hour idle timeout each time, the cookie is renewed and goes on…
        for (var hours = 7; hours <= 21; hours += 7)
        {
            fixture.Clock.Advance(TimeSpan.FromHours(7));
            await session.GetPageAsync(overview);
        }
        // …until 24 hours after signing in, however fresh the cookie.
        fixture.Clock.Advance(TimeSpan.FromHours(3));
        await AssertSignedOutAsync(session, overview);
        using var again = await PanelSession.SignInAsync(fixture.Host, b.UserEmail, TenantWorld.Password);
        await again.GetPageAsync(overview);
    }

    [Fact]
    public async Task A_session_unused_for_longer_than_the_idle_timeout_ends_on_the_hosts_clock()
    {
        var b = await TenantWorld.CreateAsync(fixture.Host, fixture.Ca);
        using var session = await PanelSession.SignInAsync(fixture.Host, b.UserEmail, TenantWorld.Password);

        // Only the fake clock moves: the cookie handler reads the host's TimeProvider, not the machine's clock.
        fixture.Clock.Advance(TimeSpan.FromHours(8) + TimeSpan.FromMinutes(1));

        // An expired cookie is merely ignored (the handler does not delete it), so only the redirect tells.
        await AssertSignedOutAsync(session, $"/t/{b.TenantId}", cookieDeleted: false);
    }

    [Fact]
    public async Task The_account_page_says_who_is_signed_in_and_labels_every_field()
    {
        var b = await TenantWorld.CreateAsync(fixture.Host, fixture.Ca);
        using var session = await PanelSession.SignInAsync(fixture.Host, b.UserEmail, TenantWorld.Password);

        var page = await session.GetPageAsync("/account");

        Assert.Contains(b.UserEmail, page, StringComparison.Ordinal);
        Assert.Contains("<a href=\"/account\" aria-current=\"page\">Account</a>", page, StringComparison.Ordinal);
        foreach (var (field, autocomplete) in new[] { ("currentPassword", "current-password"), ("newPassword", "new-password"), ("repeatPassword", "new-password") })
        {
            Assert.Contains($"<label for=\"{field}\">", page, StringComparison.Ordinal);
            Assert.Contains($"id=\"{field}\" name=\"{field}\" type=\"password\" autocomplete=\"{autocomplete}\" aria-describedby=\"{field}-error\"", page, StringComparison.Ordinal);
            Assert.Contains($"id=\"{field}-error\"", page, StringComparison.Ordinal);
        }
        Assert.Contains("Sign out everywhere", page, StringComparison.Ordinal);
        // Every other page links to it too.
        Assert.Contains("<a href=\"/account\" aria-current=\"false\">Account</a>", await session.GetPageAsync($"/t/{b.TenantId}/sites"), StringComparison.Ordinal);
    }

    private static Task<HttpResponseMessage> ChangePasswordAsync(PanelSession session, string current, string next, string repeat) =>
        session.PostFormAsync("/account?handler=ChangePassword", [new("currentPassword", current), new("newPassword", next), new("repeatPassword", repeat)], tokenPage: "/account");

    /// <summary>The error shown under a field of the page, or null.</summary>
    private static string? FieldError(string page, string field)
    {
        var match = Regex.Match(page, $"<p class=\"error field\" id=\"{field}-error\" role=\"alert\">(?<text>[^<]*)</p>");
        Assert.True(match.Success, $"no error element for {field}");
        return match.Groups["text"].Value is { Length: > 0 } text ? System.Net.WebUtility.HtmlDecode(text) : null;
    }

    /// <summary>The session is over: a page sends it to sign in, and (when the panel refused it) its cookie is gone.</summary>
    private async Task AssertSignedOutAsync(PanelSession session, string page, bool cookieDeleted = true)
    {
        using var response = await session.GetAsync(page);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"GET {page}: {(int)response.StatusCode}");
        Assert.Equal("/sign-in", new Uri(fixture.Host.BaseAddress, response.Headers.Location!).AbsolutePath);
        if (cookieDeleted)
        {
            Assert.False(session.HasSession, "the session cookie outlived its session");
        }
    }
}
