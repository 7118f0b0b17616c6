namespace Certsmith.Api.Contracts;

/// <summary>One entry of a history.</summary>
/// <param name="Id">Increasing identifier.</param>
/// <param name="At">When.</param>
/// <param name="Kind">A short machine-readable kind, e.g. "policy.order-single".</param>
/// <param name="Message">What happened.</param>
/// <param name="CertificateId">The certificate it is about, if any.</param>
/// <param name="AddressId">The address it is about, if any.</param>
public sealed record EventResponse(long Id, DateTimeOffset At, string Kind, string Message, Guid? CertificateId, Guid? AddressId);
