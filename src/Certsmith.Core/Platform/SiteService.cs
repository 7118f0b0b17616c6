using Certsmith.Core.Certificates;
using Certsmith.Core.Policy;
using Certsmith.Core.Storage;
using Certsmith.Core.Tenancy;

namespace Certsmith.Core.Platform;

/// <summary>Sites and their addresses; every address change runs the certificate policy. Thread-safe.</summary>
public sealed class SiteService(ICertsmithStore store, PolicyRunner policy, BackendValidator backends, EventRecorder events, TimeProvider time)
{
    private const int MaxNameLength = 100;

    /// <summary>Creates a site, optionally with a backend (checked now).</summary>
    public async Task<Site> CreateSiteAsync(Guid tenantId, string name, string? backend, CancellationToken cancellationToken)
    {
        name = ValidateName(name);
        var backendUrl = backend is null ? null : await backends.ValidateAsync(backend, cancellationToken).ConfigureAwait(false);
        if (await store.Tenants.GetTenantAsync(tenantId, cancellationToken).ConfigureAwait(false) is null)
        {
            throw PlatformInputException.NotFound("tenant");
        }
        var site = new Site(Guid.NewGuid(), tenantId, name, backendUrl, ForceHttps: false, HstsMaxAge: null, time.GetUtcNow());
        try
        {
            await store.Sites.AddSiteAsync(site, cancellationToken).ConfigureAwait(false);
        }
        catch (StoreConflictException)
        {
            throw new PlatformInputException(PlatformInputError.Conflict, "name", $"You already have a site named \"{name}\".");
        }
        return site;
    }

    /// <summary>A tenant's site, or not-found (also when it is another tenant's).</summary>
    public async Task<Site> GetSiteAsync(Guid tenantId, Guid siteId, CancellationToken cancellationToken)
    {
        var site = await store.Sites.GetSiteAsync(siteId, cancellationToken).ConfigureAwait(false);
        return site is not null && site.TenantId == tenantId ? site : throw PlatformInputException.NotFound("site");
    }

    /// <summary>Changes a site's backend (checked now); null serves the built-in page.</summary>
    public async Task<Site> SetBackendAsync(Guid tenantId, Guid siteId, string? backend, CancellationToken cancellationToken)
    {
        var site = await GetSiteAsync(tenantId, siteId, cancellationToken).ConfigureAwait(false);
        var url = backend is null ? null : await backends.ValidateAsync(backend, cancellationToken).ConfigureAwait(false);
        var updated = site with { Backend = url };
        await store.Sites.UpdateSiteAsync(updated, cancellationToken).ConfigureAwait(false);
        return updated;
    }

    /// <summary>The longest HSTS max-age accepted: two years (browsers cap it there; hstspreload.org asks for one).</summary>
    public static readonly TimeSpan MaxHstsMaxAge = TimeSpan.FromDays(730);

    /// <summary>
    /// Sets a site's HTTPS settings (issue 7, "Force HTTPS and HSTS"): force HTTPS (plain HTTP redirected with 308 once
    /// a valid certificate is served for the host), and opt-in HSTS with a max-age, <c>includeSubDomains</c> and
    /// <c>preload</c> only when chosen. Refused with the field: a negative or over-long max-age, flags without a
    /// max-age, preload without includeSubDomains or under a year (what browsers' preload lists require).
    /// </summary>
    public async Task<Site> SetHttpsAsync(Guid tenantId, Guid siteId, bool forceHttps, long? hstsMaxAgeSeconds, bool includeSubDomains, bool preload, CancellationToken cancellationToken)
    {
        if (hstsMaxAgeSeconds is { } seconds && (seconds < 0 || seconds > (long)MaxHstsMaxAge.TotalSeconds))
        {
            throw new PlatformInputException(PlatformInputError.Invalid, "hstsMaxAgeSeconds", $"The HSTS max-age is 0 to {(long)MaxHstsMaxAge.TotalSeconds} seconds (two years); 0 tells browsers to forget it.");
        }
        if (hstsMaxAgeSeconds is null && (includeSubDomains || preload))
        {
            throw new PlatformInputException(PlatformInputError.Invalid, "hstsMaxAgeSeconds", "includeSubDomains and preload need an HSTS max-age.");
        }
        if (preload && (!includeSubDomains || hstsMaxAgeSeconds < 31_536_000))
        {
            throw new PlatformInputException(PlatformInputError.Invalid, "hstsPreload", "Preload needs includeSubDomains and a max-age of at least 31536000 seconds (one year), as browsers' preload lists require.");
        }
        var site = await GetSiteAsync(tenantId, siteId, cancellationToken).ConfigureAwait(false);
        var updated = site with
        {
            ForceHttps = forceHttps,
            HstsMaxAge = hstsMaxAgeSeconds is { } s ? TimeSpan.FromSeconds(s) : null,
            HstsIncludeSubDomains = includeSubDomains,
            HstsPreload = preload,
        };
        await store.Sites.UpdateSiteAsync(updated, cancellationToken).ConfigureAwait(false);
        await events.RecordAsync(tenantId, null, null, "site.https",
            $"Site {site.Name}: force HTTPS {(forceHttps ? "on" : "off")}, HSTS {updated.HstsHeader ?? "off"}.", cancellationToken).ConfigureAwait(false);
        return updated;
    }

