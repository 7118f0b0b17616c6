using System.Text.Json;
using Certsmith.Core.Budgets;
using Certsmith.Core.Certificates;
using Certsmith.Core.Events;
using Certsmith.Core.Platform;
using Certsmith.Core.Tenancy;

namespace Certsmith.Api.Contracts;

/// <summary>Core records to the API's shapes. Only what a tenant may see: no hashes, no key material, no chain.</summary>
internal static class ContractMapping
{
    public static TenantResponse ToResponse(this Tenant tenant) => new(tenant.Id, tenant.Name, tenant.WildcardThreshold, tenant.CreatedAt, tenant.WebhookUrl?.ToString());

    public static TokenResponse ToResponse(this ApiToken token) => new(token.Id, token.TenantId, token.Name, token.CreatedAt, token.RevokedAt);

    public static DomainResponse ToResponse(this Domain domain, bool withVerification) => new(
        domain.Id,
        domain.Name.Value,
        Wire(domain.Kind),
        Wire(domain.State),
        domain.CreatedAt,
        withVerification && domain.Kind == DomainKind.External ? new DomainVerificationResponse(domain.VerificationRecordName, "TXT", domain.VerificationToken) : null,
        domain.CheckedAt,
        domain.CheckError);

    public static DelegationResponse ToResponse(this ChallengeDelegation delegation) =>
        new(delegation.Id, delegation.Parent.Value, delegation.RecordName, "CNAME", delegation.Target, delegation.Verified, delegation.CheckedAt, delegation.CheckError, delegation.CreatedAt);

    public static SiteResponse ToResponse(this Site site) =>
        new(site.Id, site.Name, site.Backend?.ToString(), site.ForceHttps, (long?)site.HstsMaxAge?.TotalSeconds, site.HstsIncludeSubDomains, site.HstsPreload, site.CreatedAt);

    public static SiteDetailResponse ToDetail(this Site site, IReadOnlyList<AddressResponse> addresses) =>
        new(site.Id, site.Name, site.Backend?.ToString(), site.ForceHttps, (long?)site.HstsMaxAge?.TotalSeconds, site.HstsIncludeSubDomains, site.HstsPreload, site.CreatedAt, addresses);

    public static AddressResponse ToResponse(this SiteAddress address, CertificateRecord? certificate) => new(
        address.Id,
        address.SiteId,
        address.Name.Value,
        address.CreatedAt,
        certificate?.Id,
        certificate is null ? null : Wire(certificate.State),
        ExpectedAt(certificate),
        certificate?.LastError,
        address.CustomCertificateId);

    public static AddressDetailResponse ToDetail(this SiteAddress address, Site site, CertificateRecord? certificate, IEnumerable<PlatformEvent> events) => new(
        address.Id,
        address.Name.Value,
        site.Id,
        site.Name,
        address.CreatedAt,
        certificate?.Id,
        certificate is null ? null : Wire(certificate.State),
        ExpectedAt(certificate),
        certificate?.LastError,
        events.Select(ToResponse).ToList());

    public static CertificateResponse ToResponse(this CertificateRecord certificate) => new(
        certificate.Id,
        Wire(certificate.Kind),
        certificate.Names.Select(n => n.Value).ToList(),
        Wire(certificate.State),
        certificate.NotBefore,
        certificate.NotAfter,
        certificate.Issuer,
        certificate.SerialNumber,
        certificate.LastError,
        certificate.NextAttemptAt,
        certificate.RenewAt,
        certificate.CreatedAt,
        certificate.UpdatedAt,
        certificate.Requested,
        certificate.Unobtainable);

    public static QueueEntryResponse ToResponse(this QueueEntry entry) => new(
        entry.Item.Id,
        entry.Item.Kind,
        entry.Item.SubjectId,
        entry.Item.DueAt,
        entry.Item.Attempts,
        entry.Item.LeaseOwner,
        entry.Item.LeaseUntil,
        entry.Item.LastError,
        entry.Certificate?.ToResponse(),
        entry.Tenant?.Id,
        entry.Tenant?.Name);

    public static BudgetResponse ToResponse(this BudgetUsage usage) =>
        new(usage.Scope, usage.Description, usage.Used, usage.Limit, (long)usage.Window.TotalSeconds, usage.FreesAt, usage.HeldUntil, usage.HoldReason);

    public static FailureResponse ToResponse(this FailingCertificate failing) => new(failing.Certificate.ToResponse(), failing.Tenant.Id, failing.Tenant.Name);

    public static EventResponse ToResponse(this PlatformEvent e) => new(e.Id, e.At, e.Kind, e.Message, e.CertificateId, e.AddressId);

    /// <summary>Enum values as the API spells them: camelCase, like the JSON property names.</summary>
    public static string Wire<T>(T value)
        where T : struct, Enum => JsonNamingPolicy.CamelCase.ConvertName(value.ToString());

    // "Certificate expected at": only meaningful while the certificate is still to come.
    private static DateTimeOffset? ExpectedAt(CertificateRecord? certificate) =>
        certificate is { State: CertificateState.Pending or CertificateState.Failed } ? certificate.NextAttemptAt : null;
}
