using Certsmith.Core.Platform;
using Certsmith.Core.Tenancy;
using Certsmith.Panel.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace Certsmith.Panel.Pages.Tenant;

/// <summary>The tenant's domains: add one, see the exact DNS record that proves it, check it again; delegations for wildcards.</summary>
public sealed class DomainsModel(PanelServices services, DelegationService delegations) : TenantPageModel(services)
{
    /// <summary>The domain name typed.</summary>
    [BindProperty]
    public string? Name { get; set; }

    /// <summary>"external" or "hostedZone".</summary>
    [BindProperty]
    public string? Kind { get; set; }

    /// <summary>The parent name of a new delegation.</summary>
    [BindProperty]
    public string? Parent { get; set; }

    /// <summary>The tenant's domains.</summary>
    public IReadOnlyList<Domain> Domains { get; private set; } = [];

    /// <summary>The tenant's challenge delegations.</summary>
    public IReadOnlyList<ChallengeDelegation> Delegations { get; private set; } = [];

    /// <summary>Shows the page.</summary>
    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    /// <summary>Adds a domain.</summary>
    public Task<IActionResult> OnPostAddAsync(CancellationToken cancellationToken) =>
        ChangeAsync("add", ["name", "kind"], async () =>
        {
            var kind = Kind switch
            {
                "hostedZone" => DomainKind.HostedZone,
                "external" or null or "" => DomainKind.External,
                _ => throw new PlatformInputException(PlatformInputError.Invalid, "kind", "Choose where the domain's DNS is."),
            };
            var domain = await Services.Domains.AddDomainAsync(TenantId, Name!, kind, IsAdmin, cancellationToken).ConfigureAwait(false);
            Notice = domain.State == DomainState.Proven ? $"{domain.Name.Value} added and proven." : $"{domain.Name.Value} added: create its record below to prove it.";
            return RedirectToPage();
        });

    /// <summary>Checks a domain's proof in DNS now.</summary>
    public Task<IActionResult> OnPostProveAsync(Guid domainId, CancellationToken cancellationToken) =>
        ChangeAsync($"prove-{domainId}", [], async () =>
        {
            var domain = await Services.Domains.ProveAsync(TenantId, domainId, cancellationToken).ConfigureAwait(false);
            Notice = domain.State == DomainState.Proven ? $"{domain.Name.Value} is proven." : $"{domain.Name.Value} is not proven yet: {domain.CheckError}";
            return RedirectToPage();
        });

    /// <summary>Asks for a delegation and shows its CNAME.</summary>
    public Task<IActionResult> OnPostDelegateAsync(CancellationToken cancellationToken) =>
        ChangeAsync("delegate", ["parent"], async () =>
        {
            var delegation = await delegations.AddAsync(TenantId, Parent, cancellationToken).ConfigureAwait(false);
            Notice = $"Create the CNAME record for *.{delegation.Parent.Value} shown below.";
            return RedirectToPage();
        });

    /// <summary>Looks for a delegation's CNAME now.</summary>
    public Task<IActionResult> OnPostCheckDelegationAsync(Guid delegationId, CancellationToken cancellationToken) =>
        ChangeAsync($"check-{delegationId}", [], async () =>
        {
            var delegation = await delegations.CheckAsync(TenantId, delegationId, cancellationToken).ConfigureAwait(false);
            Notice = delegation.Verified
                ? $"The CNAME for *.{delegation.Parent.Value} is in place: the wildcard can be requested."
                : $"The CNAME for *.{delegation.Parent.Value} is not there yet: {delegation.CheckError}";
            return RedirectToPage();
        });

    /// <inheritdoc />
    protected override async Task LoadAsync(CancellationToken cancellationToken)
    {
        Domains = await Services.Domains.ListDomainsAsync(TenantId, cancellationToken).ConfigureAwait(false);
        Delegations = await delegations.ListAsync(TenantId, cancellationToken).ConfigureAwait(false);
    }
}
