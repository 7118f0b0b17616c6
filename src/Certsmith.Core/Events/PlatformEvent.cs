namespace Certsmith.Core.Events;

/// <summary>One entry of the history of a certificate and/or an address: a decision, an attempt, a result.</summary>
/// <param name="Id">Store-assigned, increasing.</param>
/// <param name="TenantId">Whose it is.</param>
/// <param name="CertificateId">The certificate it is about, if any.</param>
/// <param name="AddressId">The address it is about, if any.</param>
/// <param name="At">When.</param>
/// <param name="Kind">A short machine-readable kind, e.g. "policy.single", "order.created", "certificate.issued".</param>
/// <param name="Message">What happened, in words for the tenant; never a secret.</param>
public sealed record PlatformEvent(long Id, Guid TenantId, Guid? CertificateId, Guid? AddressId, DateTimeOffset At, string Kind, string Message);
