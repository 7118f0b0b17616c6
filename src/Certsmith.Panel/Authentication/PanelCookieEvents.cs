using Certsmith.Core.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Certsmith.Panel.Authentication;

/// <summary>
/// Checks the signed-in user on every request: a user disabled (or removed, or moved) since signing in loses the
/// session at once instead of when the cookie expires. One indexed lookup per panel request.
/// </summary>
internal sealed class PanelCookieEvents(ICertsmithStore store) : CookieAuthenticationEvents
{
    public override async Task ValidatePrincipal(CookieValidatePrincipalContext context)
    {
        var signedIn = PanelUser.From(context.Principal!);
        var user = signedIn is null ? null : await store.Tenants.FindUserByEmailAsync(signedIn.Email, context.HttpContext.RequestAborted).ConfigureAwait(false);
        if (signedIn is null || user is null || user.Id != signedIn.UserId || user.DisabledAt is not null || user.TenantId != signedIn.TenantId)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(PanelDefaults.Scheme).ConfigureAwait(false);
        }
    }
}
