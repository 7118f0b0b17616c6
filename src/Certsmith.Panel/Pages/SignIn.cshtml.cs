using System.Globalization;
using Certsmith.Core.Platform;
using Certsmith.Panel.Authentication;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Certsmith.Panel.Pages;

/// <summary>
/// Sign-in with an e-mail and a password. A wrong e-mail, a wrong password and a disabled user get the same answer;
/// after repeated failures the address must wait (UserService throttles), and the page says how long.
/// </summary>
public sealed class SignInModel(UserService users, TimeProvider time) : PageModel
{
    /// <summary>The e-mail typed (shown again after a failure).</summary>
    [BindProperty]
    public string? Email { get; set; }

    /// <summary>The password typed (never shown again).</summary>
    [BindProperty]
    public string? Password { get; set; }

    /// <summary>Where to go after signing in: a path on this site only.</summary>
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    /// <summary>Why the last attempt failed.</summary>
    public string? Error { get; private set; }

    /// <summary>Checks the e-mail and password and starts a session.</summary>
    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        // The per-client throttle counts remote clients only: a loopback peer is this machine (the local run, or a proxy on
        // it whose clients are not told apart unless Certsmith:TrustedProxies is set), and throttling it would lock out everyone.
        var remote = HttpContext.Connection.RemoteIpAddress;
        var client = remote is null || System.Net.IPAddress.IsLoopback(remote) ? null : remote.ToString();
        var result = await users.SignInAsync(Email, Password, client, cancellationToken).ConfigureAwait(false);
        if (result.User is not { } user)
        {
            Error = result.RetryAfter is { } wait
                ? $"Too many failed attempts for this e-mail address. Try again in {Math.Ceiling(wait.TotalSeconds).ToString(CultureInfo.InvariantCulture)} seconds."
                : "The e-mail or the password is not right.";
            Response.StatusCode = result.RetryAfter is null ? StatusCodes.Status401Unauthorized : StatusCodes.Status429TooManyRequests;
            if (result.RetryAfter is { } retry)
            {
                Response.Headers.RetryAfter = Math.Ceiling(retry.TotalSeconds).ToString(CultureInfo.InvariantCulture);
            }
            return Page();
        }
        await HttpContext.SignInAsync(PanelDefaults.Scheme, PanelUser.Principal(user, PanelDefaults.Scheme, time.GetUtcNow())).ConfigureAwait(false);
        // Only a local path: "//evil.example" or "https://…" would make the sign-in page an open redirect.
        var target = ReturnUrl is { Length: > 0 } url && Url.IsLocalUrl(url) ? url : "/";
        return LocalRedirect(target);
    }
}
