using Certsmith.Core.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

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
}
