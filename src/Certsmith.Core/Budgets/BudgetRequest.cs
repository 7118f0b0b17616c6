using Certsmith.Core.Names;

namespace Certsmith.Core.Budgets;

/// <summary>An order the platform is about to send, as the CA's limits see it.</summary>
/// <param name="CertificateId">The certificate it is for.</param>
/// <param name="Names">The names it orders.</param>
/// <param name="Kind">How the CA counts it.</param>
/// <param name="Urgent">A renewal with under a sixth of its lifetime left: it goes before new names.</param>
public sealed record BudgetRequest(Guid CertificateId, IReadOnlyList<DnsName> Names, OrderKind Kind, bool Urgent);
