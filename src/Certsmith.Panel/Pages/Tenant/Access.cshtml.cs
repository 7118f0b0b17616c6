using Certsmith.Core.Tenancy;
using Certsmith.Panel.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace Certsmith.Panel.Pages.Tenant;

/// <summary>
/// The tenant's people and programs: users who sign in (add, disable) and API tokens (make — the secret is shown once,
/// on the answer to the form, never stored readable — and revoke).
/// </summary>
public sealed class AccessModel(PanelServices services) : TenantPageModel(services)
{
    /// <summary>A new user's e-mail.</summary>
    [BindProperty]
    public string? Email { get; set; }

    /// <summary>A new user's password (never shown again).</summary>
    [BindProperty]
    public string? Password { get; set; }

    /// <summary>A new token's name.</summary>
    [BindProperty]
    public string? TokenName { get; set; }

    /// <summary>The tenant's users.</summary>
    public IReadOnlyList<User> Users { get; private set; } = [];

    /// <summary>The tenant's tokens (names and dates; never a secret).</summary>
    public IReadOnlyList<ApiToken> Tokens { get; private set; } = [];

    /// <summary>The secret of the token just made, shown in this one answer only.</summary>
    public string? NewSecret { get; private set; }

    /// <summary>The name of the token just made.</summary>
    public string? NewTokenName { get; private set; }

    /// <summary>Shows the page.</summary>
    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    /// <summary>Adds a user.</summary>
    public Task<IActionResult> OnPostAddUserAsync(CancellationToken cancellationToken) =>
        ChangeAsync("user", ["email", "password"], async () =>
        {
            var user = await Services.Users.CreateUserAsync(TenantId, Email, Password, cancellationToken).ConfigureAwait(false);
            Notice = $"{user.Email} can sign in now.";
            return RedirectToPage();
        });

    /// <summary>Disables a user; their session ends with their next request.</summary>
    public Task<IActionResult> OnPostDisableUserAsync(Guid userId, CancellationToken cancellationToken) =>
        ChangeAsync("disable", [], async () =>
        {
            var user = await Services.Users.DisableUserAsync(TenantId, userId, cancellationToken).ConfigureAwait(false);
            Notice = $"{user.Email} is disabled.";
            return RedirectToPage();
        });

    /// <summary>Makes a token and shows its secret once (no redirect: the secret lives in this answer only).</summary>
    public Task<IActionResult> OnPostCreateTokenAsync(CancellationToken cancellationToken) =>
        ChangeAsync("token", ["name"], async () =>
        {
            var (token, secret) = await Services.Tenants.CreateTokenAsync(TenantId, TokenName ?? "", cancellationToken).ConfigureAwait(false);
            NewSecret = secret;
            NewTokenName = token.Name;
            TokenName = null;
            await LoadAsync(cancellationToken).ConfigureAwait(false);
            return Page();
        });

    /// <summary>Revokes a token: programs using it are refused from their next request.</summary>
    public Task<IActionResult> OnPostRevokeTokenAsync(Guid tokenId, CancellationToken cancellationToken) =>
        ChangeAsync("token", [], async () =>
        {
            var token = await Services.Tenants.RevokeTokenAsync(TenantId, tokenId, cancellationToken).ConfigureAwait(false);
            Notice = $"Token {token.Name} revoked.";
            return RedirectToPage();
        });

    /// <inheritdoc />
    protected override async Task LoadAsync(CancellationToken cancellationToken)
    {
        Users = await Services.Users.ListUsersAsync(TenantId, cancellationToken).ConfigureAwait(false);
        Tokens = await Services.Tenants.ListTokensAsync(TenantId, cancellationToken).ConfigureAwait(false);
    }
}
