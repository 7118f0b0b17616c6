using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Certsmith.Panel.Pages;

/// <summary>Ends the session (POST only, with the antiforgery token: a link cannot sign anyone out).</summary>
public sealed class SignOutModel : PageModel
{
    /// <summary>A GET goes back to the panel.</summary>
    public IActionResult OnGet() => LocalRedirect("/");

    /// <summary>Signs out.</summary>
    public async Task<IActionResult> OnPostAsync()
    {
        await HttpContext.SignOutAsync(PanelDefaults.Scheme).ConfigureAwait(false);
        return LocalRedirect("/sign-in");
    }
}