    /// <summary>
    /// Adds an address to a site. Refused with the reason: a malformed name, a wildcard, a name outside the
    /// tenant's domains or under one not yet proven, a name already in use ("that name is not available").
    /// Then runs the policy, which assigns or orders a certificate.
    /// </summary>
    public async Task<SiteAddress> AddAddressAsync(Guid tenantId, Guid siteId, string name, CancellationToken cancellationToken)
    {
        var site = await GetSiteAsync(tenantId, siteId, cancellationToken).ConfigureAwait(false);
        var dns = DomainService.ParseName(name, "name");
        var domain = await store.Domains.FindHoldingDomainAsync(tenantId, dns, cancellationToken).ConfigureAwait(false)
            ?? throw new PlatformInputException(PlatformInputError.Invalid, "name", $"{dns} is not under one of your domains; add its domain first.");
        if (domain.State != DomainState.Proven)
        {
            throw new PlatformInputException(PlatformInputError.Invalid, "name", $"{dns} is under {domain.Name}, which is not proven yet.");
        }
        SiteAddress address;
        try
        {
            address = await store.Sites.AddAddressAsync(site.Id, tenantId, dns, Guid.NewGuid(), time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        }
        catch (StoreConflictException)
        {
            throw new PlatformInputException(PlatformInputError.Conflict, "name", $"{dns}: that name is not available.");
        }
        await events.RecordAsync(tenantId, null, address.Id, "address.added", $"{dns} added to site {site.Name}.", cancellationToken).ConfigureAwait(false);
        await policy.RunAsync(address, cancellationToken).ConfigureAwait(false);
        return address;
    }

    /// <summary>Removes an address; a certificate no address uses any more is retired (not renewed, not served).</summary>
    public async Task RemoveAddressAsync(Guid tenantId, Guid addressId, CancellationToken cancellationToken)
    {
        var address = await store.Sites.GetAddressAsync(addressId, cancellationToken).ConfigureAwait(false);
        if (address is null || address.TenantId != tenantId)
        {
            throw PlatformInputException.NotFound("address");
        }
        var assignment = await store.Certificates.GetAssignmentAsync(addressId, cancellationToken).ConfigureAwait(false);
        await store.Sites.RemoveAddressAsync(addressId, cancellationToken).ConfigureAwait(false);
        await events.RecordAsync(tenantId, assignment?.CertificateId, addressId, "address.removed", $"{address.Name} removed.", cancellationToken).ConfigureAwait(false);
        if (assignment is not null)
        {
            await RetireIfUnusedAsync(assignment.CertificateId, cancellationToken).ConfigureAwait(false);
            if (assignment.WaitingFor is { } wildcard)
            {
                await RetireIfUnusedAsync(wildcard, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Removes a site and its addresses, retiring certificates nobody uses any more.</summary>
    public async Task RemoveSiteAsync(Guid tenantId, Guid siteId, CancellationToken cancellationToken)
    {
        await GetSiteAsync(tenantId, siteId, cancellationToken).ConfigureAwait(false);
        var addresses = await store.Sites.ListAddressesAsync(siteId, cancellationToken).ConfigureAwait(false);
        var certificates = new HashSet<Guid>();
        foreach (var address in addresses)
        {
            if (await store.Certificates.GetAssignmentAsync(address.Id, cancellationToken).ConfigureAwait(false) is { } a)
            {
                certificates.Add(a.CertificateId);
                if (a.WaitingFor is { } wildcard)
                {
                    certificates.Add(wildcard);
                }
            }
        }
        await store.Sites.RemoveSiteAsync(siteId, cancellationToken).ConfigureAwait(false);
        foreach (var id in certificates)
        {
            await RetireIfUnusedAsync(id, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Start-up reconcile (DESIGN.md: the policy also runs at start-up): every address without a live
    /// assignment gets a decision, in the store's order of additions; every wanted certificate is queued.
    /// </summary>
    public async Task ReconcileAsync(CancellationToken cancellationToken)
    {
        // Three reads in all, then the policy only where an address lacks a live assignment (after a crash
        // between adding an address and deciding), not once per address of the platform.
        var assignments = (await store.Certificates.ListAssignmentsAsync(null, cancellationToken).ConfigureAwait(false)).ToDictionary(a => a.AddressId);
        var certificates = (await store.Certificates.ListCertificatesAsync(null, cancellationToken).ConfigureAwait(false)).ToDictionary(c => c.Id);
        foreach (var address in await store.Sites.ListAllAddressesAsync(null, cancellationToken).ConfigureAwait(false))
        {
            if (!assignments.TryGetValue(address.Id, out var assignment)
                || !certificates.TryGetValue(assignment.CertificateId, out var assigned) || assigned.State == CertificateState.Retired)
            {
                await policy.RunAsync(address, cancellationToken).ConfigureAwait(false);
            }
        }

        // Addresses still on a wildcard marked unobtainable (a fallback cut short by a crash) get their stand-ins.
        var assignedIds = assignments.Values.Select(a => a.CertificateId).ToHashSet();
        foreach (var stuck in certificates.Values.Where(c => c.Unobtainable && c.State != CertificateState.Retired && assignedIds.Contains(c.Id)).ToList())
        {
            await policy.FallBackAsync(stuck.Id, stuck.LastError ?? "it could not be obtained", cancellationToken).ConfigureAwait(false);
        }

        // Addresses still on stand-ins although their wildcard was issued (a crash between the two) move onto it.
        foreach (var wildcardId in assignments.Values.Where(a => a.WaitingFor is not null).Select(a => a.WaitingFor!.Value).Distinct().ToList())
        {
            if (certificates.TryGetValue(wildcardId, out var wildcard) && wildcard.State == CertificateState.Valid)
            {
                await policy.WildcardIssuedAsync(wildcard, cancellationToken).ConfigureAwait(false);
            }
        }

        // Every used managed certificate has its queue item: the next attempt while wanted, its renewal timer once
        // issued (enqueueing is idempotent and only ever moves an item earlier).
        var used = assignedIds
            .Concat(assignments.Values.Where(a => a.WaitingFor is not null).Select(a => a.WaitingFor!.Value))
            .Concat(certificates.Values.Where(c => c.Requested).Select(c => c.Id))
            .ToHashSet();
        var now = time.GetUtcNow();
        foreach (var certificate in certificates.Values.Where(c => c.Kind == CertificateKind.Managed && c.State != CertificateState.Retired && used.Contains(c.Id)))
        {
            var due = certificate.State == CertificateState.Valid
                ? Earliest(certificate.RenewAt, certificate.AriNextPollAt) ?? now
                : certificate.NextAttemptAt ?? now;
            await store.Queue.EnqueueAsync(WorkKinds.Issue, certificate.Id, due, cancellationToken).ConfigureAwait(false);
        }
    }

    private static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a < b ? a : b;

    /// <summary>A tenant's sites, by name.</summary>
    public Task<IReadOnlyList<Site>> ListSitesAsync(Guid tenantId, CancellationToken cancellationToken) => store.Sites.ListSitesAsync(tenantId, cancellationToken);

    /// <summary>Every address of a tenant, across its sites (one query, not one per site).</summary>
    public Task<IReadOnlyList<SiteAddress>> ListTenantAddressesAsync(Guid tenantId, CancellationToken cancellationToken) =>
        store.Sites.ListAllAddressesAsync(tenantId, cancellationToken);

    /// <summary>The tenant's addresses that have a custom certificate attached (one query; a handful among thousands).</summary>
    public Task<IReadOnlyList<SiteAddress>> ListAttachedAddressesAsync(Guid tenantId, CancellationToken cancellationToken) =>
        store.Sites.ListAttachedAddressesAsync(tenantId, cancellationToken);

    /// <summary>A tenant's site's addresses, by sequence; not-found when the site is someone else's.</summary>
    public async Task<IReadOnlyList<SiteAddress>> ListAddressesAsync(Guid tenantId, Guid siteId, CancellationToken cancellationToken)
    {
        await GetSiteAsync(tenantId, siteId, cancellationToken).ConfigureAwait(false);
        return await store.Sites.ListAddressesAsync(siteId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A tenant's address, or not-found (also when it is another tenant's).</summary>
    public async Task<SiteAddress> GetAddressAsync(Guid tenantId, Guid addressId, CancellationToken cancellationToken)
    {
        var address = await store.Sites.GetAddressAsync(addressId, cancellationToken).ConfigureAwait(false);
        return address is not null && address.TenantId == tenantId ? address : throw PlatformInputException.NotFound("address");
    }

    private Task<bool> RetireIfUnusedAsync(Guid certificateId, CancellationToken cancellationToken) => policy.RetireIfUnusedAsync(certificateId, cancellationToken);

    private static string ValidateName(string? name)
    {
        name = name?.Trim();
        return string.IsNullOrEmpty(name) || name.Length > MaxNameLength || name.Any(char.IsControl)
            ? throw new PlatformInputException(PlatformInputError.Invalid, "name", $"A site name is 1 to {MaxNameLength} printable characters.")
            : name;
    }
}
