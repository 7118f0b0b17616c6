using Certsmith.Core.Platform;
using Certsmith.Panel.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace Certsmith.Panel.Pages.Admin;

/// <summary>The tenants, with their users; adding a tenant, and users to it.</summary>
public sealed class TenantsModel(TenantService tenants, UserService users) : AdminPageModel
{
    /// <summary>The new tenant's name.</summary>
    [BindProperty]
    public string? Name { get; set; }

    /// <summary>The tenant of a new user.</summary>
    [BindProperty]
    public Guid UserTenant { get; set; }

    /// <summary>A new user's e-mail.</summary>
    [BindProperty]
    public string? Email { get; set; }

    /// <summary>A new user's password (never shown again).</summary>
    [BindProperty]
    public string? Password { get; set; }

    /// <summary>The tenants.</summary>
    public IReadOnlyList<Core.Tenancy.Tenant> Tenants { get; private set; } = [];

    /// <summary>Each tenant's users' e-mails.</summary>
    public IReadOnlyDictionary<Guid, List<string>> Users { get; private set; } = new Dictionary<Guid, List<string>>();

    /// <summary>Shows the page.</summary>
    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    /// <summary>Adds a tenant.</summary>
    public Task<IActionResult> OnPostCreateAsync(CancellationToken cancellationToken) =>
        ChangeAsync("create", ["name"], async () =>
        {
            var tenant = await tenants.CreateTenantAsync(Name ?? "", null, cancellationToken).ConfigureAwait(false);
            Notice = $"Tenant {tenant.Name} added: add its first user below.";
            return RedirectToPage();
        });

    /// <summary>Adds a user to a tenant.</summary>
    public Task<IActionResult> OnPostAddUserAsync(CancellationToken cancellationToken) =>
        ChangeAsync("user", ["email", "password"], async () =>
        {
            var user = await users.CreateUserAsync(UserTenant, Email, Password, cancellationToken).ConfigureAwait(false);
            Notice = $"{user.Email} can sign in now.";
            return RedirectToPage();
        });

    /// <inheritdoc />
    protected override async Task LoadAsync(CancellationToken cancellationToken)
    {
        Tenants = await tenants.ListTenantsAsync(cancellationToken).ConfigureAwait(false);
        var byTenant = new Dictionary<Guid, List<string>>();
        foreach (var tenant in Tenants)
        {
            byTenant[tenant.Id] = (await users.ListUsersAsync(tenant.Id, cancellationToken).ConfigureAwait(false)).Where(u => u.DisabledAt is null).Select(u => u.Email).ToList();
        }
        Users = byTenant;
    }
}
