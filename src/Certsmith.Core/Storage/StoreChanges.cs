namespace Certsmith.Core.Storage;

/// <summary>
/// What changed in the store between two change stamps (see <see cref="ICertificateStore.GetChangesSinceAsync"/>):
/// ids only, so a reader re-reads just those records; an id whose record is gone was removed.
/// </summary>
/// <param name="Stamp">The change stamp these changes bring the reader up to.</param>
/// <param name="CertificateIds">Certificates added or updated (renewed, retired, ...).</param>
/// <param name="AddressIds">Addresses added or removed, or whose assignment changed.</param>
/// <param name="SiteIds">Sites whose settings changed or that were removed.</param>
public sealed record StoreChanges(long Stamp, IReadOnlyCollection<Guid> CertificateIds, IReadOnlyCollection<Guid> AddressIds, IReadOnlyCollection<Guid> SiteIds)
{
    /// <summary>Whether nothing changed.</summary>
    public bool IsEmpty => CertificateIds.Count == 0 && AddressIds.Count == 0 && SiteIds.Count == 0;
}
