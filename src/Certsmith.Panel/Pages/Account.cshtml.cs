using Certsmith.Core.Platform;
using Certsmith.Panel.Authentication;
using Certsmith.Panel.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;

namespace Certsmith.Panel.Pages;

/// <summary>
/// The signed-in person's own account: who they are, a new password (their other sessions end, this one goes on with
/// a fresh cookie), and "sign out everywhere". Open to every signed-in user, tenant's or admin.
/// </summary>
public sealed class AccountModel(UserService users, TenantService tenants, TimeProvider time) : PanelPageModel
{
    /// <summary>The current password typed (never shown again).</summary>
    [BindProperty]
    public string? CurrentPassword { get; set; }

    /// <summary>The new password typed (never shown again).</summary>
    [BindProperty]
    public string? NewPassword { get; set; }

    /// <summary>The new password typed again, against typing mistakes no one can see in a password field.</summary>
    [BindProperty]
    public string? RepeatPassword { get; set; }

    /// <summary>The tenant's name for a tenant's user; null for a platform admin.</summary>
    public string? TenantName { get; private set; }

    /// <summary>When this session began (signing in, or the last password change here).</summary>
    public DateTimeOffset SessionBegan => Me.IssuedAt;

    /// <summary>When this session ends at the latest, however busy it stays.</summary>
    public DateTimeOffset SessionEndsBy => Me.IssuedAt + PanelDefaults.SessionAbsoluteLifetime;

    /// <summary>Shows the page.</summary>
    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    /// <summary>
    /// Changes the password. Every session of the user ends with the new session stamp; this one is signed in again
    /// with it at once, so the person who just proved the password stays in.
    /// </summary>
    public Task<IActionResult> OnPostChangePasswordAsync(CancellationToken cancellationToken) =>
        ChangeAsync("password", ["currentPassword", "newPassword", "repeatPassword"], async () =>
        {
            // Checked first: a typing mistake is no reason to spend one of the throttle's attempts.
            if (!string.Equals(NewPassword ?? "", RepeatPassword ?? "", StringComparison.Ordinal))
            {
                throw new PlatformInputException(PlatformInputError.Invalid, "repeatPassword", "The two new passwords differ; type the same one twice.");
            }
            var user = await users.ChangePasswordAsync(Me.UserId, CurrentPassword, NewPassword, cancellationToken).ConfigureAwait(false);
            await HttpContext.SignInAsync(PanelDefaults.Scheme, PanelUser.Principal(user, PanelDefaults.Scheme, time.GetUtcNow())).ConfigureAwait(false);
            Notice = "Password changed. You are still signed in here; every other session of this account has ended.";
            return RedirectToPage();
        });

    /// <summary>Ends every session of the user, this one included, and goes to the sign-in page.</summary>
    public Task<IActionResult> OnPostEndSessionsAsync(CancellationToken cancellationToken) =>
        ChangeAsync("sessions", [], async () =>
        {
            await users.EndSessionsAsync(Me.UserId, cancellationToken).ConfigureAwait(false);
            await HttpContext.SignOutAsync(PanelDefaults.Scheme).ConfigureAwait(false);
            return LocalRedirect("/sign-in");
        });

    /// <inheritdoc />
    protected override async Task LoadAsync(CancellationToken cancellationToken)
    {
        TenantName = Me.TenantId is { } tenant ? (await tenants.GetTenantAsync(tenant, cancellationToken).ConfigureAwait(false)).Name : null;
    }
}
