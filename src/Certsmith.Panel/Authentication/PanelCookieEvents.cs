using Certsmith.Core.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace Certsmith.Panel.Authentication;

/// <summary>
/// Checks the signed-in user on every request, so a session ends at once instead of when its cookie expires: when the
/// user was disabled (or removed, or moved), when the user's session stamp changed since the session began (a new
/// password, "sign out everywhere"), or when the session began more than <see cref="PanelDefaults.SessionAbsoluteLifetime"/>
/// ago, however busy it stayed. One primary-key lookup per panel request. Thread-safe (no state of its own).
/// </summary>
internal sealed class PanelCookieEvents(ICertsmithStore store, TimeProvider time) : CookieAuthenticationEvents
{
    public override async Task ValidatePrincipal(CookieValidatePrincipalContext context)
    {
        var signedIn = PanelUser.From(context.Principal!);
        var user = signedIn is null ? null : await store.Tenants.GetUserAsync(signedIn.UserId, context.HttpContext.RequestAborted).ConfigureAwait(false);
        if (signedIn is null || user is null || user.DisabledAt is not null || user.TenantId != signedIn.TenantId
            || !string.Equals(user.SessionStamp, signedIn.SessionStamp, StringComparison.Ordinal)
            || time.GetUtcNow() - signedIn.IssuedAt >= PanelDefaults.SessionAbsoluteLifetime)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(PanelDefaults.Scheme).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// After signing in, a GET of the return URL follows: for a form sent when the session had ended, that is the page
    /// the form was on, not its handler (a GET of "?handler=Delete" would find no handler and answer 404).
    /// </summary>
    public override Task RedirectToLogin(RedirectContext<CookieAuthenticationOptions> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            var page = context.Request.PathBase + context.Request.Path;
            context.RedirectUri = QueryHelpers.AddQueryString(context.Options.LoginPath, context.Options.ReturnUrlParameter, page);
        }
        return base.RedirectToLogin(context);
    }
}
