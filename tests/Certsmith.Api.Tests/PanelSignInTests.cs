using System.Net;

namespace Certsmith.Api.Tests;

/// <summary>
/// Issue 7, "Access control", the panel's front door: a wrong password says so and starts no session, repeated
/// failures wait, the sign-in page redirects only within the site, and its cookies are out of scripts' and other
/// sites' reach.
/// </summary>
public sealed class PanelSignInTests(PanelFixture fixture) : IClassFixture<PanelFixture>
{
    private const string WrongPassword = "wrong horse battery";

    [Fact]
    public async Task A_wrong_password_answers_401_with_the_reason_and_starts_no_session()
    {
        var b = await TenantWorld.CreateAsync(fixture.Host, fixture.Ca);
        using var visitor = new PanelSession(fixture.Host);

        using var response = await visitor.SignInAsync(b.UserEmail, WrongPassword);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("The e-mail or the password is not right.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("certsmith-session=", StringComparison.Ordinal)));
        Assert.False(visitor.HasSession);
        using var page = await visitor.GetAsync($"/t/{b.TenantId}");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
    }

    [Fact]
    public async Task After_five_free_failures_the_sixth_earns_a_wait_and_the_next_attempt_answers_429_even_with_the_right_password()
    {
        var b = await TenantWorld.CreateAsync(fixture.Host, fixture.Ca);
        using var visitor = new PanelSession(fixture.Host);

        for (var attempt = 1; attempt <= 6; attempt++)
        {
            using var failed = await visitor.SignInAsync(b.UserEmail, WrongPassword);
            Assert.True(failed.StatusCode == HttpStatusCode.Unauthorized, $"attempt {attempt}: {(int)failed.StatusCode}");
        }
        using (var throttled = await visitor.SignInAsync(b.UserEmail, TenantWorld.Password))
        {
            Assert.Equal((HttpStatusCode)429, throttled.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(1), throttled.Headers.RetryAfter?.Delta);
            Assert.Contains("Too many failed attempts", await throttled.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.False(visitor.HasSession);
        }

        // The wait passes (on the host's clock, not by sleeping): the right password signs in again.
        fixture.Clock.Advance(TimeSpan.FromSeconds(1));
        using var signedIn = await visitor.SignInAsync(b.UserEmail, TenantWorld.Password);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.True(visitor.HasSession);
    }

    [Theory]
    [InlineData("https://evil.example/")]
    [InlineData("//evil.example")]
    [InlineData("/\\evil.example")]
    [InlineData("https:/evil.example")]
    public async Task Sign_in_never_redirects_off_the_site(string returnUrl)
    {
        var b = await TenantWorld.CreateAsync(fixture.Host, fixture.Ca);
        using var visitor = new PanelSession(fixture.Host);

        using var response = await visitor.SignInAsync(b.UserEmail, TenantWorld.Password, returnUrl);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Sign_in_returns_to_the_page_on_this_site_that_sent_the_visitor()
    {
        var b = await TenantWorld.CreateAsync(fixture.Host, fixture.Ca);
        using var visitor = new PanelSession(fixture.Host);
        var sites = $"/t/{b.TenantId}/sites";

        using var response = await visitor.SignInAsync(b.UserEmail, TenantWorld.Password, sites);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(sites, response.Headers.Location?.OriginalString);
        await visitor.GetPageAsync(sites);
    }

    [Fact]
    public async Task The_session_and_antiforgery_cookies_are_http_only_and_same_site_strict()
    {
        var b = await TenantWorld.CreateAsync(fixture.Host, fixture.Ca);
        using var visitor = new PanelSession(fixture.Host);
        using var signInPage = await visitor.GetAsync("/sign-in");
        var antiforgery = SetCookie(signInPage, "certsmith-csrf");

        using var signedIn = await visitor.SignInAsync(b.UserEmail, TenantWorld.Password);
        var session = SetCookie(signedIn, "certsmith-session");

        foreach (var cookie in new[] { antiforgery, session })
        {
            var attributes = cookie.Split(';').Select(a => a.Trim().ToLowerInvariant()).ToList();
            Assert.Contains("httponly", attributes);
            Assert.Contains("samesite=strict", attributes);
        }
    }

    private static string SetCookie(HttpResponseMessage response, string name)
    {
        Assert.True(response.Headers.TryGetValues("Set-Cookie", out var cookies), $"no Set-Cookie for {name}");
        return Assert.Single(cookies, c => c.StartsWith(name + "=", StringComparison.Ordinal));
    }
}
