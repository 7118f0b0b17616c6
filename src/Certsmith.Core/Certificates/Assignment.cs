namespace Certsmith.Core.Certificates;

/// <summary>The managed certificate the policy chose for an address (DESIGN.md, "assignment").</summary>
/// <param name="AddressId">The address.</param>
/// <param name="CertificateId">The certificate.</param>
/// <param name="Reason">Why the policy chose it, for the address's history.</param>
/// <param name="AssignedAt">When.</param>
public sealed record Assignment(Guid AddressId, Guid CertificateId, string Reason, DateTimeOffset AssignedAt);
