using Certsmith.Panel.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Certsmith.Panel.Pages;

/// <summary>The panel's front door: a tenant's user goes to its tenant, a platform admin to the platform view.</summary>
public sealed class IndexModel : PageModel
{
    /// <summary>Redirects.</summary>
    public IActionResult OnGet()
    {
        var me = PanelUser.From(User);
        return me is null ? LocalRedirect("/sign-in") : LocalRedirect(me.TenantId is { } tenant ? $"/t/{tenant}" : "/admin");
    }
}
