using Certsmith.Core.Certificates;

namespace Certsmith.Core.Policy;

/// <summary>
/// The rules of DESIGN.md, "What to order when an address appears", as a pure function of the stored
/// state, so that a start-up reconcile and a live addition decide the same way.
/// </summary>
public static class CertificatePolicy
{
    /// <summary>Decides for one address.</summary>
    public static PolicyDecision Decide(PolicyInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var name = input.Address.Name;

        // 1. A valid or in-flight managed certificate of the same tenant covers it: reuse, order nothing.
        //    Exact names before wildcards, then the one that lives longest.
        var covering = input.CoveringCertificates
            .Where(c => c.Kind == CertificateKind.Managed && c.TenantId == input.Address.TenantId && c.Covers(name))
            .Where(c => c.State is CertificateState.Pending or CertificateState.Failed || (c.State == CertificateState.Valid && c.NotAfter > input.Now))
            .OrderBy(c => c.Names.Any(n => n == name) ? 0 : 1)
            .ThenByDescending(c => c.NotAfter ?? DateTimeOffset.MaxValue)
            .FirstOrDefault();
        if (covering is not null)
        {
            var what = covering.State == CertificateState.Valid ? "valid" : "already being obtained";
            return new PolicyDecision(PolicyDecisionKind.AssignExisting, covering.Id, covering.Names,
                $"certificate for {string.Join(", ", covering.Names)} is {what} and covers {name}");
        }

        // 2. Enough live children of the parent, and the tenant may have the wildcard: order *.parent.
        if (name.Parent is { LabelCount: >= 2 } parent && name.WildcardOfParent is { } wildcard && input.MayHaveWildcard(parent))
        {
            var children = input.ChildrenOfParent;
            if (children >= input.WildcardThreshold)
            {
                return new PolicyDecision(PolicyDecisionKind.OrderWildcard, null, [wildcard],
                    $"{children} addresses under {parent} reach the wildcard threshold of {input.WildcardThreshold}");
            }
        }

        // 3. Otherwise a certificate for this name alone.
        return new PolicyDecision(PolicyDecisionKind.OrderSingle, null, [name], $"new address {name}: a certificate of its own");
    }
}
