using Certsmith.Core.Names;

namespace Certsmith.Core.Policy;

/// <summary>What the policy decided for an address (DESIGN.md, "What to order when an address appears").</summary>
public enum PolicyDecisionKind
{
    /// <summary>A valid or in-flight certificate of the tenant covers it: assign that one, order nothing.</summary>
    AssignExisting,

    /// <summary>Order the wildcard of the address's parent (DNS-01) and assign it.</summary>
    OrderWildcard,

    /// <summary>Order a certificate for this one name.</summary>
    OrderSingle,
}

/// <summary>The decision and its reason, recorded as an event on the address.</summary>
/// <param name="Kind">What to do.</param>
/// <param name="ExistingCertificateId">The certificate to assign, for <see cref="PolicyDecisionKind.AssignExisting"/>.</param>
/// <param name="Names">The names to order, otherwise.</param>
/// <param name="Reason">Why, in words for the tenant.</param>
public sealed record PolicyDecision(PolicyDecisionKind Kind, Guid? ExistingCertificateId, IReadOnlyList<DnsName> Names, string Reason)
{
    /// <summary>The wildcard that covers the address but cannot be obtained for now: this decision is a stand-in for it.</summary>
    public Guid? WaitingFor { get; init; }
}
