namespace Certsmith.Core.Certificates;

/// <summary>The managed certificate the policy chose for an address (DESIGN.md, "assignment").</summary>
/// <param name="AddressId">The address.</param>
/// <param name="CertificateId">The certificate.</param>
/// <param name="Reason">Why the policy chose it, for the address's history.</param>
/// <param name="AssignedAt">When.</param>
/// <param name="WaitingFor">
/// The wildcard this address belongs under but which cannot be obtained yet: the assigned certificate is a
/// stand-in of its own, and the address moves to the wildcard once it is issued (DESIGN.md, "What to order").
/// </param>
public sealed record Assignment(Guid AddressId, Guid CertificateId, string Reason, DateTimeOffset AssignedAt, Guid? WaitingFor = null);
