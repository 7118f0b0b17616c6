namespace Certsmith.Api.Contracts;

/// <summary>An address a custom certificate is now attached to.</summary>
/// <param name="Id">The address.</param>
/// <param name="Name">Its host name.</param>
/// <param name="CustomCertificateId">The certificate attached to it.</param>
public sealed record AttachedAddressResponse(Guid Id, string Name, Guid? CustomCertificateId);
