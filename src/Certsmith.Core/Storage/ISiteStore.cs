using Certsmith.Core.Names;
using Certsmith.Core.Tenancy;

namespace Certsmith.Core.Storage;

/// <summary>
/// Sites and their addresses. An address name is unique on the whole platform while it lives; the store
/// gives each new address the next value of one platform-wide sequence. Thread-safe; every method atomic.
/// </summary>
public interface ISiteStore
{
    /// <summary>Adds a site; a name the tenant already uses throws <see cref="StoreConflictException"/>.</summary>
    Task AddSiteAsync(Site site, CancellationToken cancellationToken);

    /// <summary>The site, or null.</summary>
    Task<Site?> GetSiteAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>A tenant's sites (every tenant's for null), by name.</summary>
    Task<IReadOnlyList<Site>> ListSitesAsync(Guid? tenantId, CancellationToken cancellationToken);

    /// <summary>Replaces a site's settings; false when there is no such site.</summary>
    Task<bool> UpdateSiteAsync(Site site, CancellationToken cancellationToken);

    /// <summary>Removes a site and its addresses (and their assignments); false when there is no such site.</summary>
    Task<bool> RemoveSiteAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>
    /// Adds an address with the next sequence value and returns it as stored. A name that any live address
    /// already has throws <see cref="StoreConflictException"/>.
    /// </summary>
    Task<SiteAddress> AddAddressAsync(Guid siteId, Guid tenantId, DnsName name, Guid id, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>How many of the tenant's live addresses lie one label below <paramref name="parent"/>, added up to <paramref name="upToSequence"/>.</summary>
    Task<int> CountChildrenAsync(Guid tenantId, DnsName parent, long upToSequence, CancellationToken cancellationToken);

    /// <summary>Detaches a custom certificate from every address it is attached to; returns how many.</summary>
    Task<int> DetachCustomCertificateAsync(Guid certificateId, CancellationToken cancellationToken);

    /// <summary>Attaches a custom certificate to an address (null detaches); false when there is no such address.</summary>
    Task<bool> SetCustomCertificateAsync(Guid addressId, Guid? certificateId, CancellationToken cancellationToken);

    /// <summary>The tenant's live addresses one label below <paramref name="parent"/> (what <c>*.parent</c> covers), by sequence.</summary>
    Task<IReadOnlyList<SiteAddress>> ListChildrenAsync(Guid tenantId, DnsName parent, CancellationToken cancellationToken);

    /// <summary>Removes an address and its assignment; false when there is no such address.</summary>
    Task<bool> RemoveAddressAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>The address, or null.</summary>
    Task<SiteAddress?> GetAddressAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>The live address with this name, or null.</summary>
    Task<SiteAddress?> FindAddressAsync(DnsName name, CancellationToken cancellationToken);

    /// <summary>A site's addresses, by sequence.</summary>
    Task<IReadOnlyList<SiteAddress>> ListAddressesAsync(Guid siteId, CancellationToken cancellationToken);

    /// <summary>Every live address (of one tenant, or all for null), by sequence.</summary>
    Task<IReadOnlyList<SiteAddress>> ListAllAddressesAsync(Guid? tenantId, CancellationToken cancellationToken);

    /// <summary>The tenant's addresses with a custom certificate attached, by sequence (a few among thousands).</summary>
    Task<IReadOnlyList<SiteAddress>> ListAttachedAddressesAsync(Guid tenantId, CancellationToken cancellationToken);
}
